// Burn, step 2: the medium and the number of copies (encryption when the service offers it).
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "burn-options"
    title: qsTr("Disc and copies")

    Label {
        Layout.fillWidth: true
        text: burn.sourceText
        font.pixelSize: theme.fontBody
        color: theme.muted
        wrapMode: Text.WrapAnywhere
    }
    GridLayout {
        Layout.fillWidth: true
        columns: width > theme.touch * 10 ? 4 : 2
        rowSpacing: theme.spacing
        columnSpacing: theme.spacing
        Repeater {
            model: [
                { code: "cd", name: qsTr("CD") },
                { code: "dvd", name: qsTr("DVD") },
                { code: "usb", name: qsTr("USB stick") },
                { code: "robot", name: qsTr("Disc robot") }
            ]
            KButton {
                objectName: "medium-" + modelData.code
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: modelData.name
                kind: burn.medium === modelData.code ? "primary" : "normal"
                checkable: true
                checked: burn.medium === modelData.code
                Accessible.name: qsTr("Medium: %1").arg(modelData.name)
                onClicked: burn.medium = modelData.code
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        Label {
            Layout.fillWidth: true
            text: qsTr("Copies")
            font.pixelSize: theme.fontBody
            color: theme.text
            wrapMode: Text.WordWrap
        }
        KButton {
            objectName: "copiesLess"
            text: "−"
            Accessible.name: qsTr("One copy less")
            enabled: burn.copies > 1
            onClicked: burn.copies = burn.copies - 1
        }
        Label {
            objectName: "copiesValue"
            text: burn.copies
            font.pixelSize: theme.fontTitle
            font.bold: true
            color: theme.text
            horizontalAlignment: Text.AlignHCenter
            Layout.minimumWidth: theme.touch
            Accessible.name: qsTr("%n copies", "", burn.copies)
        }
        KButton {
            objectName: "copiesMore"
            text: "+"
            Accessible.name: qsTr("One copy more")
            onClicked: burn.copies = burn.copies + 1
        }
    }
    Switch {
        id: encrypt
        objectName: "encrypt"
        Layout.fillWidth: true
        enabled: burn.encryptionAvailable
        checked: burn.encrypt
        onToggled: burn.encrypt = checked
        text: qsTr("Protect with a password")
        font.pixelSize: theme.fontBody
        implicitHeight: Math.max(theme.touch, implicitContentHeight + topPadding + bottomPadding)
        Accessible.name: text
        Accessible.description: burn.encryptionNote
        contentItem: Label {
            // beside the indicator, which sits on the right in a right-to-left language
            leftPadding: encrypt.mirrored ? 0 : encrypt.indicator.width + encrypt.spacing
            rightPadding: encrypt.mirrored ? encrypt.indicator.width + encrypt.spacing : 0
            text: encrypt.text
            font: encrypt.font
            color: encrypt.enabled ? theme.text : theme.muted
            wrapMode: Text.WordWrap
            verticalAlignment: Text.AlignVCenter
        }
    }
    Notice {
        objectName: "encryptNote"
        Layout.fillWidth: true
        visible: burn.encrypt || !burn.encryptionAvailable
        text: visible ? burn.encryptionNote : ""
    }
    Notice {
        objectName: "optionsProblem"
        Layout.fillWidth: true
        kind: "warning"
        text: burn.problem
    }
    KButton {
        objectName: "optionsNext"
        Layout.fillWidth: true
        kind: "primary"
        text: qsTr("Next: check the patient")
        enabled: burn.ready
        onClicked: { burn.confirm(); go("burn-confirm") }
    }
}
