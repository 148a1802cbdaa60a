// discus-kiosk's window: full screen under cage, or the --size given.
import QtQuick
import QtQuick.Window

Window {
    id: window
    width: 1024
    height: 600
    visible: true
    title: qsTr("Discus media station")
    color: theme.background
    function showScreen(name) { return kioskRoot.showScreen(name) }
    KioskRoot {
        id: kioskRoot
        objectName: "kioskRoot"
        anchors.fill: parent
        // the window already clears to the background: a second full-screen fill per frame is
        // what a station without a GPU can least afford (bench/kiosk.sh)
        color: "transparent"
    }
}
