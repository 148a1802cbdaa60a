// discusd restarts under a running kiosk (kiosk_flows_test.py stops and starts it a few seconds
// after this suite begins): the banner says so in words, the kiosk reconnects by itself, the banner
// goes, and the queue is loaded again from the new daemon.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Reconnect"
        when: windowShown
        function test_banner_while_discusd_restarts() {
            h.waitService()
            var banner = h.item("reconnectBanner")
            verify(!banner.visible)
            var before = jobs.count
            verify(before > 0)
            tryCompare(kiosk, "connected", false, 30000)
            verify(banner.visible)
            verify(banner.Accessible.name.indexOf("restarted") >= 0, banner.Accessible.name)
            tryCompare(kiosk, "connected", true, 30000)
            verify(!banner.visible)
            tryVerify(function () { return jobs.count >= before }, 10000, "the queue reloaded")
        }
    }
}
