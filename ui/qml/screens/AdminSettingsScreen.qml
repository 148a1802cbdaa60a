// Administration: the station's settings (GET/PATCH /v1/config): each with its value, where it
// comes from and when a change applies; changed or reset one at a time; a PACS node added.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    id: settingsScreen
    objectName: "admin-settings"
    title: qsTr("Station settings")
    readonly property var model: admin.settings
    Component.onCompleted: if (model.status === "idle") model.reload()

    Notice {
        objectName: "settingsNotice"
        Layout.fillWidth: true
        kind: settingsScreen.model.status === "error" ? "error" : "info"
        text: settingsScreen.model.message
    }
    Notice {
        objectName: "settingsRestart"
        Layout.fillWidth: true
        kind: "warning"
        text: settingsScreen.model.restartNote
    }
    Repeater {
        model: settingsScreen.model
        // a Column, not a ColumnLayout: nested layouts in a Repeater settle late and overlap
        delegate: Column {
            id: row
            required property string key
            required property string label
            required property string valueText
            required property string originText
            required property bool written
            objectName: "setting-" + key
            Layout.fillWidth: true
            spacing: 4
            Label {
                width: row.width
                text: row.label
                font.pixelSize: theme.fontBody
                font.bold: true
                color: theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                width: row.width
                text: row.originText
                font.pixelSize: theme.fontBody * 0.8
                color: theme.muted
                wrapMode: Text.WordWrap
            }
            RowLayout {
                width: row.width
                spacing: theme.spacing
                KField {
                    id: field
                    objectName: "value-" + row.key
                    Layout.fillWidth: true
                    label: row.label
                    text: row.valueText
                    inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                    onAccepted: settingsScreen.model.save(row.key, text)
                }
                KButton {
                    objectName: "save-" + row.key
                    text: qsTr("Save")
                    Accessible.name: qsTr("Save %1").arg(row.label)
                    enabled: field.text !== row.valueText
                    onClicked: settingsScreen.model.save(row.key, field.text)
                }
                KButton {
                    objectName: "reset-" + row.key
                    visible: row.written
                    text: qsTr("Reset")
                    Accessible.name: qsTr("Reset %1").arg(row.label)
                    onClicked: settingsScreen.model.reset(row.key)
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.topMargin: theme.spacing
        text: qsTr("Add a PACS")
        font.pixelSize: theme.fontTitle * 0.8
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    GridLayout {
        Layout.fillWidth: true
        columns: settingsScreen.width > theme.touch * 14 ? 2 : 1
        columnSpacing: theme.spacing
        rowSpacing: theme.spacing
        KField { id: nodeName; objectName: "nodeName"; Layout.fillWidth: true; label: qsTr("Name, e.g. pacs2"); inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText }
        KField { id: nodeAe; objectName: "nodeAe"; Layout.fillWidth: true; label: qsTr("AE title"); inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText }
        KField { id: nodeHost; objectName: "nodeHost"; Layout.fillWidth: true; label: qsTr("Host"); inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhUrlCharactersOnly }
        KField { id: nodePort; objectName: "nodePort"; Layout.fillWidth: true; label: qsTr("Port"); inputMethodHints: Qt.ImhDigitsOnly }
        KField { id: nodeRoles; objectName: "nodeRoles"; Layout.fillWidth: true; Layout.columnSpan: parent.columns; label: qsTr("Roles, e.g. query, retrieve"); inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText }
    }
    KButton {
        objectName: "addNode"
        Layout.fillWidth: true
        text: qsTr("Add this PACS")
        enabled: nodeName.text.trim() !== "" && nodeAe.text.trim() !== "" && nodeHost.text.trim() !== "" && nodePort.text.trim() !== ""
        onClicked: settingsScreen.model.addNode(nodeName.text, nodeAe.text, nodeHost.text, nodePort.text, nodeRoles.text)
    }
}
