"""User text made safe to show: always literal, never read as markup, cut to fit."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content


def literal(text: str) -> Content:
    """Text exactly as typed (control characters removed), never markup."""
    return Content(text)


def _printable(text: str) -> str:
    # Dropping control codes keeps escape sequences off the terminal.
    return "".join(ch for ch in " ".join(text.split()) if ch.isprintable())


def cell(text: str, width: int | None = None, style: str = "") -> Text:
    """A table cell holding user text on one line, cut with … to `width` cells."""
    shown = Text(_printable(text), style=style, no_wrap=True)  # Text() never parses markup
    if width is not None:
        shown.truncate(max(width, 1), overflow="ellipsis")
    return shown


def one_line(text: str, width: int) -> str:
    """`text` on one line, cut with … to `width` cells (for lists and summaries)."""
    return cell(text, width).plain
