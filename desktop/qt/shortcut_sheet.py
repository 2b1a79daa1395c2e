"""The shortcut sheet (F1): every key of the window, read from its menus, never typed twice."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)


def shortcut_rows(menus: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(keys, what it does)]) for every menu action that has keys."""
    sections = []
    for menu_action in menus.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = [
            (
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                action.text().replace("&", ""),
            )
            for action in menu.actions()
            if not action.isSeparator() and not action.shortcut().isEmpty()
        ]
        if rows:
            sections.append((menu_action.text().replace("&", ""), rows))
    return sections


class ShortcutSheet(QDialog):
    def __init__(self, menus: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        html = ["<table cellspacing='0' cellpadding='4'>"]
        for title, rows in shortcut_rows(menus):
            html.append(f"<tr><td colspan='2'><br><b>{escape(title)}</b></td></tr>")
            for keys, text in rows:
                html.append(
                    f"<tr><td align='right'><code><b>{escape(keys)}</b></code></td>"
                    f"<td>{escape(text)}</td></tr>"
                )
        html.append("</table>")
        self.sheet = QLabel("".join(html))
        self.sheet.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheet)
        layout.addWidget(buttons)
