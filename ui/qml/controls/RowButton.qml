// A button inside a list row (the queue's Show, Cancel, Retry): still a real button (an
// AbstractButton: screen readers, keyboard focus, the 9 mm check see it as one) but one Text and
// one Rectangle instead of KButton's Column, two Labels and two TextMetrics, so that a recycled
// delegate rebinds little while a 10,000-job list scrolls (bench/kiosk.sh).
import QtQuick
import QtQuick.Templates as T

T.AbstractButton {
    id: control
    property string kind: "normal"   // normal, danger
    padding: theme.spacing
    implicitHeight: Math.max(theme.touch, label.implicitHeight + topPadding + bottomPadding)
    implicitWidth: Math.max(theme.touch * 1.6, Math.min(label.implicitWidth, theme.touch * 4) + leftPadding + rightPadding)
    focusPolicy: Qt.StrongFocus
    Accessible.role: Accessible.Button
    Accessible.name: text
    contentItem: Text {
        id: label
        text: control.text
        textFormat: Text.PlainText
        font.pixelSize: theme.fontBody
        font.bold: control.kind !== "normal"
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        color: control.kind === "normal" ? theme.text : theme.onAccent
    }
    background: Rectangle {
        border.width: theme.highContrast ? 3 : 1
        border.color: control.activeFocus ? theme.accent : theme.border
        color: control.kind === "danger" ? (control.down ? Qt.darker(theme.danger, 1.3) : theme.danger)
             : (control.down ? Qt.darker(theme.surface, 1.15) : theme.surface)
    }
}
