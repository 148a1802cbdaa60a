// Burn, step 1: find the patient's study in the local store by name or ID, or take a folder.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "burn-find"
    title: qsTr("Which study?")
    Component.onCompleted: burn.search("")

    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        KField {
            id: searchField
            objectName: "searchField"
            Layout.fillWidth: true
            label: qsTr("Patient name or ID")
            inputMethodHints: Qt.ImhNoPredictiveText
            onAccepted: burn.search(text)
        }
        KButton {
            objectName: "searchButton"
            text: qsTr("Search")
            kind: "primary"
            onClicked: burn.search(searchField.text)
        }
    }
    Notice {
        objectName: "studiesNotice"
        Layout.fillWidth: true
        kind: burn.studies.status === "error" ? "error" : "info"
        text: burn.studies.status === "unavailable" ? qsTr("The local store cannot be searched on this station yet. Use a folder below.")
            : burn.studies.status === "error" ? burn.studies.message
            : (burn.studies.status === "ready" && burn.studies.count === 0) ? qsTr("No study found.") : ""
    }
    Repeater {
        model: burn.studies
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
        text: qsTr("Or burn a folder of DICOM files")
        font.pixelSize: theme.fontBody
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    RowLayout {
        Layout.fillWidth: true
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
