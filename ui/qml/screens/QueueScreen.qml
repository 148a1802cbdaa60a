// The queue: every job, newest first, its state, progress and reason in words; cancel and retry.
// A ListView creates delegates only for the rows on screen (10,000 jobs stay cheap).
import QtQuick
import QtQuick.Controls.Basic
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
        // Light on purpose (bench/kiosk.sh, 10,000 jobs): the display strings come ready from the
        // model (titleText, detailText); plain Text, not Label; Column/Row and a few anchors, no
        // Layouts; a card drawn as its outline on the page (filling ten cards per frame cost a
        // third of a frame in software OpenGL) and without radius (an antialiased one is blended
        // pixel by pixel); the progress bar is two rectangles; buttons exist only when shown.
        delegate: Rectangle {
            id: row
            required property int index
            required property var jobId
            required property string stateText
            required property string jobState
            required property string kind
            required property double progress
            required property string titleText
            required property string detailText
            required property bool canCancel
            required property bool canRetry
            readonly property bool failed: jobState === "failed"
            readonly property bool running: jobState === "running"
            objectName: "job-" + jobId
            width: ListView.view.width
            height: Math.max(texts.height, buttons.height) + theme.spacing * 2
            color: "transparent"
            border.color: row.failed ? theme.danger : theme.border
            border.width: theme.highContrast || row.failed ? 2 : 1
            Accessible.role: Accessible.ListItem
            Accessible.name: qsTr("Job %1: %2").arg(jobId).arg(stateText)
            Row {
                id: buttons
                anchors { right: parent.right; top: parent.top; margins: theme.spacing }
                spacing: theme.spacing
                RowButton {
                    objectName: "open-" + row.jobId
                    visible: row.kind === "author"
                    text: qsTr("Show")
                    onClicked: { burn.follow(row.jobId); screen.StackView.view.go("burn-progress") }
                }
                RowButton {
                    objectName: "cancel-" + row.jobId
                    visible: row.canCancel
                    kind: "danger"
                    text: qsTr("Cancel")
                    Accessible.name: qsTr("Cancel job %1").arg(row.jobId)
                    onClicked: jobs.cancel(row.jobId)
                }
                RowButton {
                    objectName: "retry-" + row.jobId
                    visible: row.canRetry
                    text: qsTr("Retry")
                    Accessible.name: qsTr("Retry job %1").arg(row.jobId)
                    onClicked: jobs.retry(row.jobId)
                }
            }
            Column {
                id: texts
                anchors { left: parent.left; top: parent.top; margins: theme.spacing }
                width: row.width - buttons.width - theme.spacing * 3
                spacing: 4
                Text {
                    width: parent.width
                    text: row.titleText
                    textFormat: Text.PlainText
                    font.pixelSize: theme.fontBody
                    font.bold: true
                    color: row.failed ? theme.danger : theme.text
                    wrapMode: Text.WordWrap
                }
                Rectangle {
                    objectName: "progress-" + row.jobId
                    visible: row.running
                    width: parent.width
                    height: 6
                    color: theme.border
                    Accessible.role: Accessible.ProgressBar
                    Accessible.name: qsTr("Progress: %1 percent").arg(Math.round(row.progress * 100))
                    Rectangle {
                        width: parent.width * Math.max(0, Math.min(1, row.progress))
                        height: parent.height
                        color: theme.accent
                    }
                }
                Text {
                    width: parent.width
                    visible: text !== ""
                    text: row.detailText
                    textFormat: Text.PlainText
                    font.pixelSize: theme.fontBody * 0.85
                    color: theme.muted
                    wrapMode: Text.WordWrap
                }
            }
        }
    }
}
