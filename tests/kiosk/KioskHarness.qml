// The kiosk in a test window, with helpers the flow suites share: tap a control by objectName (it
// must exist, be visible and enabled: a test taps what a person could tap) and wait for a screen.
import QtQuick
import QtTest
import QtQuick.Controls.Basic
import "qrc:/kiosk/qml"

Item {
    id: harness
    width: 1024
    height: 600
    property alias root: kioskRoot
    property TestCase test
    KioskRoot {
        id: kioskRoot
        anchors.fill: parent
    }
    // The item named so that a person can see (visual tree, depth first), else any of that name.
    function find(name) {
        var hidden = null
        function walk(it) {
            if (it.objectName === name) {
                if (it.visible) return it
                if (hidden === null) hidden = it
            }
            var kids = it.children
            for (var i = 0; kids && i < kids.length; ++i) {
                var r = walk(kids[i])
                if (r !== null) return r
            }
            // a StackView keeps its screens under its contentItem, which is not among its children
            if (it.contentItem !== undefined && it.contentItem !== null && it instanceof StackView)
                return walk(it.contentItem)
            return null
        }
        var found = walk(kioskRoot)
        return found !== null ? found : hidden
    }
    function item(name) {
        var it = find(name)
        test.verify(it !== null, "no item named " + name + " on screen " + kioskRoot.current)
        return it
    }
    // Scroll the screen so the item is in view, as a person would before tapping it.
    function reveal(it) {
        for (var p = it.parent; p; p = p.parent) {
            if (p.contentY !== undefined && p.contentHeight !== undefined && p.contentItem !== undefined) {
                var pos = it.mapToItem(p.contentItem, 0, 0)
                var most = Math.max(0, p.contentHeight - p.height)
                p.contentY = Math.max(0, Math.min(most, pos.y - p.height / 2 + it.height / 2))
                return
            }
        }
    }
    function tap(name) {
        var it = item(name)
        test.tryVerify(function () { return it.visible && it.enabled }, 10000, name + " visible and enabled")
        reveal(it)
        test.wait(0)
        test.mouseClick(it)
        return it
    }
    function waitScreen(name, ms) {
        test.tryCompare(kioskRoot, "current", name, ms || 5000)
        test.tryVerify(function () { return find(name) !== null }, 5000, "screen " + name + " shown")
    }
    function waitService() {
        test.tryCompare(kiosk, "connected", true, 15000)
        test.tryVerify(function () { return devices.count > 0 }, 10000, "the service lists its drive")
    }
    // Burn flow from home to the progress screen: three taps reach "which study", a folder is typed
    function startBurn(folder, copies, refused) {
        kioskRoot.home()
        tap("homeBurn")
        waitScreen("burn-find")
        var field = tap("folderField")
        field.text = folder
        tap("useFolder")
        waitScreen("burn-options")
        tap("medium-cd")
        for (var i = 1; i < copies; ++i) tap("copiesMore")
        test.compare(burn.copies, copies)
        tap("optionsNext")
        waitScreen("burn-confirm")
        tap("confirmBurn")
        waitScreen("burn-progress")
        if (refused) return 0
        test.tryVerify(function () { return burn.jobId > 0 }, 10000, "the job was submitted")
        return burn.jobId
    }
}
