// The whole kiosk as one item (Main.qml puts it in a window, the Qt Quick tests in theirs): the
// reconnect banner, a stack of screens starting at home, the on-screen keyboard, mirroring for
// right-to-left languages. Navigation only; every decision is in the C++ view models.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import "controls"
import "screens"

Rectangle {
    id: root
    color: theme.background
    LayoutMirroring.enabled: kiosk.rightToLeft
    LayoutMirroring.childrenInherit: true
    onWidthChanged: theme.fit(width, height)
    onHeightChanged: theme.fit(width, height)

    readonly property var screenFiles: ({
        "home": "screens/HomeScreen.qml",
        "burn-find": "screens/BurnFindScreen.qml",
        "burn-pacs": "screens/BurnFindScreen.qml",
        "burn-options": "screens/BurnOptionsScreen.qml",
        "burn-confirm": "screens/BurnConfirmScreen.qml",
        "burn-progress": "screens/BurnProgressScreen.qml",
        "burn-password": "screens/BurnProgressScreen.qml",
        "burn-done": "screens/BurnProgressScreen.qml",
        "burn-failed": "screens/BurnProgressScreen.qml",
        "queue": "screens/QueueScreen.qml",
        "devices": "screens/DevicesScreen.qml",
        "import": "screens/ImportScreen.qml",
        "import-inventory": "screens/ImportScreen.qml",
        "admin-pin": "screens/AdminPinScreen.qml",
        "admin": "screens/AdminScreen.qml",
        "admin-settings": "screens/AdminSettingsScreen.qml"
    })
    property string current: "home"

    // Go to a screen from home (what a person does in one touch), keeping home underneath for Back.
    function showScreen(name) {
        if (!(name in screenFiles)) return false
        stack.clear(StackView.Immediate)
        stack.push(Qt.resolvedUrl(screenFiles["home"]), {}, StackView.Immediate)
        if (name !== "home")
            stack.push(Qt.resolvedUrl(screenFiles[name]), {}, StackView.Immediate)
        current = name
        return true
    }
    function go(name) {
        if (!(name in screenFiles)) return
        stack.push(Qt.resolvedUrl(screenFiles[name]), {}, StackView.Immediate)
        current = name
    }
    function back() {
        if (stack.depth > 1) stack.pop(StackView.Immediate)
        current = stack.currentItem ? stack.currentItem.objectName : "home"
    }
    function home() {
        while (stack.depth > 1) stack.pop(StackView.Immediate)
        current = "home"
    }

    Component.onCompleted: showScreen("home")
    Connections {
        target: kiosk
        function onHomeRequested() { root.home() }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        Rectangle {
            objectName: "reconnectBanner"
            Layout.fillWidth: true
            visible: !kiosk.connected
            implicitHeight: bannerText.implicitHeight + 2 * theme.spacing
            color: theme.warning
            Accessible.role: Accessible.AlertMessage
            Accessible.name: bannerText.text
            Label {
                id: bannerText
                anchors.fill: parent
                anchors.margins: theme.spacing
                wrapMode: Text.WordWrap
                color: theme.onAccent
                font.pixelSize: theme.fontBody
                font.bold: true
                text: kiosk.everConnected ? qsTr("The media service restarted. Reconnecting…")
                                          : qsTr("Waiting for the media service…")
            }
        }
        StackView {
            id: stack
            objectName: "stack"
            Layout.fillWidth: true
            Layout.fillHeight: true
            function go(name) { root.go(name) }
            function goBack() { root.back() }
            function goHome() { root.home() }
        }
        InputPanel {
            id: keyboard
            Layout.fillWidth: true
            visible: active
        }
    }
}
