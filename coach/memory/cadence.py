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

from coach.model import Cadence, Person
from coach.store.views import ConversationView, PersonView

DAYS: dict[Cadence, int] = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.MONTHLY: 30}
LABELS: dict[Cadence, str] = {
    Cadence.NONE: "no set rhythm",
    Cadence.WEEKLY: "weekly",
    Cadence.FORTNIGHTLY: "fortnightly",
    Cadence.MONTHLY: "monthly",
}
ORDER = (Cadence.NONE, Cadence.WEEKLY, Cadence.FORTNIGHTLY, Cadence.MONTHLY)


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


def rhythm(
    person: Person | PersonView, conversations: Iterable[ConversationView], today: date
) -> Rhythm | None:
    """Where `person` stands (None when they have no cadence)."""
    days = DAYS.get(person.cadence)
    if days is None:
        return None
    last: date | None = None
    planned: date | None = None
    for conversation in conversations:
        if conversation.person_id != person.id:
            continue
        day = conversation.day
        if conversation.held and day <= today:
            last = max(last or day, day)
        elif not conversation.held and conversation.date is not None and day >= today:
            planned = min(planned or day, day)
    next_due = last + timedelta(days=days) if last else today
    return Rhythm(person.id, person.name, person.cadence, last, next_due, planned)


def due_people(
    people: Iterable[Person | PersonView], conversations: Iterable[ConversationView], today: date
) -> list[Rhythm]:
    """Everyone due or overdue a conversation, the longest overdue first."""
    theirs: dict[str, list[ConversationView]] = {}
    for conversation in conversations:
        theirs.setdefault(conversation.person_id, []).append(conversation)
    found = [r for p in people if (r := rhythm(p, theirs.get(p.id, []), today)) and r.is_due(today)]
    return sorted(found, key=lambda r: (r.next_due, r.name.casefold()))


def next_cadence(cadence: Cadence) -> Cadence:
    """The cadence after this one, going round: none, weekly, fortnightly, monthly."""
    return ORDER[(ORDER.index(cadence) + 1) % len(ORDER)]


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
