// "Stop after this copy" on a running 30-copy job (kiosk_flows_test.py, a real discusd with a
// stdio: drive; POST /v1/jobs/{id}/cancel with when after-current-copy): the copy in hand is
// finished and checked, no further one starts, the job ends cancelled with its verified discs
// counted, and the progress screen says "Stopped as asked" with how many were made.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Stop"
        when: windowShown
        SignalSpy { id: refusals; target: jobs; signalName: "actionFailed" }

        function burnTo(copies, encrypt) {
            h.root.home()
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            h.tap("folderField").text = testEnv.FOLDER
            h.tap("useFolder")
            h.waitScreen("burn-options")
            h.tap("medium-cd")
            if (encrypt) {
                h.tap("encrypt")
                compare(burn.encrypt, true)
                verify(h.item("encryptNote").visible && h.item("encryptNote").text.indexOf("password") >= 0)
            }
            for (var i = 1; i < copies; ++i) h.tap("copiesMore")
            h.tap("optionsNext")
            h.waitScreen("burn-confirm")
            compare(h.item("confirmEncrypted").visible, encrypt)
            h.tap("confirmBurn")
            h.waitScreen("burn-progress")
            tryVerify(function () { return burn.jobId > 0 || burn.stage === "failed" }, 15000, "the job was submitted")
            compare(burn.stage !== "failed", true, burn.failureReason)
        }

        function test_stop_after_this_copy() {
            h.waitService()
            burnTo(30, false)
            var id = burn.jobId
            tryVerify(function () { return burn.canStopAfterCopy }, 30000, "running with copies to go")
            h.tap("burnStopAfterCopy")
            tryVerify(function () { return burn.stopping || refusals.count > 0 }, 15000, "the service took the request")
            compare(refusals.count, 0, refusals.count > 0 ? refusals.signalArguments[0][0] : "")
            tryVerify(function () { return h.item("burnStopping").visible || burn.stage !== "running" }, 10000)
            tryCompare(burn, "stage", "done", 120000)
            verify(burn.copiesDone >= 1 && burn.copiesDone < 30, burn.copiesDone + " discs made")
            verify(burn.doneNote.indexOf("Stopped as asked") >= 0, burn.doneNote)
            compare(jobs.job(id).jobState, "cancelled")
            console.log("kiosk-stopped-job " + id + " " + burn.copiesDone)
        }
    }
}
