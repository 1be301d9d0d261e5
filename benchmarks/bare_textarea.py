"""The bare widget a step's text field is measured against: a Textual app with one TextArea.

    python -m benchmarks.bare_textarea

One TextArea with soft wrap, as coach's step fields have, and nothing else.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import TextArea


class BareTextAreaApp(App[None]):
    """One TextArea, focused."""

    def compose(self) -> ComposeResult:
        """The field."""
        yield TextArea(soft_wrap=True, placeholder="Type here")


if __name__ == "__main__":
    BareTextAreaApp().run()
