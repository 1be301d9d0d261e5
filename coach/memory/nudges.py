"""Follow-through nudges: commitments due today or overdue, and people due a conversation.

The same figures reach the leader three ways: a notification when the app opens,
the top of the dashboard, and `coach commitments --due` (one line for a shell
prompt or a status bar).  Nothing here imports the store, so that the command
can answer without TinyDB.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.memory.cadence import Rhythm, due_people
from coach.memory.ledger import WINDOW_DAYS, Ledger, ledger, month_starts
from coach.model import CommitmentStatus, Person
from coach.steps import lacks_follow_through
from coach.store.views import ConversationView, PersonView
from coach.user_text import collapse, words

if TYPE_CHECKING:
    from coach.store.store import Store

NAMED = 2  # people named in the one-line form; beyond that, a count


@dataclass(frozen=True)
class Nudges:
    """What is due now."""

    overdue: int = 0  # open commitments past their due date
    due_today: int = 0  # open commitments due today
    people: list[Rhythm] = field(default_factory=list)  # due or overdue a conversation
    short_names: dict[str, str] = field(default_factory=dict)  # person id -> how to name them

    @property
    def commitments(self) -> int:
        """Commitments due today or overdue."""
        return self.overdue + self.due_today

    def __bool__(self) -> bool:
        return bool(self.commitments or self.people)


def gather(
    open_dues: Iterable[date | None],
    people: Iterable[Person | PersonView],
    conversations: Iterable[ConversationView],
    today: date,
) -> Nudges:
    """The nudges, from the due dates of the open commitments and everyone's rhythm."""
    dues = [due for due in open_dues if due is not None and due <= today]
    everyone = list(people)
    return Nudges(
        overdue=sum(due < today for due in dues),
        due_today=sum(due == today for due in dues),
        people=due_people(everyone, conversations, today),
        short_names=short_names(everyone),
    )


def from_store(store: Store, today: date) -> Nudges:
    """The nudges for the data in `store`."""
    dues = [c.due for c in store.commitments.find(status=CommitmentStatus.OPEN)]
    return gather(dues, store.people.views(), store.conversations.views_since(today), today)


def short_names(people: Iterable[Person | PersonView]) -> dict[str, str]:
    """Each person's first name, or their whole name when someone else shares it."""
    everyone = list(people)
    firsts = Counter(_first(p.name).casefold() for p in everyone)
    return {
        p.id: _first(p.name) if firsts[_first(p.name).casefold()] == 1 else collapse(p.name)
        for p in everyone
    }


def _first(name: str) -> str:
    parts = words(name)
    return parts[0] if parts else "?"


def _people(nudges: Nudges) -> str:
    count = len(nudges.people)
    if count > NAMED:
        return f"{count} people due a conversation"
    names = [nudges.short_names.get(r.person_id, r.name) for r in nudges.people]
    return f"{' and '.join(names)} due a conversation"


def status_line(nudges: Nudges) -> str:
    """'coach: 2 overdue, 1 due today, Priya due a conversation', or '' when nothing is due."""
    parts = []
    if nudges.overdue:
        parts.append(f"{nudges.overdue} overdue")
    if nudges.due_today:
        parts.append(f"{nudges.due_today} due today")
    if nudges.people:
        parts.append(_people(nudges))
    return "coach: " + ", ".join(parts) if parts else ""


def summary(nudges: Nudges) -> str:
    """'3 commitments due today or overdue · 1 person due a conversation' ('' when none)."""
    parts = []
    if nudges.commitments:
        noun = "commitment" if nudges.commitments == 1 else "commitments"
        parts.append(f"{nudges.commitments} {noun} due today or overdue")
    if nudges.people:
        count = len(nudges.people)
        parts.append(f"{count} {'person' if count == 1 else 'people'} due a conversation")
    return " · ".join(parts)


@dataclass(frozen=True)
class Overview:
    """What the top of the dashboard says: the ledger, the nudges, and the conversations
    held lately with no follow-through recorded."""

    ledger: Ledger
    nudges: Nudges
    unfollowed: set[str]  # conversation ids


def overview(store: Store, today: date) -> Overview:
    """Everything the dashboard's strip needs, in one pass over each table."""
    # What the ledger's months and window, the rhythm and the last days need: the records
    # at hand, whatever the length of the history (coach.store.placement).
    window = today - timedelta(days=WINDOW_DAYS)
    commitments = store.commitments.since(min(month_starts(today)[0], window))  # in no order
    made_in = Counter(c.conversation_id for c in commitments)
    conversations = store.conversations.views_since(window)
    open_dues = [c.due for c in commitments if c.status is CommitmentStatus.OPEN]
    since = today.toordinal() - WINDOW_DAYS
    # Only those held in the window are read whole: the rest cannot be flagged.
    recent = [view.whole() for view in conversations if view.held and view.day.toordinal() > since]
    return Overview(
        ledger=ledger(commitments, today),
        nudges=gather(open_dues, store.people.views(), conversations, today),
        unfollowed={c.id for c in recent if lacks_follow_through(c, made_in[c.id])},
    )
