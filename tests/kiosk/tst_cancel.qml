// Cancel a job from the queue screen (and retry it), and stop a running job from its progress
// screen: discusd refuses a cancel while a copy is being written (409, PS3.4 S.3.2.3) and the kiosk
// says so in words. On stdio: a copy is physical almost all the time, so whether a tap lands between
// two copies is up to timing: the test accepts either end, and checks each one's evidence.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Cancel"
        when: windowShown
        SignalSpy { id: refusals; target: jobs; signalName: "actionFailed" }

        function test_cancel_and_retry() {
            h.waitService()
            var first = h.startBurn(testEnv.FOLDER, 20)
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

            // the long one: tap Stop until the service accepts or the job ends
            h.tap("open-" + first)
            h.waitScreen("burn-progress")
            compare(burn.jobId, first)
            refusals.clear()
            for (var i = 0; i < 600; ++i) {
                var state = jobs.job(first).jobState
                if (state === "cancelled" || state === "done") break
                if (h.find("burnCancel") && h.find("burnCancel").visible) mouseClick(h.find("burnCancel"))
                wait(50)
            }
            var end = jobs.job(first).jobState
            verify(end === "cancelled" || end === "done", "the long job ended: " + end)
            if (end === "cancelled") {
                tryCompare(burn, "stage", "failed", 5000)
                verify(burn.failureReason !== "")
                verify(h.item("burnFailure").visible)
            } else {
                // every tap landed on a copy being written: each refusal was said in words
                verify(refusals.count > 0, "a refused Stop is reported")
                verify(String(refusals.signalArguments[0][0]).indexOf(String(first)) >= 0, refusals.signalArguments[0][0])
                tryCompare(burn, "stage", "done", 5000)
            }
        }
    }
}
