// Home: every flow one touch away; what is running now; language and contrast for the next person.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "home"
    title: kiosk.station === "" ? qsTr("Media station") : qsTr("Media station %1").arg(kiosk.station)
    canGoBack: false

    Label {
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        font.pixelSize: theme.fontBody
        color: theme.muted
        text: jobs.activeCount === 0 ? qsTr("No discs are being made right now.")
                                     : qsTr("%n job(s) waiting or running.", "", jobs.activeCount)
        Accessible.name: text
    }
    GridLayout {
        Layout.fillWidth: true
        columns: width > theme.touch * 14 ? 3 : (width > theme.touch * 8 ? 2 : 1)
        rowSpacing: theme.spacing
        columnSpacing: theme.spacing
        KButton {
            objectName: "homeBurn"
            kind: "primary"
            text: qsTr("Burn a disc for a patient")
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: theme.touch * 2
            onClicked: { burn.clear(); go("burn-find") }
        }
        KButton {
            objectName: "homeImport"
            kind: "primary"
            text: qsTr("Import a disc")
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: theme.touch * 2
            onClicked: { importer.clear(); go("import") }
        }
        KButton {
            objectName: "homeQueue"
            text: qsTr("Jobs")
            detail: jobs.activeCount > 0 ? qsTr("%n active", "", jobs.activeCount) : ""
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: theme.touch * 2
            onClicked: go("queue")
        }
        KButton {
            objectName: "homeDevices"
            text: qsTr("Drives and robots")
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: theme.touch * 2
            onClicked: { kiosk.reloadDevices(); go("devices") }
        }
        KButton {
            objectName: "homeAdmin"
            text: qsTr("Administration")
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: theme.touch * 2
            onClicked: go(admin.unlocked ? "admin" : "admin-pin")
        }
        KButton {
            objectName: "homeContrast"
            text: theme.highContrast ? qsTr("Normal colours") : qsTr("High contrast")
            checkable: true
            checked: theme.highContrast
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.minimumHeight: theme.touch * 2
            onClicked: theme.highContrast = !theme.highContrast
        }
    }
    Flow {
        Layout.fillWidth: true
        spacing: theme.spacing
        Repeater {
            model: kiosk.languages
            KButton {
                objectName: "language-" + modelData.code
                text: modelData.name
                kind: kiosk.language === modelData.code ? "primary" : "normal"
                Accessible.name: qsTr("Language: %1").arg(modelData.name)
                onClicked: kiosk.setLanguage(modelData.code)
            }
        }
    }
}
