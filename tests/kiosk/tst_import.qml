// Import: the drive is offered, the import is submitted through the service, and whatever becomes
// of it is shown in words: here the stdio: drive holds no disc, so the job fails and the screen
// says why (tst_import_mismatch.qml, run by tests/integration/daemon_import_kiosk_test.py, imports
// a real disc with a decision); a station without import jobs would say "not available" (501/503).
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Import"
        when: windowShown
        function test_import_as_far_as_the_service_goes() {
            h.waitService()
            h.tap("homeImport")
            h.waitScreen("import")
            h.tap("importFrom-0")
            tryVerify(function () { return importer.stage === "failed" || importer.stage === "inventory" }, 60000,
                      "the import ends in words (" + importer.stage + ")")
            console.log("import-stage " + importer.stage + ": " + importer.message)
            if (importer.stage === "failed") {
                verify(importer.message.length > 5, importer.message)
                verify(h.item("importMessage").visible)
            } else {
                tryVerify(function () { return importer.inventoryStatus !== "loading" && importer.holds.status !== "loading" }, 10000)
                if (importer.inventoryStatus === "unavailable")
                    verify(h.item("inventoryNotice").text.indexOf("not available") >= 0)
                if (importer.holds.status === "unavailable")
                    verify(h.item("holdsNotice").text.indexOf("not available") >= 0)
            }
            importer.refresh()
            tryVerify(function () { return importer.holds.status === "unavailable" || importer.holds.status === "ready" }, 10000)
        }
    }
}
