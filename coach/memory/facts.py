"""What each person has taught us: how they like to be managed and to get feedback, what
matters to them, their aspirations, the skills they want to grow, their concerns.

Facts are learned from a note or an answer, dated, and tied to the conversation
they came from (keeping one, correcting it, marking it superseded: coach.store.facts).
Here: the words shown for each kind, the guess of a note's kind, and where in a
conversation something can be learned from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coach.model import Conversation, EntryKind, Fact, FactKind
from coach.steps import STEPS
from coach.store.facts import in_order
from coach.user_text import trim

# The words shown for each kind, in the order they are offered.
LABELS: dict[FactKind, str] = {
    FactKind.MANAGEMENT: "How they like to be managed",
    FactKind.FEEDBACK: "How they like to receive feedback",
    FactKind.MATTERS: "What matters to them at work",
    FactKind.ASPIRATION: "Their aspirations",
    FactKind.SKILL: "Skills they want to develop",
    FactKind.CONCERN: "Their concerns",
}
SHORT: dict[FactKind, str] = {
    FactKind.MANAGEMENT: "Managing",
    FactKind.FEEDBACK: "Feedback",
    FactKind.MATTERS: "Matters",
    FactKind.ASPIRATION: "Aspires",
    FactKind.SKILL: "Skill",
    FactKind.CONCERN: "Concern",
}

# Where each kind helps most when preparing.
FOR_SAFETY = (FactKind.FEEDBACK, FactKind.MANAGEMENT)
FOR_MUTUAL_BENEFIT = (FactKind.MATTERS, FactKind.ASPIRATION, FactKind.SKILL)

# Words that suggest a kind, tried in this order; the first kind with a match wins.
_HINTS: tuple[tuple[FactKind, str], ...] = (
    (FactKind.FEEDBACK, r"feedback|criticis|critique|praise|recognition"),
    (
        FactKind.MANAGEMENT,
        r"manag|autonomy|check[- ]?ins?\b|1[:-]1|one[- ]to[- ]one|hands[- ]off|space to"
        r"|updates?\b|status report|trust(s|ed)? (me|them|her|him) to",
    ),
    (
        FactKind.CONCERN,
        r"worr|concern|afraid|anxious|fear|stress|overwhelm|burn ?out|nervous|threat",
    ),
    (
        FactKind.SKILL,
        r"\blearn|skill|get better at|improve (at|their|her|his)|training|course|practi[cs]e",
    ),
    (
        FactKind.ASPIRATION,
        r"aspir|ambition|career|promot|one day|someday|become|dream|lead (a|the) team"
        r"|next role|long[- ]term",
    ),
)


def guess_kind(text: str, captured_as: EntryKind | None = None, context: str = "") -> FactKind:
    """The kind a note most likely teaches (the leader can change it).

    Its own words first; then how it was captured (a concern); then `context`,
    where it was written (the field's label, the question it answers).
    """
    for kind, pattern in _HINTS:
        if re.search(pattern, text.casefold()):
            return kind
    if captured_as is EntryKind.CONCERN:
        return FactKind.CONCERN
    for kind, pattern in _HINTS:
        if re.search(pattern, context.casefold()):
            return kind
    return FactKind.MATTERS


def current(facts: Iterable[Fact], kinds: Iterable[FactKind]) -> list[Fact]:
    """The facts of these kinds that still hold, grouped in the order of `kinds`."""
    wanted = list(kinds)
    held = [f for f in in_order(facts) if f.current and f.kind in wanted]
    return sorted(held, key=lambda f: wanted.index(f.kind))


@dataclass(frozen=True)
class Source:
    """A piece of a conversation something can be learned from."""

    label: str  # where it is: "Safety: How they like to receive feedback", "Answer to: …"
    text: str
    captured_as: EntryKind | None = None
    context: str = ""  # words that hint at its kind: the field's label, the question


_CAPTURED = {
    EntryKind.NOTE: "Note",
    EntryKind.QUOTE: "In their words",
    EntryKind.DECISION: "Decision",
    EntryKind.CONCERN: "Concern",
    EntryKind.COMMITMENT: "Commitment",
    EntryKind.QUESTION: "Question",
}


def sources(conversation: Conversation) -> list[Source]:
    """Every note, answer and captured line of a conversation, in the order of the record."""
    found = [
        Source(f"{step.title}: {field.label}", text, context=field.label)
        for step in STEPS
        for field in step.fields
        if trim(text := conversation.note(step.key, field.key))
    ]
    found += [
        Source(f"Answer to: {q.text}", q.answer, context=q.text)
        for q in conversation.questions
        if trim(q.answer)
    ]
    found += [
        Source(f"{_CAPTURED[e.kind]}, {e.at.astimezone():%H:%M}", e.text, e.kind)
        for e in conversation.entries
        if trim(e.text) and e.kind is not EntryKind.COMMITMENT
    ]
    if trim(conversation.correction):
        found.append(Source("What they corrected", conversation.correction))
    return found
