// Import a disc: choose the drive, read it, then the inventory: each patient on the disc beside
// who the patient is here (name, ID, birth date, sex; a field that differs is marked in words and
// colour), the accounting of every file, and the decisions the service waits for.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "import"
    title: importer.stage === "inventory" ? qsTr("What is on the disc") : qsTr("Import a disc")

    // A row's heading and one value (marked, in colour and bold, when it differs).
    component Cell: Label {
        property bool differs: false
        Layout.fillWidth: true
        Layout.preferredWidth: 2
        font.pixelSize: theme.fontBody * 0.9
        font.bold: differs
        color: differs ? theme.danger : theme.text
        wrapMode: Text.WrapAnywhere
    }
    component Head: Label {
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        font.pixelSize: theme.fontBody * 0.8
        color: theme.muted
        wrapMode: Text.WordWrap
    }
    // The disc's patient and the one here, side by side, row by row.
    component SideBySide: GridLayout {
        id: grid
        property string foreignName; property string foreignId; property string foreignBirth; property string foreignSex
        property string localName; property string localId; property string localBirth; property string localSex
        property bool nameDiffers; property bool birthDiffers; property bool sexDiffers
        property bool hasLocal: localId !== ""
        property string rowName: ""
        Layout.fillWidth: true
        columns: 3
        columnSpacing: theme.spacing
        rowSpacing: 2
        Head { text: "" }
        Head { text: qsTr("On the disc"); font.bold: true }
        Head { text: qsTr("Here"); font.bold: true }
        Head { text: qsTr("Name") }
        Cell { objectName: grid.rowName + "ForeignName"; text: grid.foreignName; differs: grid.nameDiffers }
        Cell { objectName: grid.rowName + "LocalName"; text: grid.hasLocal ? grid.localName + (grid.nameDiffers ? " ≠" : "") : qsTr("no match"); differs: grid.nameDiffers }
        Head { text: qsTr("Patient ID") }
        Cell { objectName: grid.rowName + "ForeignId"; text: grid.foreignId }
        Cell { objectName: grid.rowName + "LocalId"; text: grid.hasLocal ? grid.localId : "–" }
        Head { text: qsTr("Birth date") }
        Cell { text: grid.foreignBirth; differs: grid.birthDiffers }
        Cell { text: grid.hasLocal ? grid.localBirth + (grid.birthDiffers ? " ≠" : "") : "–"; differs: grid.birthDiffers }
        Head { text: qsTr("Sex") }
        Cell { objectName: grid.rowName + "ForeignSex"; text: grid.foreignSex; differs: grid.sexDiffers }
        Cell { objectName: grid.rowName + "LocalSex"; text: grid.hasLocal ? grid.localSex + (grid.sexDiffers ? " ≠" : "") : "–"; differs: grid.sexDiffers }
    }

    Label {
        Layout.fillWidth: true
        visible: importer.stage === "choose"
        text: qsTr("Put the disc in a drive, then choose the drive.")
        font.pixelSize: theme.fontBody
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Repeater {
        model: importer.stage === "choose" ? devices : null
        delegate: KButton {
            objectName: "importFrom-" + index
            Layout.fillWidth: true
            text: qsTr("Read the disc in %1").arg([model.vendor, model.modelName].filter(function (s) { return s }).join(" ") || model.id)
            detail: model.stateText
            onClicked: importer.start(model.path || model.id)
        }
    }
    ProgressBar {
        Layout.fillWidth: true
        visible: importer.stage === "submitting" || importer.stage === "reading"
        from: 0; to: 1; value: importer.progress
        indeterminate: importer.stage === "submitting"
        Accessible.name: qsTr("Reading the disc")
    }
    Label {
        objectName: "importStep"
        Layout.fillWidth: true
        visible: (importer.stage === "submitting" || importer.stage === "reading") && text !== ""
        text: importer.stepText
        font.pixelSize: theme.fontBody
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Notice {
        objectName: "importMessage"
        Layout.fillWidth: true
        kind: importer.stage === "failed" ? "error" : "info"
        text: importer.message
    }
    Notice {
        objectName: "importSummary"
        Layout.fillWidth: true
        visible: importer.stage === "inventory" && text !== ""
        kind: importer.jobState === "done" ? "info" : "warning"
        text: (importer.jobState === "done" ? qsTr("Import finished.") + " " : importer.jobState === "held" ? qsTr("Waiting for your decision.") + " " : "")
              + importer.summary
    }
    Notice {
        objectName: "inventoryNotice"
        Layout.fillWidth: true
        visible: importer.stage === "inventory" && text !== ""
        text: importer.inventoryStatus === "unavailable" ? qsTr("The inventory is not available on this station yet.")
            : importer.inventoryStatus === "error" ? importer.message : ""
    }
    Repeater {
        model: importer.stage === "inventory" ? importer.inventory : null
        delegate: Rectangle {
            Layout.fillWidth: true
            implicitHeight: inv.implicitHeight + theme.spacing * 2
            radius: 6
            color: theme.surface
            border.color: model.mismatch ? theme.danger : theme.border
            border.width: model.mismatch ? 3 : 1
            Accessible.role: Accessible.ListItem
            Accessible.name: model.foreignName + ". " + model.statusText
            ColumnLayout {
                id: inv
                anchors { fill: parent; margins: theme.spacing }
                spacing: 4
                Label {
                    objectName: "patientStatus-" + index
                    Layout.fillWidth: true
                    text: model.statusText + " · " + model.studyText
                    font.pixelSize: theme.fontBody * 0.9
                    font.bold: model.mismatch
                    color: model.mismatch ? theme.danger : theme.muted
                    wrapMode: Text.WordWrap
                }
                SideBySide {
                    rowName: "patient" + index
                    foreignName: model.foreignName; foreignId: model.foreignId; foreignBirth: model.foreignBirth; foreignSex: model.foreignSex
                    localName: model.localName; localId: model.localId; localBirth: model.localBirth; localSex: model.localSex
                    nameDiffers: model.nameDiffers; birthDiffers: model.birthDiffers; sexDiffers: model.sexDiffers
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        visible: importer.stage === "inventory"
        text: qsTr("Decisions waiting")
        font.pixelSize: theme.fontTitle * 0.8
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Notice {
        objectName: "holdsNotice"
        Layout.fillWidth: true
        visible: importer.stage === "inventory" && text !== ""
        text: importer.holds.status === "unavailable" ? qsTr("Decisions are not available on this station yet.")
            : importer.holds.status === "error" ? importer.holds.message
            : importer.holds.status === "ready" && importer.holds.count === 0 ? qsTr("Nothing to decide.") : ""
    }
    Repeater {
        model: importer.stage === "inventory" ? importer.holds : null
        delegate: Rectangle {
            id: hold
            property int holdRow: index
            property bool hasCandidate: model.hasCandidate
            property var choices: model.options
            Layout.fillWidth: true
            implicitHeight: holdColumn.implicitHeight + theme.spacing * 2
            radius: 6
            color: theme.surface
            border.color: theme.danger
            border.width: 2
            Accessible.role: Accessible.ListItem
            Accessible.name: model.kindText
            ColumnLayout {
                id: holdColumn
                anchors { fill: parent; margins: theme.spacing }
                spacing: theme.spacing / 2
                Label {
                    objectName: "holdQuestion-" + index
                    Layout.fillWidth: true
                    text: model.kindText
                    font.pixelSize: theme.fontBody
                    font.bold: true
                    color: theme.text
                    wrapMode: Text.WordWrap
                }
                SideBySide {
                    visible: model.kind === "identity"
                    rowName: "hold" + index
                    foreignName: model.foreignName; foreignId: model.foreignId; foreignBirth: model.foreignBirth; foreignSex: model.foreignSex
                    localName: model.localName; localId: model.localId; localBirth: model.localBirth; localSex: model.localSex
                    nameDiffers: model.nameDiffers; birthDiffers: model.birthDiffers; sexDiffers: model.sexDiffers
                }
                Label {
                    Layout.fillWidth: true
                    text: model.question
                    font.pixelSize: theme.fontBody * 0.8
                    color: theme.muted
                    wrapMode: Text.WordWrap
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: theme.spacing
                    Repeater {
                        // "patient" needs the local patient shown beside: without one the operator rejects
                        model: hold.choices.filter(function (o) { return o !== "patient" || hold.hasCandidate })
                        KButton {
                            objectName: "decide-" + modelData
                            text: modelData === "patient" ? qsTr("Same patient: import as the patient here")
                                : modelData === "resend" ? qsTr("Send it again")
                                : qsTr("Do not import")
                            kind: modelData === "reject" ? "danger" : "primary"
                            onClicked: importer.decide(hold.holdRow, modelData)
                        }
                    }
                }
            }
        }
    }
    KButton {
        objectName: "importBack"
        Layout.fillWidth: true
        visible: importer.stage === "inventory" || importer.stage === "failed"
        text: qsTr("Back to the start")
        onClicked: { importer.clear(); home() }
    }
}
