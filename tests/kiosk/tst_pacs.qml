// "Find the study" on a PACS, then burn it (kiosk_pacs_test.py: Orthanc holds two invented studies;
// discusd names it [pacs.orthanc] with roles query and retrieve, [pacs.queryonly] with query only,
// and [pacs.archive] that only takes stores): the query nodes are offered on the find screen and
// the store-only one is not; searches by name, ID, study date and accession number come back with
// what Orthanc holds; a bad date is refused in words before anything is asked; a study fetched to
// the station (C-MOVE into the store) goes on to the medium, the confirmation with the patient's
// name and birth date, and a verified copy; on the query-only node a chosen study says what to do.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Pacs"
        when: windowShown
        readonly property var studies: JSON.parse(testEnv.STUDIES)

        function search(text, date, accession) {
            h.item("searchField").text = text
            h.item("dateField").text = date
            h.item("accessionField").text = accession
            h.tap("searchButton")
            tryVerify(function () { return burn.pacs.status !== "searching" }, 30000, "the PACS answered")
            compare(burn.pacs.status, "ready", burn.pacs.message)
        }
        function ids() {
            var out = []
            for (var i = 0; i < burn.pacs.results.count; ++i) out.push(burn.pacs.results.get(i).PatientID)
            return out.sort().join(",")
        }

        function test_1_find_on_pacs() {
            h.waitService()
            h.root.home()
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            tryVerify(function () { return burn.pacs.nodes.count === 2 }, 10000, "two nodes answer queries")
            verify(h.find("where-archive") === null, "a store-only node is not offered for searching")
            h.tap("where-orthanc")
            compare(burn.pacs.node, "orthanc")
            verify(h.item("dateField").visible && h.item("accessionField").visible)
            verify(!h.item("folderField").visible, "the folder is this station's, not the PACS's")

            search("MUSTER", "", "")  // the start of a name
            compare(ids(), "4711")
            var row = burn.pacs.results.get(0)
            compare(row.StudyDescription, studies[0].StudyDescription)
            compare(row.AccessionNumber, studies[0].AccessionNumber)
            var button = h.item("pacs-study-0")
            verify(button.text.indexOf("MUSTERMANN, ERIKA") === 0, button.text)
            verify(button.detail.indexOf("CT Thorax") >= 0 && button.detail.indexOf("ACC-1001") >= 0, button.detail)

            search("4712", "", "")    // an ID
            compare(ids(), "4712")
            search("", "2026-12-01", "")  // a date
            compare(ids(), "4711")
            search("", "2025-01-01 - 2025-12-31", "")  // a range
            compare(ids(), "4712")
            search("", "", "ACC-1001")  // an accession number
            compare(ids(), "4711")
            search("", "2000-01-01", "")
            compare(burn.pacs.results.count, 0)
            verify(h.item("pacsNotice").visible && h.item("pacsNotice").text !== "")

            // refused in words before the PACS is asked
            h.item("searchField").text = ""
            h.item("dateField").text = "yesterday"
            h.tap("searchButton")
            compare(burn.pacs.status, "error")
            verify(h.item("pacsNotice").text.indexOf("2026-12-01") >= 0, h.item("pacsNotice").text)
        }

        function test_2_query_only_node_says_what_to_do() {
            h.tap("where-queryonly")
            search("DUPONT", "", "")
            compare(ids(), "4712")
            h.tap("pacs-study-0")
            compare(burn.pacs.chosen, 0)
            verify(!burn.pacs.retrieveAvailable)
            verify(h.find("pacsFetch") === null || !h.find("pacsFetch").visible, "no fetch button where the node may not be asked")
            var advice = h.item("pacsAdvice")
            verify(advice.visible && advice.text.indexOf("queryonly") >= 0 && advice.text.indexOf("sent") >= 0, advice.text)
            verify(!burn.ready, "a study on a PACS is not burnt from here")
            // back to this station: the folder and the store's list return, the PACS's matches go
            h.tap("whereStation")
            compare(burn.pacs.node, "")
            verify(h.item("folderField").visible)
            verify(h.find("pacs-study-0") === null || !h.find("pacs-study-0").visible)
        }

        function test_3_fetch_and_burn() {
            h.tap("where-orthanc")
            search("DUPONT", "", "")
            compare(ids(), "4712")
            h.tap("pacs-study-0")
            verify(burn.pacs.retrieveAvailable)
            verify(h.item("pacsAdvice").text.indexOf("orthanc") >= 0, h.item("pacsAdvice").text)
            h.tap("pacsFetch")
            h.waitScreen("burn-options", 120000)  // the C-MOVE, then the store's answer
            verify(burn.patientName.indexOf("DUPONT") === 0, burn.patientName)
            verify(burn.studyText.indexOf("CT Abdomen") >= 0, burn.studyText)
            h.tap("medium-cd")
            h.tap("optionsNext")
            h.waitScreen("burn-confirm")
            verify(burn.patientBirthDate !== "", "the birth date from the store, shown large")
            h.tap("confirmBurn")
            h.waitScreen("burn-progress")
            tryCompare(burn, "stage", "done", 120000)
            compare(burn.copiesDone, 1)
        }

        function test_4_idle_forgets() {
            h.root.home()
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            h.tap("where-orthanc")
            search("DUPONT", "", "")
            verify(burn.pacs.results.count > 0)
            kiosk.goHome()
            compare(burn.pacs.results.count, 0)
            compare(burn.pacs.node, "")
        }
    }
}
