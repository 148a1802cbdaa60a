// Burn, step 1: find the patient's study in the local store by name or ID, or take a folder; or
// search a PACS (by name or ID, study date, accession number) through the service.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    id: find
    objectName: "burn-find"
    title: qsTr("Which study?")
    readonly property bool onPacs: burn.pacs.node !== ""
    property string fetchProblem: ""
    Connections {
        target: burn
        function onStudyReady() { find.fetchProblem = ""; find.go("burn-options") }
        function onStudyProblem(message) { find.fetchProblem = message }
    }
    Component.onCompleted: { burn.search(""); burn.pacs.loadNodes() }

    // Where to look: this station's store, or one of the PACS the service may query.
    Flow {
        Layout.fillWidth: true
        spacing: theme.spacing
        visible: burn.pacs.nodes.count > 0
        KButton {
            objectName: "whereStation"
            text: qsTr("This station")
            kind: find.onPacs ? "normal" : "primary"
            Accessible.checked: !find.onPacs
            onClicked: { find.fetchProblem = ""; burn.pacs.node = "" }
        }
        Repeater {
            model: burn.pacs.nodes
            delegate: KButton {
                required property string name
                required property string label
                objectName: "where-" + name
                text: label
                kind: burn.pacs.node === name ? "primary" : "normal"
                Accessible.checked: burn.pacs.node === name
                onClicked: burn.pacs.node = name
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        KField {
            id: searchField
            objectName: "searchField"
            Layout.fillWidth: true
            label: qsTr("Patient name or ID")
            inputMethodHints: Qt.ImhNoPredictiveText
            onAccepted: find.onPacs ? find.searchPacs() : burn.search(text)
        }
        KButton {
            objectName: "searchButton"
            text: qsTr("Search")
            kind: "primary"
            onClicked: find.onPacs ? find.searchPacs() : burn.search(searchField.text)
        }
    }
    function searchPacs() { burn.pacs.search(searchField.text, dateField.text, accessionField.text) }

    // --- a PACS ---
    RowLayout {
        Layout.fillWidth: true
        visible: find.onPacs
        spacing: theme.spacing
        KField {
            id: dateField
            objectName: "dateField"
            Layout.fillWidth: true
            label: qsTr("Study date, e.g. 2026-12-01")
            inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
            onAccepted: find.searchPacs()
        }
        KField {
            id: accessionField
            objectName: "accessionField"
            Layout.fillWidth: true
            label: qsTr("Accession number")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            onAccepted: find.searchPacs()
        }
    }
    Notice {
        objectName: "pacsNotice"
        Layout.fillWidth: true
        visible: find.onPacs && text !== ""
        kind: burn.pacs.status === "error" || find.fetchProblem !== "" ? "error" : "info"
        text: find.fetchProblem !== "" ? find.fetchProblem : burn.pacs.message
    }
    Repeater {
        model: find.onPacs ? burn.pacs.results : null
        delegate: KButton {
            required property int index
            required property string nameText
            required property string detailText
            objectName: "pacs-study-" + index
            Layout.fillWidth: true
            text: nameText
            detail: detailText
            kind: burn.pacs.chosen === index ? "primary" : "normal"
            enabled: burn.pacs.status !== "retrieving"
            onClicked: { find.fetchProblem = ""; burn.pacs.choose(index) }
        }
    }
    Notice {
        objectName: "pacsAdvice"
        Layout.fillWidth: true
        visible: find.onPacs && text !== ""
        kind: burn.pacs.retrieveAvailable ? "info" : "warning"
        text: burn.pacs.chosenAdvice
    }
    KButton {
        objectName: "pacsFetch"
        Layout.fillWidth: true
        visible: find.onPacs && burn.pacs.chosen >= 0 && burn.pacs.retrieveAvailable
        enabled: burn.pacs.status !== "retrieving"
        kind: "primary"
        text: burn.pacs.status === "retrieving" ? qsTr("Fetching…") : qsTr("Fetch to this station and burn")
        onClicked: { find.fetchProblem = ""; burn.pacs.retrieve() }
    }

    // --- this station ---
    Notice {
        objectName: "studiesNotice"
        Layout.fillWidth: true
        visible: !find.onPacs && text !== ""
        kind: burn.studies.status === "error" ? "error" : "info"
        text: burn.studies.status === "unavailable" ? qsTr("The local store cannot be searched on this station yet. Use a folder below.")
            : burn.studies.status === "error" ? burn.studies.message
            : (burn.studies.status === "ready" && burn.studies.count === 0) ? qsTr("No study found.") : ""
    }
    Repeater {
        model: find.onPacs ? null : burn.studies
        delegate: KButton {
            objectName: "study-" + index
            Layout.fillWidth: true
            text: model.nameText + (model.birthText !== "" ? " · " + model.birthText : "")
            enabled: !model.arriving
            detail: qsTr("%1, %2, %n image(s)", "", model.instances).arg(model.study_description || qsTr("Study")).arg(model.dateText)
                    + (model.arriving ? " · " + qsTr("still arriving") : "")
            onClicked: { burn.chooseStudy(index); go("burn-options") }
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.topMargin: theme.spacing
        visible: !find.onPacs
        text: qsTr("Or burn a folder of DICOM files")
        font.pixelSize: theme.fontBody
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    RowLayout {
        Layout.fillWidth: true
        visible: !find.onPacs
        spacing: theme.spacing
        KField {
            id: folderField
            objectName: "folderField"
            Layout.fillWidth: true
            label: qsTr("Folder")
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
        }
        KButton {
            objectName: "useFolder"
            text: qsTr("Use this folder")
            enabled: folderField.text.trim() !== ""
            onClicked: { burn.chooseFolder(folderField.text); go("burn-options") }
        }
    }
}
