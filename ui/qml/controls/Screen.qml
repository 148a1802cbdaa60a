// The frame of a screen: its header (Back + title) and a scrollable column for the content, so a
// long translation or a portrait screen scrolls instead of cutting text.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

Item {
    id: screen
    property string title
    property bool canGoBack: true
    property alias header: header
    default property alias content: column.data
    readonly property real pad: theme.spacing * 1.5
    function go(name) { StackView.view.go(name) }
    function back() { StackView.view.goBack() }
    function home() { StackView.view.goHome() }

    ScreenHeader {
        id: header
        title: screen.title
        canGoBack: screen.canGoBack
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.pad }
        onBack: screen.back()
    }
    Flickable {
        id: flick
        anchors { left: parent.left; right: parent.right; top: header.bottom; bottom: parent.bottom; margins: screen.pad }
        contentHeight: column.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ColumnLayout {
            id: column
            width: flick.width
            spacing: theme.spacing
        }
    }
}
