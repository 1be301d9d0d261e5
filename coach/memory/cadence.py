"""The rhythm of conversations the leader wants with each person, and who is due one.

A person with a cadence is due a conversation when as many days have passed
since the last one held as the cadence says (7, 14 or 30), and overdue after
that, unless a conversation with them is already planned for a day to come.
Someone with a cadence and no conversation held yet is due one now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.model import Cadence, Person
from coach.store import records

if TYPE_CHECKING:  # the store brings TinyDB, which `coach commitments --due` does without
    from coach.store.store import Store

DAYS: dict[Cadence, int] = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.MONTHLY: 30}
LABELS: dict[Cadence, str] = {
    Cadence.NONE: "no set rhythm",
    Cadence.WEEKLY: "weekly",
    Cadence.FORTNIGHTLY: "fortnightly",
    Cadence.MONTHLY: "monthly",
}
ORDER = (Cadence.NONE, Cadence.WEEKLY, Cadence.FORTNIGHTLY, Cadence.MONTHLY)


@dataclass(frozen=True)
class Meeting:
    """What the rhythm needs to know of one conversation (cheap to build from raw data)."""

    person_id: str
    day: date  # when it was (or will be) held; its creation day if undated
    held: bool  # held or done, not still in preparation
    dated: bool  # a day was set for it


@dataclass(frozen=True)
class Rhythm:
    """Where one person stands against their cadence."""

    person_id: str
    name: str
    cadence: Cadence
    last: date | None  # the last conversation held
    next_due: date  # when the next one is due
    planned: date | None  # a conversation in preparation for a day to come

    def days_late(self, today: date) -> int:
        """How many days past due (0 when due today, negative when not yet due)."""
        return (today - self.next_due).days

    def is_due(self, today: date) -> bool:
        """Due today or overdue, with nothing planned."""
        return self.planned is None and self.next_due <= today


def rhythm(person: Person, meetings: Iterable[Meeting], today: date) -> Rhythm | None:
    """Where `person` stands (None when they have no cadence)."""
    days = DAYS.get(person.cadence)
    if days is None:
        return None
    last: date | None = None
    planned: date | None = None
    for meeting in meetings:
        if meeting.person_id != person.id:
            continue
        if meeting.held and meeting.day <= today:
            last = max(last or meeting.day, meeting.day)
        elif not meeting.held and meeting.dated and meeting.day >= today:
            planned = min(planned or meeting.day, meeting.day)
    next_due = last + timedelta(days=days) if last else today
    return Rhythm(person.id, person.name, person.cadence, last, next_due, planned)


def due_people(people: Iterable[Person], meetings: Iterable[Meeting], today: date) -> list[Rhythm]:
    """Everyone due or overdue a conversation, the longest overdue first."""
    theirs: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        theirs.setdefault(meeting.person_id, []).append(meeting)
    found = [r for p in people if (r := rhythm(p, theirs.get(p.id, []), today)) and r.is_due(today)]
    return sorted(found, key=lambda r: (r.next_due, r.name.casefold()))


def meetings_in(store: Store) -> list[Meeting]:
    """Every stored conversation, as the rhythm sees it."""
    return [
        meeting_of(doc)
        for doc in store.documents("conversations")
        if isinstance(doc.get("person_id"), str)
    ]


def meeting_of(doc: records.Record) -> Meeting:
    """One stored conversation document as the rhythm sees it."""
    day = _day(doc.get("date"))
    created = _day(str(doc.get("created", ""))[:10]) or date.min
    return Meeting(
        person_id=str(doc.get("person_id")),
        day=day or created,
        held=doc.get("status", "preparing") != "preparing",
        dated=day is not None,
    )


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def next_cadence(cadence: Cadence) -> Cadence:
    """The cadence after this one, going round: none, weekly, fortnightly, monthly."""
    return ORDER[(ORDER.index(cadence) + 1) % len(ORDER)]


def set_cadence(store: Store, person_id: str, cadence: Cadence) -> Person:
    """Set the rhythm wanted with a person."""

    def change(person: Person) -> None:
        person.cadence = cadence

    return store.change(records.PEOPLE, person_id, change)


def describe(found: Rhythm | None, today: date) -> str:
    """'fortnightly · last spoke 12 days ago · due in 2 days' (or why nothing is due)."""
    if found is None:
        return "no set rhythm"
    parts = [LABELS[found.cadence]]
    if found.last is None:
        parts.append("no conversation held yet")
    else:
        ago = (today - found.last).days
        parts.append("last spoke today" if ago == 0 else f"last spoke {_days(ago)} ago")
    late = found.days_late(today)
    if found.planned is not None:
        parts.append(f"next planned {found.planned:%a %d %b}")
    elif late > 0:
        parts.append(f"a conversation is {_days(late)} overdue")
    elif late == 0:
        parts.append("a conversation is due today")
    else:
        parts.append(f"next due in {_days(-late)}")
    return " · ".join(parts)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"
