// Restart, part B: a new kiosk on the same discusd finds the running job by itself, shows it on
// home and in the queue, and its progress screen shows the copies the service has verified.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "RestartB"
        when: windowShown
        function test_running_job_with_true_progress() {
            var id = parseInt(testEnv.JOB)
            var minDone = parseInt(testEnv.MIN_DONE)
            h.waitService()
            tryVerify(function () { return jobs.job(id).jobState === "running" }, 10000, "job " + id + " is running")
            verify(jobs.activeCount >= 1)
            h.tap("homeQueue")
            h.waitScreen("queue")
            h.tap("open-" + id)
            h.waitScreen("burn-progress")
            compare(burn.jobId, id)
            compare(burn.stage, "running")
            verify(burn.copiesDone >= minDone, "shows " + burn.copiesDone + " verified copies, the service had " + minDone)
            verify(burn.progress >= minDone / 90, "progress " + burn.progress)
            verify(h.item("burnCopies").text.indexOf(String(burn.copiesDone)) >= 0, h.item("burnCopies").text)
            console.log("restart-b-shows " + burn.copiesDone)
            // the live stream moves it on: the next verified copy arrives without a reload
            var shown = burn.copiesDone
            tryVerify(function () { return burn.copiesDone > shown }, 30000, "live progress")
            verify(burn.timeLeftText !== "")
        }
    }
}
