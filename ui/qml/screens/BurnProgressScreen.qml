// Burn, step 4: progress with time left, then done (take the discs) or failed with the reason.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Screen {
    objectName: "burn-progress"
    title: burn.stage === "done" ? qsTr("The discs are ready")
         : burn.stage === "failed" ? qsTr("The disc could not be made")
         : qsTr("Making the disc")
    canGoBack: burn.stage !== "submitting"

    Label {
        Layout.fillWidth: true
        visible: burn.patientName !== ""
        text: burn.patientName
        font.pixelSize: theme.fontTitle
        font.bold: true
        color: theme.text
        wrapMode: Text.WordWrap
    }
    // The medium's password, once (the service answered it with the submit and keeps it nowhere):
    // large, in a font where 0/O and 1/l differ, until the person says it is written down.
    Rectangle {
        objectName: "passwordPanel"
        Layout.fillWidth: true
        visible: burn.mediumPassword !== ""
        implicitHeight: passwordColumn.implicitHeight + 2 * theme.spacing
        color: theme.surface
        border.color: theme.warning
        border.width: 3
        Accessible.role: Accessible.AlertMessage
        Accessible.name: qsTr("Password for this disc: %1").arg(burn.mediumPassword.split("").join(" "))
        ColumnLayout {
            id: passwordColumn
            anchors { fill: parent; margins: theme.spacing }
            spacing: theme.spacing / 2
            Label {
                Layout.fillWidth: true
                text: qsTr("Password for this disc")
                font.pixelSize: theme.fontBody
                font.bold: true
                color: theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                objectName: "mediumPassword"
                Layout.fillWidth: true
                text: burn.mediumPassword
                font.family: "DejaVu Sans Mono"
                font.pixelSize: theme.fontHuge
                font.bold: true
                color: theme.text
                wrapMode: Text.WrapAnywhere
                horizontalAlignment: Text.AlignHCenter
                LayoutMirroring.enabled: false  // a password reads left to right in every language
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Shown only now. Write it down or print the slip, and give it to the patient apart from the disc.")
                font.pixelSize: theme.fontBody
                color: theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                objectName: "slipMessage"
                Layout.fillWidth: true
                visible: text !== ""
                text: burn.slipMessage
                font.pixelSize: theme.fontBody
                color: theme.muted
                wrapMode: Text.WordWrap
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                KButton {
                    objectName: "printSlip"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("Print the slip")
                    onClicked: burn.printSlip()
                }
                KButton {
                    objectName: "passwordNoted"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    kind: "primary"
                    text: qsTr("It is written down")
                    onClicked: burn.passwordNoted()
                }
            }
        }
    }
    ProgressBar {
        objectName: "burnProgress"
        Layout.fillWidth: true
        visible: burn.stage === "running" || burn.stage === "submitting"
        from: 0
        to: 1
        value: burn.progress
        implicitHeight: theme.touch / 2
        Accessible.name: qsTr("Progress: %1 percent").arg(Math.round(burn.progress * 100))
    }
    Notice {
        objectName: "robotAttention"
        Layout.fillWidth: true
        kind: "error"
        text: burn.attentionText
    }
    Label {
        objectName: "burnStep"
        Layout.fillWidth: true
        visible: burn.stage === "running"
        text: burn.stepText
        font.pixelSize: theme.fontBody
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        objectName: "burnTimeLeft"
        Layout.fillWidth: true
        visible: burn.stage === "running" && burn.timeLeftText !== ""
        text: burn.timeLeftText
        font.pixelSize: theme.fontTitle
        color: theme.text
        wrapMode: Text.WordWrap
    }
    Label {
        objectName: "burnCopies"
        Layout.fillWidth: true
        visible: burn.stage === "running" || burn.stage === "done"
        text: qsTr("%1 of %n disc(s) done", "", burn.copies).arg(burn.copiesDone)
        font.pixelSize: theme.fontBody
        color: theme.muted
        wrapMode: Text.WordWrap
    }
    Notice {
        objectName: "burnStopping"
        Layout.fillWidth: true
        visible: burn.stopping && burn.stage === "running"
        text: visible ? qsTr("This job stops after the copy in hand; that disc is finished and checked first.") : ""
    }
    Notice {
        objectName: "burnDone"
        Layout.fillWidth: true
        visible: burn.stage === "done"
        text: visible ? (burn.doneNote !== "" ? burn.doneNote + " " : "") + qsTr("Every disc was read back and checked. Take them from the drive.") : ""
    }
    Notice {
        objectName: "burnFailure"
        Layout.fillWidth: true
        kind: "error"
        text: burn.stage === "failed" ? burn.failureReason : ""
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: theme.spacing
        KButton {
            objectName: "burnStopAfterCopy"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            visible: burn.canStopAfterCopy
            text: qsTr("Stop after this copy")
            onClicked: burn.stopAfterThisCopy()
        }
        KButton {
            objectName: "burnCancel"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            visible: burn.stage === "running"
            kind: "danger"
            text: qsTr("Stop this job")
            onClicked: burn.cancel()
        }
        KButton {
            objectName: "burnRetry"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            visible: burn.stage === "failed"
            text: qsTr("Change and try again")
            onClicked: { burn.back(); home(); go("burn-options") }
        }
        KButton {
            objectName: "burnFinish"
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            visible: burn.stage !== "submitting"
            kind: burn.stage === "done" ? "primary" : "normal"
            text: qsTr("Back to the start")
            onClicked: { if (burn.stage === "done" || burn.stage === "failed") burn.clear(); home() }
        }
    }
}
