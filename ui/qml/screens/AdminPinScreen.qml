// Administration is locked: a PIN unlocks it; the first time (or without a PIN) an administrator
// signs in with the service's name and password.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    id: screenRoot
    objectName: "admin-pin"
    title: qsTr("Administration")
    Connections {
        target: admin
        function onChanged() {
            if (!admin.unlocked) return
            var view = screenRoot.StackView.view   // this screen is gone after goBack()
            view.goBack()
            view.go("admin")
        }
    }

    Label {
        Layout.fillWidth: true
        visible: admin.hasPin
        text: qsTr("Enter the administrator PIN.")
        font.pixelSize: theme.fontBody
        color: theme.text
        wrapMode: Text.WordWrap
    }
    RowLayout {
        Layout.fillWidth: true
        visible: admin.hasPin
        spacing: theme.spacing
        KField {
            id: pin
            objectName: "pinField"
            Layout.fillWidth: true
            label: qsTr("PIN")
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
            maximumLength: 12
            onAccepted: { admin.unlockWithPin(text); text = "" }
        }
        KButton {
            objectName: "pinUnlock"
            kind: "primary"
            text: qsTr("Unlock")
            onClicked: { admin.unlockWithPin(pin.text); pin.text = "" }
        }
    }
    Label {
        Layout.fillWidth: true
        text: admin.hasPin ? qsTr("Or sign in with your name and password:") : qsTr("Sign in with your name and password:")
        font.pixelSize: theme.fontBody
        color: theme.text
        wrapMode: Text.WordWrap
    }
    KField {
        id: user
        objectName: "userField"
        Layout.fillWidth: true
        label: qsTr("Name")
        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
    }
    KField {
        id: secret
        objectName: "secretField"
        Layout.fillWidth: true
        label: qsTr("Password")
        echoMode: TextInput.Password
        inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
    }
    KButton {
        objectName: "signIn"
        Layout.fillWidth: true
        text: qsTr("Sign in")
        enabled: user.text !== "" && secret.text !== ""
        onClicked: { admin.signIn(user.text, secret.text); secret.text = "" }
    }
    Notice {
        objectName: "adminMessage"
        Layout.fillWidth: true
        kind: "warning"
        text: admin.message
    }
}
