// "Find the study" on a PACS (kiosk_pacs_test.py: Orthanc holds two invented studies, discusd names
// it [pacs.orthanc] with role query, and a second node [pacs.archive] that only takes stores): the
// query node is offered on the find screen and the store-only one is not; searches by name, ID,
// study date and accession number come back with what Orthanc holds; a bad date is refused in
// words before anything is asked; a chosen study says what to do, since the API cannot retrieve.
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
            tryVerify(function () { return burn.pacs.nodes.count === 1 }, 10000, "one node answers queries")
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

        function test_2_choose_says_what_to_do() {
            search("DUPONT", "", "")
            compare(ids(), "4712")
            h.tap("pacs-study-0")
            compare(burn.pacs.chosen, 0)
            var advice = h.item("pacsAdvice")
            verify(advice.visible && advice.text.indexOf("orthanc") >= 0 && advice.text.indexOf("sent") >= 0, advice.text)
            verify(!burn.ready, "a study on a PACS is not burnt from here")
            // back to this station: the folder and the store's list return, the PACS's matches go
            h.tap("whereStation")
            compare(burn.pacs.node, "")
            verify(h.item("folderField").visible)
            verify(h.find("pacs-study-0") === null || !h.find("pacs-study-0").visible)
            // the idle timeout forgets what was found
            h.tap("where-orthanc")
            search("DUPONT", "", "")
            kiosk.goHome()
            compare(burn.pacs.results.count, 0)
            compare(burn.pacs.node, "")
        }
    }
}
