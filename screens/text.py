"""User text made safe to show: never read as markup, control characters made visible."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from rich.cells import cell_len
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


def widest(texts: Iterable[str], heading: str = "") -> int:
    """The cells the widest of `texts` (or the heading) takes as shown: a column of dates,
    names or purposes is given this much, whole, before free text shares the rest."""
    return max([cell_len(_flat(text)) for text in texts] + [cell_len(heading)])


# The header's icon and padding take this many of the terminal's columns.
HEADER_MARGIN = 20


def fitting_subtitle(width: int, title: str, *choices: str) -> str:
    """The first of the sub-titles (the longest first) that fits in the header beside
    `title` in a terminal `width` wide: a short purpose label keeps the date whole."""
    room = width - HEADER_MARGIN - cell_len(title) - 3
    return next((choice for choice in choices if cell_len(choice) <= room), choices[-1])


def example_day(today: date, days: int = 11) -> str:
    """A date a little ahead of today as the fields take it ("2026-12-12"), for a
    placeholder's example: a fixed one looks stale once it has passed."""
    return (today + timedelta(days=days)).isoformat()
