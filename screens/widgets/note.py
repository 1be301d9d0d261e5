"""A one-line note under a field: a hint, a preview, or what is wrong (hidden when empty)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from coach.user_text import visible


class Note(Static):
    """Plain text under a field; takes no room when there is nothing to say."""

    DEFAULT_CSS = """
    Note {
        color: $text-muted;
        padding: 0 1;
        height: auto;
    }
    Note.-error {
        color: $error;
        text-style: bold;
    }
    Note.-silent {
        display: none;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.text = ""  # what it says now
        self.say(text)

    def say(self, text: str, *, error: bool = False) -> None:
        """Show `text` (literally), styled as a problem when `error`."""
        self.text = text
        self.update(Content(visible(text)))
        self.set_class(error, "-error")
        self.set_class(not text, "-silent")

    @property
    def is_error(self) -> bool:
        """Whether the note is showing a problem."""
        return self.has_class("-error")
