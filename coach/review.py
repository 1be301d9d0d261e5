"""The rows of the review table: one per conversation, with filters and sort orders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.guidance import purpose_title

Document = dict[str, Any]


@dataclass(frozen=True)
class ReviewRow:
    """One conversation as the review table shows it."""

    id: str
    date: dt.date | None  # the day it is (or was) held, if set
    day: dt.date  # for ordering and date filters: the date, else the day it was created
    person_id: str
    person: str
    purpose: str  # the purpose's key
    purpose_title: str
    status: str
    open: int  # commitments still open
    overdue: int  # of which past their due date


@dataclass(frozen=True)
class Filters:
    """What the leader narrowed the review to; None means any."""

    person_id: str | None = None
    purpose: str | None = None
    status: str | None = None
    start: date | None = None
    end: date | None = None

    def admits(self, row: ReviewRow) -> bool:
        """Whether `row` passes every filter."""
        return (
            (self.person_id is None or row.person_id == self.person_id)
            and (self.purpose is None or row.purpose == self.purpose)
            and (self.status is None or row.status == self.status)
            and (self.start is None or row.day >= self.start)
            and (self.end is None or row.day <= self.end)
        )


# Sort orders by column key; each gives the natural (ascending) order.
SORTS: dict[str, Callable[[ReviewRow], Any]] = {
    "date": lambda r: (r.day, r.id),
    "person": lambda r: (r.person.casefold(), r.day),
    "purpose": lambda r: (r.purpose_title.casefold(), r.day),
    "status": lambda r: (r.status, r.day),
    "open": lambda r: (r.open, r.overdue, r.day),
}


def sort_rows(rows: list[ReviewRow], column: str, descending: bool) -> list[ReviewRow]:
    """`rows` ordered by one column."""
    return sorted(rows, key=SORTS[column], reverse=descending)


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def review_rows(
    people: list[Document],
    conversations: list[Document],
    commitments: list[Document],
    today: date,
) -> list[ReviewRow]:
    """Every stored conversation as a row (documents as from Store.documents)."""
    names = {str(p.get("id")): str(p.get("name", "")) for p in people}
    open_in: dict[str, list[date | None]] = {}
    for commitment in commitments:
        if commitment.get("status", "open") == "open":
            key = str(commitment.get("conversation_id"))
            open_in.setdefault(key, []).append(_day(commitment.get("due")))
    rows = []
    for conversation in conversations:
        key = str(conversation["id"])
        held_on = _day(conversation.get("date"))
        created = _day(str(conversation.get("created", ""))[:10]) or date.min
        dues = open_in.get(key, [])
        purpose = str(conversation.get("purpose", ""))
        rows.append(
            ReviewRow(
                id=key,
                date=held_on,
                day=held_on or created,
                person_id=str(conversation.get("person_id", "")),
                person=names.get(str(conversation.get("person_id")), "?"),
                purpose=purpose,
                purpose_title=purpose_title(purpose),
                status=str(conversation.get("status", "preparing")),
                open=len(dues),
                overdue=sum(1 for due in dues if due is not None and due < today),
            )
        )
    return rows
