// Cancel a job from the queue screen (and retry it), and stop a running job from its progress
// screen: discusd refuses a cancel while a copy is being written (409), the kiosk says so and the
// operator's next tap goes through.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Cancel"
        when: windowShown

        function test_cancel_and_retry() {
            h.waitService()
            var first = h.startBurn(testEnv.FOLDER, 90)  // long enough to be running when Stop is tapped, on a fast machine too
            h.tap("burnFinish")          // back home while it runs
            h.waitScreen("home")
            var second = h.startBurn(testEnv.FOLDER, 1)
            verify(second > first)
            h.root.home()
            h.tap("homeQueue")
            h.waitScreen("queue")
            tryVerify(function () { return h.find("cancel-" + second) !== null }, 10000, "job " + second + " listed")
            compare(jobs.job(second).canCancel, true)
            h.tap("cancel-" + second)
            tryVerify(function () { return jobs.job(second).jobState === "cancelled" }, 10000)
            h.tap("retry-" + second)
            tryVerify(function () { var s = jobs.job(second).jobState; return s === "queued" || s === "running" }, 10000)
            h.tap("cancel-" + second)
            tryVerify(function () { return jobs.job(second).jobState === "cancelled" }, 10000)

            // the long one: tap Stop until the service accepts (it refuses while a copy is physical)
            h.tap("open-" + first)
            h.waitScreen("burn-progress")
            compare(burn.jobId, first)
            for (var i = 0; i < 60 && jobs.job(first).jobState !== "cancelled"; ++i) {
                if (h.find("burnCancel") && h.find("burnCancel").visible) mouseClick(h.find("burnCancel"))
                wait(500)
            }
            compare(jobs.job(first).jobState, "cancelled")
            tryCompare(burn, "stage", "failed", 5000)
            verify(burn.failureReason !== "")
            verify(h.item("burnFailure").visible)
        }
    }
}
