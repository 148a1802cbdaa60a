// The queue: every job, newest first, its state, progress and reason in words; cancel and retry.
// A ListView creates delegates only for the rows on screen (10,000 jobs stay cheap).
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "../controls"

Item {
    id: screen
    objectName: "queue"
    readonly property real pad: theme.spacing * 1.5

    ScreenHeader {
        id: header
        title: qsTr("Jobs")
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: screen.pad }
        onBack: screen.StackView.view.goBack()
    }
    Notice {
        id: notice
        objectName: "queueNotice"
        anchors { left: parent.left; right: parent.right; top: header.bottom; margins: screen.pad }
        kind: "error"
        text: jobs.lastError
        Connections {
            target: jobs
            function onActionFailed(message) { notice.text = message }
        }
    }
    Label {
        id: empty
        anchors { left: parent.left; right: parent.right; top: notice.visible ? notice.bottom : header.bottom; margins: screen.pad }
        visible: jobs.count === 0
        text: qsTr("No jobs yet.")
        font.pixelSize: theme.fontBody
        color: theme.muted
        wrapMode: Text.WordWrap
    }
    ListView {
        id: list
        objectName: "jobList"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: screen.pad
                  top: notice.visible ? notice.bottom : header.bottom }
        clip: true
        model: jobs
        spacing: theme.spacing / 2
        reuseItems: true
        cacheBuffer: 0
        boundsBehavior: Flickable.StopAtBounds
        Accessible.role: Accessible.List
        Accessible.name: qsTr("Jobs")
        delegate: Rectangle {
            id: row
            required property int index
            required property var jobId
            required property string stateText
            required property string jobState
            required property string kind
            required property double progress
            required property int copies
            required property int copiesDone
            required property string stepText
            required property string timeLeftText
            required property string reason
            required property bool canCancel
            required property bool canRetry
            objectName: "job-" + jobId
            width: ListView.view.width
            implicitHeight: rowLayout.implicitHeight + theme.spacing * 2
            radius: 6
            color: theme.surface
            border.color: row.jobState === "failed" ? theme.danger : theme.border
            border.width: theme.highContrast || row.jobState === "failed" ? 2 : 1
            Accessible.role: Accessible.ListItem
            Accessible.name: qsTr("Job %1: %2").arg(jobId).arg(stateText)
            RowLayout {
                id: rowLayout
                anchors { fill: parent; margins: theme.spacing }
                spacing: theme.spacing
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Job %1 · %2 · %3 of %4").arg(row.jobId).arg(row.stateText).arg(row.copiesDone).arg(row.copies)
                        font.pixelSize: theme.fontBody
                        font.bold: true
                        color: row.jobState === "failed" ? theme.danger : theme.text
                        wrapMode: Text.WordWrap
                    }
                    ProgressBar {
                        Layout.fillWidth: true
                        visible: row.jobState === "running"
                        from: 0; to: 1; value: row.progress
                        Accessible.name: qsTr("Progress: %1 percent").arg(Math.round(row.progress * 100))
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: row.jobState === "running" ? [row.stepText, row.timeLeftText].filter(function (s) { return s !== "" }).join(" · ") : row.reason
                        font.pixelSize: theme.fontBody * 0.85
                        color: theme.muted
                        wrapMode: Text.WordWrap
                    }
                }
                KButton {
                    objectName: "open-" + row.jobId
                    text: qsTr("Show")
                    visible: row.kind === "author"
                    onClicked: { burn.follow(row.jobId); screen.StackView.view.go("burn-progress") }
                }
                KButton {
                    objectName: "cancel-" + row.jobId
                    visible: row.canCancel
                    kind: "danger"
                    text: qsTr("Cancel")
                    Accessible.name: qsTr("Cancel job %1").arg(row.jobId)
                    onClicked: jobs.cancel(row.jobId)
                }
                KButton {
                    objectName: "retry-" + row.jobId
                    visible: row.canRetry
                    text: qsTr("Retry")
                    Accessible.name: qsTr("Retry job %1").arg(row.jobId)
                    onClicked: jobs.retry(row.jobId)
                }
            }
        }
    }
}
