// The top of every screen but home: a back button (mirrored to the right in Arabic) and the title.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

RowLayout {
    id: header
    property string title
    property bool canGoBack: true
    signal back()
    spacing: theme.spacing
    KButton {
        objectName: "backButton"
        visible: header.canGoBack
        text: qsTr("Back")
        Layout.preferredWidth: Math.max(implicitWidth, theme.touch * 2)
        onClicked: header.back()
    }
    Label {
        objectName: "screenTitle"
        Layout.fillWidth: true
        text: header.title
        font.pixelSize: theme.fontTitle
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }
}
