"""What each person has taught us: every read and change of a learned fact.

A fact is never deleted for being out of date: it is marked superseded, so what
was once true stays in the record (coach.memory.facts holds the words for each kind).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from coach.errors import InvalidInput
from coach.model import Fact, FactKind
from coach.store import records
from coach.store.shelf import Shelf, Tables
from coach.user_text import trim

if TYPE_CHECKING:
    from coach.store.people import People

TEXT_LIMIT = 1000


class Facts(Shelf[Fact]):
    """Everything learned about everyone."""

    always_at_hand = True  # never settled (coach.store.placement)

    def __init__(self, tables: Tables, people: People) -> None:
        super().__init__(tables, records.FACTS)
        self._people = people

    def about(self, person_id: str) -> list[Fact]:
        """Everything learned about one person: current ones first, each newest first."""
        return in_order(self._find(lambda doc: doc.get("person_id") == person_id))

    def learn(
        self,
        person_id: str,
        kind: FactKind,
        text: str,
        *,
        on: date,
        conversation_id: str | None = None,
    ) -> Fact:
        """Keep something learned about a person, dated, with the conversation it came from."""
        if self._people.get(person_id) is None:
            raise InvalidInput("That person is no longer stored.")
        return self._put(Fact(person_id, kind, clean_text(text), on, conversation_id))

    def revise(self, fact_id: str, kind: FactKind, text: str) -> Fact:
        """Correct what a fact says, or its kind."""
        clean = clean_text(text)

        def change(fact: Fact) -> None:
            fact.kind, fact.text = kind, clean

        return self._change(fact_id, change)

    def supersede(self, fact_id: str, on: date) -> Fact:
        """Mark a fact as no longer holding (or, when it already was, as holding again)."""

        def change(fact: Fact) -> None:
            fact.superseded_on = None if fact.superseded_on else on

        return self._change(fact_id, change)


def clean_text(text: str) -> str:
    """What was learned, trimmed (raises InvalidInput when blank or too long)."""
    clean = trim(text)
    if not clean:
        raise InvalidInput("Say what you learned.")
    if len(clean) > TEXT_LIMIT:
        raise InvalidInput(f"Keep it to {TEXT_LIMIT} characters: the heart of what you learned.")
    return clean


def in_order(facts: Iterable[Fact]) -> list[Fact]:
    """Current facts before superseded ones; within each, the most recently learned first."""
    return sorted(
        facts,
        key=lambda f: (not f.current, -f.learned_on.toordinal(), -f.created.timestamp()),
    )
