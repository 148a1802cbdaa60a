// A text field sized for touch; the on-screen keyboard (Qt Virtual Keyboard) opens when it is tapped.
import QtQuick
import QtQuick.Controls.Basic

TextField {
    id: field
    property string label
    implicitHeight: Math.max(theme.touch, contentHeight + topPadding + bottomPadding)
    font.pixelSize: theme.fontBody
    color: theme.text
    placeholderText: label
    placeholderTextColor: theme.muted
    Accessible.role: Accessible.EditableText
    Accessible.name: label
    background: Rectangle {
        radius: 6
        color: theme.surface
        border.width: field.activeFocus ? 3 : (theme.highContrast ? 2 : 1)
        border.color: field.activeFocus ? theme.accent : theme.border
    }
}
