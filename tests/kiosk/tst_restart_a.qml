// Restart, part A: start a long burn through the screens and keep watching it until the harness
// kills this process with SIGKILL (kiosk_flows_test.py), mid-burn.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "RestartA"
        when: windowShown
        function test_start_and_be_killed() {
            h.waitService()
            var id = h.startBurn(testEnv.FOLDER, 90)
            console.log("restart-job " + id)
            tryVerify(function () { return burn.copiesDone >= 1 }, 19000, "a copy is verified")
            console.log("restart-a-sees " + burn.copiesDone)
            wait(19000)  // killed before this ends
            fail("the harness should have killed this kiosk")
        }
    }
}
