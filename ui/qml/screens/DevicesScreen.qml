// Drives, sticks and robots with their state, and what a person should do about it.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "devices"
    title: qsTr("Drives and robots")

    Notice {
        Layout.fillWidth: true
        kind: "error"
        text: devices.status === "error" ? devices.message : ""
    }
    Label {
        Layout.fillWidth: true
        visible: devices.status === "ready" && devices.count === 0
        text: qsTr("No drive is connected.")
        font.pixelSize: theme.fontBody
        color: theme.muted
        wrapMode: Text.WordWrap
    }
    Repeater {
        model: devices
        delegate: Rectangle {
            Layout.fillWidth: true
            implicitHeight: deviceColumn.implicitHeight + theme.spacing * 2
            radius: 6
            color: theme.surface
            border.color: model.advice !== "" ? theme.warning : theme.border
            border.width: model.advice !== "" || theme.highContrast ? 2 : 1
            Accessible.role: Accessible.ListItem
            Accessible.name: deviceTitle.text + ". " + model.advice
            ColumnLayout {
                id: deviceColumn
                anchors { fill: parent; margins: theme.spacing }
                spacing: 4
                Label {
                    id: deviceTitle
                    Layout.fillWidth: true
                    text: qsTr("%1 · %2").arg([model.vendor, model.modelName].filter(function (s) { return s }).join(" ") || model.id).arg(model.stateText)
                    font.pixelSize: theme.fontBody
                    font.bold: true
                    color: theme.text
                    wrapMode: Text.WordWrap
                }
                Label {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: model.mediumText !== "" ? qsTr("Inside: %1").arg(model.mediumText) : ""
                    font.pixelSize: theme.fontBody * 0.85
                    color: theme.muted
                    wrapMode: Text.WordWrap
                }
                Label {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: model.advice
                    font.pixelSize: theme.fontBody
                    color: theme.warning
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.topMargin: theme.spacing
        text: qsTr("Disc robots")
        font.pixelSize: theme.fontTitle * 0.8
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Notice {
        objectName: "robotsNotice"
        Layout.fillWidth: true
        text: robots.status === "unavailable" ? qsTr("Disc robots are not available on this station yet.")
            : robots.status === "error" ? robots.message
            : robots.status === "ready" && robots.count === 0 ? qsTr("No disc robot is configured.") : ""
    }
    Repeater {
        model: robots
        delegate: Rectangle {
            objectName: "robot-" + model.name
            Layout.fillWidth: true
            implicitHeight: robotColumn.implicitHeight + theme.spacing * 2
            radius: 6
            color: theme.surface
            border.color: model.attention ? theme.danger : theme.border
            border.width: 2
            Accessible.role: Accessible.ListItem
            Accessible.name: robotTitle.text + ". " + model.advice
            ColumnLayout {
                id: robotColumn
                anchors { fill: parent; margins: theme.spacing }
                spacing: 4
                Label {
                    id: robotTitle
                    Layout.fillWidth: true
                    text: qsTr("%1 · %2").arg(model.modelName || model.name).arg(model.stateText)
                    font.pixelSize: theme.fontBody
                    font.bold: true
                    color: theme.text
                    wrapMode: Text.WordWrap
                }
                Label {
                    objectName: "robotAdvice-" + model.name
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: model.advice
                    font.pixelSize: theme.fontBody
                    color: theme.danger
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}
