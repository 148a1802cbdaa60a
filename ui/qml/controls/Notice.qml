// A sentence for the operator: information, a warning or an error, in colour and in words.
import QtQuick
import QtQuick.Controls.Basic

Rectangle {
    id: notice
    property string text
    property string kind: "info"   // info, warning, error
    visible: text !== ""
    implicitHeight: label.implicitHeight + 2 * theme.spacing
    implicitWidth: label.implicitWidth + 2 * theme.spacing
    radius: 6
    color: kind === "error" ? theme.danger : kind === "warning" ? theme.warning : theme.surface
    border.color: theme.border
    border.width: theme.highContrast ? 3 : 1
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text
    Label {
        id: label
        anchors.fill: parent
        anchors.margins: theme.spacing
        text: notice.text
        wrapMode: Text.WordWrap
        font.pixelSize: theme.fontBody
        color: notice.kind === "info" ? theme.text : theme.onAccent
    }
}
