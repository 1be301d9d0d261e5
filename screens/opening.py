"""Shown for the moment it takes to read the data, so the first paint is instant."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static


class OpeningScreen(Screen[None]):
    """A header, a spinner and a line saying what is happening."""

    CSS_PATH = "opening.tcss"

    def compose(self) -> ComposeResult:
        """Lay out the screen."""
        yield Header()
        with Middle(), Center():
            yield Static("Opening your conversations…", id="opening-message")
            yield LoadingIndicator()
        yield Footer(compact=True)
