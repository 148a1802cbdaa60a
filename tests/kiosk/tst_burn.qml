// Burn a study to completion through the screens, against a real discusd with a stdio: drive.
// The store's study list may answer 501 today: the screen must then say so, and a folder is used.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Burn"
        when: windowShown

        function test_1_store_search_says_what_it_can() {
            h.waitService()
            h.root.home()
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            tryVerify(function () { return burn.studies.status === "ready" || burn.studies.status === "unavailable" }, 10000)
            if (burn.studies.status === "unavailable") {
                // said in words on the screen, and the folder is offered instead
                var notice = h.item("studiesNotice")
                verify(notice.visible && notice.text.indexOf("cannot be searched") >= 0, notice.text)
                verify(h.item("folderField").visible)
            }
        }

        function test_2_burn_folder_to_completion() {
            h.waitService()
            var id = h.startBurn(testEnv.FOLDER, 2)
            compare(burn.stage, "running")
            verify(h.item("burnProgress").visible)
            tryCompare(burn, "stage", "done", 180000)
            compare(burn.copiesDone, 2)
            compare(burn.progress, 1)
            verify(h.item("burnDone").visible)
            compare(jobs.job(id).jobState, "done")
            compare(jobs.job(id).copiesDone, 2)
            h.tap("burnFinish")
            h.waitScreen("home")
            compare(burn.patientName, "")
            compare(burn.jobId, 0)
        }

        function test_3_a_refused_job_is_explained() {
            h.waitService()
            h.startBurn(testEnv.FOLDER + "/does-not-exist", 1, true)
            tryCompare(burn, "stage", "failed", 10000)
            verify(burn.failureReason.length > 10, burn.failureReason)
            verify(h.item("burnFailure").visible)
        }
    }
}
