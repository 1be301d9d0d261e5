"""Help: the five steps, the keys, and where the data lives (from content/help.md)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from coach.guidance import help_text


class HelpScreen(ModalScreen[None]):
    """The help text over the current screen; escape or F1 closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,f1,q", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        """The help, scrollable."""
        with VerticalScroll(id="help"):
            yield Markdown(help_text())
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Scroll with the arrow keys straight away."""
        self.query_one("#help").focus()
