"""Help: the five steps, the keys, and where the data lives (from content/help.md)."""

from __future__ import annotations

from functools import cache

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from coach.guidance.library import help_text
from coach.screens.help_text import help_content


@cache
def _help() -> Content:
    """Read and drawn once: F1 shows it without touching the disk again."""
    return help_content(help_text())


class HelpScreen(ModalScreen[None]):
    """The help text over the current screen; escape or F1 closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,f1,q", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        """The help, scrollable."""
        with VerticalScroll(id="help"):
            yield Static(_help(), id="help-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Scroll with the arrow keys straight away."""
        self.query_one("#help").focus()
