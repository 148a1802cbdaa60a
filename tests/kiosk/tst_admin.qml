// Administration: sign in with the service (POST /v1/auth/session), see users and the audit trail,
// set a PIN, lock, a wrong PIN refused, the right PIN unlocks; the idle timeout locks it again,
// goes home and forgets the patient.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Admin"
        when: windowShown
        function test_1_sign_in_pin_and_lock() {
            h.waitService()
            h.tap("homeAdmin")
            h.waitScreen("admin-pin")
            compare(admin.hasPin, false)
            h.tap("userField").text = "kioskadmin"
            h.tap("secretField").text = "wrong secret of length"
            h.tap("signIn")
            tryVerify(function () { return admin.message !== "" }, 10000)
            compare(admin.unlocked, false)
            h.tap("secretField").text = testEnv.ADMIN_SECRET
            h.tap("signIn")
            tryCompare(admin, "unlocked", true, 10000)
            h.waitScreen("admin")
            tryVerify(function () { return admin.users.count >= 1 }, 10000, "users listed")
            tryVerify(function () { return admin.audit.count >= 1 }, 10000, "audit records listed")
            h.tap("newPinField").text = "4711"
            h.tap("setPin")
            compare(admin.hasPin, true)
            h.tap("adminLock")
            h.waitScreen("home")
            compare(admin.unlocked, false)
            h.tap("homeAdmin")
            h.waitScreen("admin-pin")
            h.tap("pinField").text = "1234"
            h.tap("pinUnlock")
            compare(admin.unlocked, false)
            verify(admin.message !== "")
            h.tap("pinField").text = "4711"
            h.tap("pinUnlock")
            compare(admin.unlocked, true)
            h.waitScreen("admin")
        }
        function test_2_idle_timeout_goes_home_and_forgets() {
            h.waitService()
            h.root.home()
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            h.tap("folderField").text = "/srv/in/study-1"
            h.tap("useFolder")
            h.waitScreen("burn-options")
            verify(burn.sourceText !== "")
            idle.timeoutMs = 1000
            h.waitScreen("home", 5000)
            compare(burn.sourceText, "")
            compare(admin.unlocked, false)
            idle.timeoutMs = 120000
        }
    }
}
