// Burn, step 3: the patient's name and birth date shown large, so the wrong patient is caught here.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "burn-confirm"
    title: qsTr("Is this the right patient?")

    Label {
        objectName: "confirmName"
        Layout.fillWidth: true
        text: burn.patientName !== "" ? burn.patientName : qsTr("Patient shown on the disc after it is read")
        font.pixelSize: burn.patientName !== "" ? theme.fontHuge : theme.fontTitle
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignLeft  // mirrored to the right in a right-to-left language
        Accessible.name: qsTr("Patient: %1").arg(text)
    }
    Label {
        objectName: "confirmBirthDate"
        Layout.fillWidth: true
        visible: burn.patientBirthDate !== ""
        text: qsTr("Born %1").arg(burn.patientBirthDate)
        font.pixelSize: theme.fontHuge * 0.8
        color: theme.text
        wrapMode: Text.WordWrap
        Accessible.name: text
    }
    Label {
        Layout.fillWidth: true
        text: burn.studyText
        font.pixelSize: theme.fontBody
        color: theme.muted
        wrapMode: Text.WrapAnywhere
    }
    Label {
        Layout.fillWidth: true
        text: qsTr("%n copy/copies on %1", "", burn.copies).arg(burn.medium === "cd" ? qsTr("CD") : burn.medium === "dvd" ? qsTr("DVD")
                                                                  : burn.medium === "usb" ? qsTr("USB stick") : qsTr("Disc robot"))
        font.pixelSize: theme.fontBody
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        objectName: "confirmEncrypted"
        Layout.fillWidth: true
        visible: burn.encrypt
        text: qsTr("Protected with a password: it is shown once, on the next screen.")
        font.pixelSize: theme.fontBody
        font.bold: true
        color: theme.warning
        wrapMode: Text.WordWrap
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        KButton {
            objectName: "confirmWrong"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            text: qsTr("No, go back")
            onClicked: { burn.back(); back() }
        }
        KButton {
            objectName: "confirmBurn"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            kind: "primary"
            text: qsTr("Yes, make the disc")
            onClicked: { burn.submit(); go("burn-progress") }
        }
    }
}
