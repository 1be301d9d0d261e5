"""The bare widget live capture is measured against: a Textual app with one Input.

    python -m benchmarks.bare_input

Nothing else: no header, no timers, no data.  Any Textual app with a line field pays at
least what this one pays for a keystroke, and uses at least this much CPU while idle.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input


class BareInputApp(App[None]):
    """One Input, focused."""

    def compose(self) -> ComposeResult:
        """The field."""
        yield Input(placeholder="Type here")


if __name__ == "__main__":
    BareInputApp().run()
