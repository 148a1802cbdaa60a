// Import a disc: choose the drive, read it, then the inventory (patients, studies, problems) with
// the medium's patient beside the local one, and the decisions the service waits for.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "import"
    title: importer.stage === "inventory" ? qsTr("What is on the disc") : qsTr("Import a disc")

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
    Notice {
        objectName: "importMessage"
        Layout.fillWidth: true
        kind: importer.stage === "failed" ? "error" : "info"
        text: importer.message
    }
    Notice {
        objectName: "inventoryNotice"
        Layout.fillWidth: true
        visible: importer.stage === "inventory" && text !== ""
        text: importer.inventory.status === "unavailable" ? qsTr("The inventory is not available on this station yet.")
            : importer.inventory.status === "error" ? importer.inventory.message : ""
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
            Accessible.name: invTitle.text + ". " + model.statusText
            GridLayout {
                id: inv
                anchors { fill: parent; margins: theme.spacing }
                columns: width > theme.touch * 9 ? 3 : 1
                columnSpacing: theme.spacing
                rowSpacing: 4
                Label {
                    id: invTitle
                    Layout.fillWidth: true
                    Layout.columnSpan: inv.columns
                    text: model.nameText
                    font.pixelSize: theme.fontBody
                    font.bold: true
                    color: theme.text
                    wrapMode: Text.WordWrap
                }
                Label {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("On the disc: ID %1").arg(model.patient_id)
                    font.pixelSize: theme.fontBody * 0.9
                    color: model.mismatch ? theme.danger : theme.text
                    wrapMode: Text.WrapAnywhere
                }
                Label {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: model.local_patient_id ? qsTr("Here: ID %1").arg(model.local_patient_id) : qsTr("Here: no match")
                    font.pixelSize: theme.fontBody * 0.9
                    color: model.mismatch ? theme.danger : theme.text
                    wrapMode: Text.WrapAnywhere
                }
                Label {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: (model.mismatch ? qsTr("The IDs differ.") + " " : "") + model.statusText
                          + (model.unreadable > 0 ? " · " + qsTr("%n unreadable file(s)", "", model.unreadable) : "")
                    font.pixelSize: theme.fontBody * 0.9
                    font.bold: model.mismatch
                    color: model.mismatch ? theme.danger : theme.muted
                    wrapMode: Text.WordWrap
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
        delegate: ColumnLayout {
            id: hold
            property int holdRow: index
            Layout.fillWidth: true
            spacing: theme.spacing / 2
            Label {
                Layout.fillWidth: true
                text: model.question
                font.pixelSize: theme.fontBody
                color: theme.text
                wrapMode: Text.WordWrap
            }
            Flow {
                Layout.fillWidth: true
                spacing: theme.spacing
                Repeater {
                    model: options
                    KButton {
                        objectName: "decide-" + modelData
                        text: modelData === "accept" ? qsTr("Import as it is")
                            : modelData === "reconcile" ? qsTr("Same patient: use the local ID")
                            : modelData === "reject" ? qsTr("Do not import")
                            : modelData === "coerce" ? qsTr("Correct the data")
                            : qsTr("Skip this study")
                        kind: modelData === "reject" ? "danger" : "normal"
                        onClicked: importer.decide(hold.holdRow, modelData)
                    }
                }
            }
        }
    }
    KButton {
        Layout.fillWidth: true
        visible: importer.stage === "inventory" || importer.stage === "failed"
        text: qsTr("Back to the start")
        onClicked: { importer.clear(); home() }
    }
}
