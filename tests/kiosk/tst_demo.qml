// Without a service (DISCUS_KIOSK_DEMO=1: the invented data the screenshots use): a robot out of
// blank discs with low ink says what to do, in words, on the drives screen; the language switch
// on home translates the screens and mirrors them for Arabic; high contrast switches the palette.
import QtQuick
import QtTest

KioskHarness {
    id: h
    test: t
    TestCase {
        id: t
        name: "Demo"
        when: windowShown
        function test_1_robot_out_of_blanks() {
            h.root.home()
            h.tap("homeDevices")
            h.waitScreen("devices")
            compare(robots.count, 1)
            var advice = robots.get(0).advice
            verify(advice.indexOf("Out of blank discs: fill the left bin.") >= 0, advice)
            verify(advice.indexOf("Ink low (magenta): replace the cartridge.") >= 0, advice)
            verify(robots.get(0).attention)
            compare(robots.get(0).stateText, "Needs a person")
            compare(devices.get(1).advice, "Put a blank disc in the drive.")
        }
        function test_2_languages_and_mirroring() {
            h.root.home()
            h.tap("language-de")
            compare(kiosk.language, "de")
            compare(h.item("homeBurn").text, "Disc für einen Patienten brennen")
            compare(robots.get(0).stateText, "Braucht Hilfe")
            h.tap("language-ar")
            verify(kiosk.rightToLeft)
            compare(h.item("homeBurn").text, "انسخ قرصًا لمريض")
            h.tap("homeQueue")
            h.waitScreen("queue")
            var back = h.item("backButton")
            verify(back.mapToItem(h.root, 0, 0).x > h.root.width / 2, "Back sits on the right in Arabic")
            h.root.home()
            h.tap("language-en")
            verify(!kiosk.rightToLeft)
        }
        function test_3_a_stored_study() {
            // the store's studies (invented): a complete one is burnt from its folder in the store;
            // one still arriving cannot be chosen
            h.root.home()
            h.tap("homeBurn")
            h.waitScreen("burn-find")
            tryVerify(function () { return h.find("study-2") !== null }, 15000)
            verify(!h.item("study-2").enabled, "a study still arriving is not offered")
            h.tap("study-0")
            h.waitScreen("burn-options")
            compare(burn.patientName, "MUSTERMANN, ERIKA")
            verify(burn.sourceText.indexOf("CT Thorax") >= 0, burn.sourceText)
            compare(burn.problem, "")
            h.tap("optionsNext")
            h.waitScreen("burn-confirm")
            compare(h.item("confirmName").text, "MUSTERMANN, ERIKA")
            verify(h.item("confirmBirthDate").text.indexOf("1964") >= 0, h.item("confirmBirthDate").text)
            verify(h.item("confirmName").font.pixelSize >= Math.floor(theme.fontHuge) && theme.fontHuge > 1.5 * theme.fontBody, "the name is shown large")
            burn.clear()
        }
        function test_4_high_contrast() {
            h.root.home()
            var before = String(theme.text)
            h.tap("homeContrast")
            verify(theme.highContrast)
            verify(String(theme.text) !== before, "the palette changed: " + before + " -> " + theme.text)
            h.tap("homeContrast")
            verify(!theme.highContrast)
        }
    }
}
