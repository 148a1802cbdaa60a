// A robot out of blank discs, against the real simulator (kiosk_robot_test.py: `discus robot-sim
// --vendor primera --blanks 1`, discusd --robot primera:SPOOL): a 2-copy burn goes to the robot,
// which stops after the first disc; the kiosk says the robot needs a person, why and what to do,
// on the progress screen and under Drives and robots (in German too); once the harness has loaded
// blanks (after "kiosk-shows-robot-needs-person") the robot is ready again and the burn finishes.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Robot"
        when: windowShown
        function robot() { return robots.count > 0 ? robots.get(0) : ({}) }

        function test_out_of_blanks_then_refilled() {
            tryCompare(kiosk, "connected", true, 15000)
            tryVerify(function () { return robot().state === "ready" }, 15000, "the robot is listed, ready")
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            h.tap("folderField").text = testEnv.FOLDER
            h.tap("useFolder")
            h.waitScreen("burn-options")
            h.tap("medium-robot")
            h.tap("copiesMore")
            compare(burn.copies, 2)
            h.tap("optionsNext")
            h.waitScreen("burn-confirm")
            h.tap("confirmBurn")
            h.waitScreen("burn-progress")
            tryVerify(function () { return burn.jobId > 0 }, 10000, "the job was submitted")

            // one blank: the robot stops and needs a person; the kiosk says so where the person looks
            tryVerify(function () { return robot().state === "needs-attention" }, 60000, "the robot ran out of blanks")
            var notice = h.item("robotAttention")
            tryVerify(function () { return notice.visible }, 5000, "the progress screen says the robot needs a person")
            verify(notice.text.indexOf("needs a person") >= 0 && notice.text.indexOf("blank discs") >= 0, notice.text)
            verify(notice.text.indexOf("Out of Discs") >= 0, "the robot's own words too: " + notice.text)
            compare(burn.stage, "running")
            h.tap("backButton")
            h.root.home()
            h.tap("homeDevices")
            h.waitScreen("devices")
            var row = h.item("robot-primera")
            var advice = h.item("robotAdvice-primera")
            verify(advice.visible && advice.text.indexOf("Out of blank discs") >= 0, advice.text)
            verify(row.Accessible.name.indexOf("Needs a person") >= 0, row.Accessible.name)
            // the same in German: the service's English reason is not what a person reads
            kiosk.setLanguage("de")
            tryVerify(function () { return h.item("robotAdvice-primera").text.indexOf("Rohlinge") >= 0 }, 5000,
                      "German advice: " + h.item("robotAdvice-primera").text)
            kiosk.setLanguage("en")

            console.log("kiosk-shows-robot-needs-person")  // the harness loads blanks now
            tryVerify(function () { return robot().state !== "needs-attention" }, 60000, "ready again after the refill")
            tryVerify(function () { return h.item("robotAdvice-primera").text.indexOf("Out of blank discs") < 0 }, 10000,
                      "the advice went: " + h.item("robotAdvice-primera").text)
            h.root.home()
            burn.follow(burn.jobId)
            h.root.go("burn-progress")
            tryCompare(burn, "stage", "done", 120000)
            compare(burn.copiesDone, 2)
            verify(!h.item("robotAttention").visible)
        }
    }
}
