"""Text fields that show control characters as symbols instead of sending them to the terminal.

Their cursors do not blink: a blinking cursor redraws the screen twice a second,
so an app left open in a meeting would never be idle (and over SSH would send
a steady stream).  The cursor starts at the end of the text, so typing continues it.

Textual's TextArea and Input write their text to the terminal as it is, so a
pasted escape sequence would be obeyed.  These fields turn control characters
into visible symbols on the way in (when loaded, and when pasted): what is on
screen is exactly what is stored.  Typed keys never insert control characters.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input, TextArea

from coach.user_text import visible


class NoteArea(TextArea):
    """A multi-line note field; the cursor starts at the end, so typing continues the note."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(visible(text), **kwargs)
        self.cursor_blink = False
        self.move_cursor(self.document.end)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Enter is text here (a new line), like every printable key."""
        return super().check_consume_key(key, character) or (key == "enter" and not self.read_only)

    async def _on_paste(self, event: events.Paste) -> None:
        # Replaces TextArea's own paste handling (Textual dispatches the most
        # derived handler first; prevent_default stops the base one).
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        result = self.replace(visible(event.text), *self.selection)
        self.move_cursor(result.end_location)


class PastedLines(Message):
    """Text with line breaks was pasted into a one-line field that keeps it whole."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class LineInput(Input):
    """A one-line field; the cursor starts at the end, so typing continues what is there."""

    # Textual's Input sets its virtual size to the width of its text on every key, and a
    # change of virtual size asks for a new layout of the whole screen: on a busy screen
    # (live capture) that was most of the time a keystroke took to show.  A field's size
    # never depends on its text, so repainting it is enough.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, value: str | None = None, **kwargs: Any) -> None:
        # Textual selects a field's text when it gets focus, so the first key typed
        # would replace a restored draft: here it continues it instead.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(visible(value) if value else value, **kwargs)
        self.cursor_blink = False

    # When True, a paste with line breaks is handed to the screen whole (PastedLines)
    # instead of being joined into one line.
    keeps_pasted_lines = False

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        if self.disabled:
            return
        text = visible(event.text)
        if self.keeps_pasted_lines and "\n" in text.strip("\n"):
            self.post_message(PastedLines(text))
            return
        line = " ".join(text.splitlines())
        self.insert_text_at_cursor(line)
