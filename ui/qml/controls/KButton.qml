// A touch button: at least theme.touch (9 mm) high and wide, its label wraps instead of being cut,
// its accessible name is its label, pressed state visible (no hover-only affordance).
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

Button {
    id: control
    property string kind: "normal"   // normal, primary, danger
    property string detail: ""       // a second, smaller line
    implicitHeight: Math.max(theme.touch, contentItem.implicitHeight + topPadding + bottomPadding)
    // the labels' unwrapped widths (a Column of width-bound children has no implicit width of its own)
    implicitWidth: Math.max(theme.touch * 1.6, Math.min(Math.max(titleMetrics.advanceWidth, control.detail !== "" ? subMetrics.advanceWidth : 0) + 2,
                                                        theme.touch * 8) + leftPadding + rightPadding)
    TextMetrics { id: titleMetrics; font: title.font; text: control.text }
    TextMetrics { id: subMetrics; font: sub.font; text: control.detail }
    padding: theme.spacing
    // in a row of buttons the label wraps before a button is pushed out of the screen
    Layout.minimumWidth: theme.touch * 1.6
    focusPolicy: Qt.StrongFocus
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.description: detail
    contentItem: Item {
      implicitHeight: labels.implicitHeight
      Column {
        id: labels
        width: parent.width
        anchors.verticalCenter: parent.verticalCenter
        spacing: 4
        Label {
            id: title
            width: parent.width
            text: control.text
            font.pixelSize: theme.fontBody
            font.bold: control.kind !== "normal"
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            color: control.enabled ? (control.kind === "normal" ? theme.text : theme.onAccent) : theme.muted
        }
        Label {
            id: sub
            width: parent.width
            visible: control.detail !== ""
            text: control.detail
            font.pixelSize: theme.fontBody * 0.75
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            color: control.kind === "normal" ? theme.muted : theme.onAccent
        }
      }
    }
    background: Rectangle {
        radius: 8
        border.width: theme.highContrast ? 3 : 1
        border.color: control.activeFocus ? theme.accent : theme.border
        color: !control.enabled ? theme.background
             : control.kind === "primary" ? (control.down ? Qt.darker(theme.accent, 1.3) : theme.accent)
             : control.kind === "danger" ? (control.down ? Qt.darker(theme.danger, 1.3) : theme.danger)
             : (control.down ? Qt.darker(theme.surface, 1.15) : theme.surface)
    }
}
