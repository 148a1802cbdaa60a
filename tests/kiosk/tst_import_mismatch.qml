// Import against the real service (run by tests/integration/daemon_import_kiosk_test.py: discusd
// with Orthanc as the import destination, dcmtk's wlmscpfs as the worklist, and a disc in its
// stdio: drive whose patient's sex disagrees with the worklist): the operator reads the disc, the
// job waits for a decision, the disc's patient is shown beside the worklist's with the differing
// field marked, the operator says it is the same patient, and the import completes with every file
// accounted for.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "ImportMismatch"
        when: windowShown
        function test_mismatch_decided_by_the_operator() {
            h.waitService()
            h.tap("homeImport")
            h.waitScreen("import")
            h.tap("importFrom-0")
            tryVerify(function () { return importer.stage === "inventory" || importer.stage === "failed" }, 90000,
                      "the disc is read (" + importer.stage + " " + importer.message + ")")
            compare(importer.stage, "inventory", importer.message)
            compare(importer.jobState, "held")
            verify(h.item("importSummary").text.indexOf("3") >= 0, h.item("importSummary").text)
            tryVerify(function () { return importer.holds.status === "ready" && importer.holds.count === 1 }, 10000,
                      "one decision waits (" + importer.holds.status + ", " + importer.holds.count + ")")
            // Side by side: the disc's POE^ANNA (male) and the worklist's Poe^Anna (female), sex marked.
            verify(h.item("hold0ForeignName").text.indexOf("POE") >= 0, h.item("hold0ForeignName").text)
            verify(h.item("hold0LocalName").text.indexOf("Poe") >= 0, h.item("hold0LocalName").text)
            compare(h.item("hold0LocalId").text, "L0003")
            compare(h.item("hold0ForeignId").text, "EXT-3")
            verify(h.item("hold0ForeignSex").differs, "the sex is marked as differing")
            verify(h.item("hold0LocalSex").text.indexOf("≠") >= 0, h.item("hold0LocalSex").text)
            verify(!h.item("hold0ForeignName").differs, "the name agrees")
            h.tap("decide-patient")
            tryVerify(function () { return importer.stage === "inventory" && importer.jobState === "done" }, 90000,
                      "the import continues and completes (" + importer.stage + " " + importer.jobState + " " + importer.message + ")")
            compare(importer.imported, 3)
            verify(importer.accounted, "every file on the disc is accounted for")
            verify(h.item("importSummary").text.length > 10, h.item("importSummary").text)
            compare(h.item("patient0LocalId").text, "L0003")
            tryVerify(function () { return importer.holds.status === "ready" && importer.holds.count === 0 }, 10000, "nothing left to decide")
            console.log("import-mismatch-done job " + importer.jobId + ": " + importer.summary)
            h.tap("importBack")
        }
    }
}
