// Station settings (kiosk_flows_test.py, a real discusd): an administrator signs in, opens the
// settings (GET /v1/config), changes the default number of copies (PATCH, "set here"), has a bad
// value refused with the service's words naming the setting, resets it, and adds a PACS, which the
// burn flow's find screen then offers (GET /v1/nodes answers the new node at once).
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Settings"
        when: windowShown
        readonly property var settings: admin.settings

        function test_settings() {
            h.waitService()
            h.tap("homeAdmin")
            h.waitScreen("admin-pin")
            h.tap("userField").text = "kioskadmin"
            h.tap("secretField").text = testEnv.ADMIN_SECRET
            h.tap("signIn")
            tryCompare(admin, "unlocked", true, 10000)
            h.waitScreen("admin")
            h.tap("adminSettings")
            h.waitScreen("admin-settings")
            tryVerify(function () { return settings.status === "ready" && settings.count > 0 }, 10000, settings.message)
            verify(h.find("setting-kiosk.default_copies") !== null, "the kiosk's settings are listed")

            h.tap("value-kiosk.default_copies").text = "3"
            h.tap("save-kiosk.default_copies")
            tryVerify(function () { return settings.status === "ready" && settings.valueOf("kiosk.default_copies") === "3" }, 10000, settings.message)
            verify(settings.message.indexOf("Saved") >= 0, settings.message)
            tryCompare(burn, "copies", 3, 10000)  // a new burn starts with the station's default (GET /v1/config/kiosk)
            tryVerify(function () { return h.find("reset-kiosk.default_copies") !== null && h.find("reset-kiosk.default_copies").visible }, 15000)

            h.item("value-kiosk.idle_timeout_seconds").text = "5"  // below the service's 10
            h.tap("save-kiosk.idle_timeout_seconds")
            tryCompare(settings, "status", "error", 10000)
            verify(settings.message.indexOf("kiosk.idle_timeout_seconds") >= 0, "the refusal names the setting: " + settings.message)
            verify(h.item("settingsNotice").visible)

            h.tap("reset-kiosk.default_copies")
            tryVerify(function () { return settings.status === "ready" && settings.valueOf("kiosk.default_copies") !== "3" }, 10000, settings.message)
            tryCompare(burn, "copies", 1, 10000)

            h.tap("nodeName").text = "pacs2"
            h.tap("nodeAe").text = "PACS2"
            h.tap("nodeHost").text = "127.0.0.1"
            h.tap("nodePort").text = "11112"
            h.tap("nodeRoles").text = "query, retrieve"
            h.tap("addNode")
            tryVerify(function () { return settings.valueOf("pacs.pacs2.ae_title") === "PACS2" }, 10000, settings.message)
            compare(settings.valueOf("pacs.pacs2.roles"), "query, retrieve")

            h.tap("backButton")
            h.waitScreen("admin")
            h.tap("adminLock")
            h.waitScreen("home")
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            tryVerify(function () { return h.find("where-pacs2") !== null }, 10000, "the new PACS is offered for searching")
        }
    }
}
