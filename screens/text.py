"""User text made safe to show: never read as markup, control characters made visible."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from coach.user_text import collapse, visible


def literal(text: str) -> Content:
    """Text exactly as typed, never markup, with control characters shown as symbols."""
    return Content(visible(text))


def _flat(text: str) -> str:
    return collapse(visible(text))


def cell(text: str, width: int | None = None, style: str = "") -> Text:
    """A table cell holding user text on one line, cut with … to `width` cells."""
    shown = Text(_flat(text), style=style, no_wrap=True)  # Text() never parses markup
    if width is not None:
        shown.truncate(max(width, 1), overflow="ellipsis")
    return shown


def wrapped(text: str, style: str = "") -> Text:
    """A table cell holding user text that wraps onto as many lines as it needs."""
    return Text(visible(text), style=style)


def one_line(text: str, width: int) -> str:
    """`text` on one line, cut with … to `width` cells (for lists and summaries)."""
    return cell(text, width).plain
