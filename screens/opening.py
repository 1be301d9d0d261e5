"""Shown for the moment it takes to read the data, so the first paint is instant.

No spinner: the screen stays under the dashboard for the rest of the session,
and an animation there would go on redrawing an app nobody is using.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class OpeningScreen(Screen[None]):
    """A header and a line saying what is happening."""

    CSS_PATH = "opening.tcss"

    def compose(self) -> ComposeResult:
        """Lay out the screen."""
        yield Header()
        with Middle(), Center():
            yield Static("Opening your conversations…", id="opening-message")
        yield Footer(compact=True)
