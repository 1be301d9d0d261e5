"""The top of the dashboard: how reliably we keep our word, and what is due now."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from coach.dates import show_due
from coach.screens.text import one_line

# The ledger is imported with what reads it (off the UI thread, after the first frame).
if TYPE_CHECKING:
    from coach.memory.ledger import Ledger
    from coach.memory.nudges import Nudges

UNFOLLOWED = "⚑"  # marks a conversation held without any follow-through recorded


def due_words(nudges: Nudges, today: date) -> str:
    """'2 overdue, 1 due today · due a conversation: Priya (3 days late), Sam'."""
    parts = []
    if nudges.commitments:
        counts = []
        if nudges.overdue:
            counts.append(f"{nudges.overdue} overdue")
        if nudges.due_today:
            counts.append(f"{nudges.due_today} due today")
        parts.append(", ".join(counts))
    if nudges.people:
        named = []
        for rhythm in nudges.people:
            name = nudges.short_names.get(rhythm.person_id, rhythm.name)
            late = rhythm.days_late(today) > 0
            named.append(f"{name} ({show_due(rhythm.next_due, today)})" if late else name)
        parts.append("due a conversation: " + ", ".join(named))
    return " · ".join(parts)


def strip_content(
    book: Ledger, nudges: Nudges, unfollowed: int, today: date, width: int
) -> Content:
    """Two lines at most: the ledger's headline, then what is due (when anything is)."""
    from coach.memory.ledger import WINDOW_DAYS, headline

    room = max(width - 2, 20)
    lines: list[Content | tuple[str, str] | str] = [
        (f"Last {WINDOW_DAYS} days: ", "bold"),
        one_line(headline(book, room - 16), room - 16),
    ]
    due = due_words(nudges, today)
    if unfollowed:
        held = f"{UNFOLLOWED} {unfollowed} held without follow-through"
        due = f"{due} · {held}" if due else held
    if due:
        lines += ["\n", ("Due now: ", "bold $warning"), (one_line(due, room - 9), "$warning")]
    return Content.assemble(*lines)


class MemoryStrip(Static):
    """Ledger headline and nudges, one or two lines."""

    DEFAULT_CSS = """
    MemoryStrip {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        color: $text;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="memory")
