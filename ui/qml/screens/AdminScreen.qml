// Administration (unlocked): the service's users and roles, the audit trail, the station's PIN.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "admin"
    title: qsTr("Administration")

    KButton {
        objectName: "adminLock"
        Layout.fillWidth: true
        text: qsTr("Lock and go back")
        onClicked: { admin.lock(); home() }
    }
    KButton {
        objectName: "adminSettings"
        Layout.fillWidth: true
        text: qsTr("Station settings")
        detail: qsTr("Institution, defaults, languages, PACS")
        onClicked: go("admin-settings")
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("Users and roles")
        font.pixelSize: theme.fontTitle * 0.8
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Notice {
        Layout.fillWidth: true
        kind: admin.users.status === "error" ? "error" : "info"
        text: admin.users.status === "unavailable" ? qsTr("Not available on this station yet.")
            : admin.users.status === "error" ? admin.users.message : ""
    }
    Repeater {
        model: admin.users
        delegate: Label {
            Layout.fillWidth: true
            text: qsTr("%1 (%2): %3").arg(model.name).arg(model.kind).arg(model.rolesText) + (model.enabled ? "" : " · " + qsTr("disabled"))
            font.pixelSize: theme.fontBody
            color: theme.text
            wrapMode: Text.WordWrap
            Accessible.name: text
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.topMargin: theme.spacing
        text: qsTr("Audit trail, newest first")
        font.pixelSize: theme.fontTitle * 0.8
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Notice {
        Layout.fillWidth: true
        kind: "error"
        text: admin.audit.status === "error" ? admin.audit.message : ""
    }
    Repeater {
        model: admin.audit
        delegate: Label {
            Layout.fillWidth: true
            text: qsTr("%1 · %2 · %3 · %4").arg(model.timeText).arg(model.eventText).arg(model.user || "—").arg(model.summary || "")
            font.pixelSize: theme.fontBody * 0.85
            color: model.failed ? theme.danger : theme.text
            wrapMode: Text.WrapAnywhere
            Accessible.name: text
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.topMargin: theme.spacing
        text: qsTr("Station PIN (4 to 12 digits)")
        font.pixelSize: theme.fontTitle * 0.8
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        KField {
            id: newPin
            objectName: "newPinField"
            Layout.fillWidth: true
            label: qsTr("New PIN")
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
            maximumLength: 12
        }
        KButton {
            objectName: "setPin"
            text: qsTr("Save PIN")
            onClicked: { admin.setPin(newPin.text); newPin.text = "" }
        }
    }
    Notice {
        Layout.fillWidth: true
        text: admin.message
    }
}
