"""The rows of the review table: one per conversation, with filters and sort orders."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from coach.dates import parse_date
from coach.errors import InvalidInput
from coach.guidance.library import Guidance
from coach.steps import coverage, marks
from coach.store.views import CommitmentView, ConversationView, PersonView
from coach.user_text import trim


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
    steps: str = ""  # which of the five steps were prepared: "●●○●●"


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


def review_rows(
    people: list[PersonView],
    conversations: list[ConversationView],
    commitments: list[CommitmentView],
    today: date,
    guidance: Guidance,
) -> list[ReviewRow]:
    """Every stored conversation as a row (views as the store's shelves give them; the
    purposes' titles from `guidance`)."""
    names = {person.id: person.name for person in people}
    open_in: dict[str, list[date | None]] = {}
    made_in: dict[str, int] = {}
    for commitment in commitments:
        key = str(commitment.conversation_id)
        made_in[key] = made_in.get(key, 0) + 1
        if commitment.is_open:
            open_in.setdefault(key, []).append(commitment.due)
    rows = []
    for conversation in conversations:
        key = conversation.id
        dues = open_in.get(key, [])
        rows.append(
            ReviewRow(
                id=key,
                date=conversation.date,
                day=conversation.day,
                person_id=conversation.person_id,
                person=names.get(conversation.person_id, "?"),
                purpose=conversation.purpose,
                purpose_title=guidance.purpose_title(conversation.purpose),
                status=conversation.status,
                open=len(dues),
                overdue=sum(1 for due in dues if due is not None and due < today),
                steps=marks(coverage(conversation.whole(), made_in.get(key, 0))),
            )
        )
    return rows


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_AGO = re.compile(r"^-\s*(\d{1,4})\s*([dwmy])$")
BOUND_FORMS = "a year (2025), a month (2025-06), a date, today, or -2w / -3m / -1y"


def parse_bound(text: str, today: date, *, end: bool) -> date | None:
    """The first (or, for `end`, last) day a typed date range bound means; None when blank.

    Takes what parse_date takes, and for looking back: a whole year (2025), a
    month (2025-06), or a time ago (-2w, -3m, -1y).
    """
    word = trim(text).lower()
    if not word:
        return None
    year = _YEAR.match(word)
    month = _MONTH.match(word)
    if year or month:
        number = int((year or month).group(1))  # type: ignore[union-attr]
        which = int(month.group(2)) if month else (12 if end else 1)
        if number < 1 or not 1 <= which <= 12:
            raise InvalidInput(f"{trim(text)!r} is not a month or year; use {BOUND_FORMS}.")
        return date(number, which, calendar.monthrange(number, which)[1] if end else 1)
    ago = _AGO.match(word)
    if ago:
        amount, unit = int(ago.group(1)), ago.group(2)
        if unit in "dw":
            return today - timedelta(days=amount * (7 if unit == "w" else 1))
        months = today.year * 12 + today.month - 1 - amount * (12 if unit == "y" else 1)
        year_back, month_back = divmod(months, 12)
        if year_back < 1:
            raise InvalidInput(f"{trim(text)!r} is too far back.")
        day = min(today.day, calendar.monthrange(year_back, month_back + 1)[1])
        return date(year_back, month_back + 1, day)
    try:
        return parse_date(word, today)
    except InvalidInput:
        raise InvalidInput(
            f"{trim(text)!r} is not a date coach understands: use {BOUND_FORMS}."
        ) from None
