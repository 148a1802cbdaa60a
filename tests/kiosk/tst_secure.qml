// An encrypted disc (kiosk_flows_test.py, a real discusd with a stdio: drive): protect with a
// password, the confirmation says so, the service's password is shown once, large, and printed as
// a slip (the harness's print command keeps the PDF: it checks the words, and that the password
// opens the burnt disc's files); "It is written down" forgets it.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Secure"
        when: windowShown

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

        function test_1_password_shown_once_and_printed() {
            h.waitService()
            burnTo(1, true)
            verify(burn.mediumPassword.length >= 12, "the service's password: " + burn.mediumPassword.length + " characters")
            var panel = h.item("passwordPanel")
            verify(panel.visible)
            compare(h.item("mediumPassword").text, burn.mediumPassword)
            console.log("kiosk-shown-password " + burn.mediumPassword)  // the harness opens the disc with it
            h.tap("printSlip")
            tryVerify(function () { return burn.slipMessage.indexOf("sent to the printer") >= 0 }, 15000, burn.slipMessage)
            tryCompare(burn, "stage", "done", 120000)
            verify(panel.visible, "still shown after the burn, until the person says it is written down")
            h.tap("passwordNoted")
            compare(burn.mediumPassword, "")
            verify(!h.item("passwordPanel").visible)
            h.tap("burnFinish")
            h.waitScreen("home")
        }

    }
}
