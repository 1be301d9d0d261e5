"""The demo's alliance memory: cadences, renegotiated and dropped commitments, learned facts.

Drawn from its own random stream, so the rest of the sample stays as it was for
the same seed.  Every date stays on or before `today`, and every renegotiation
tells the truth: one made before the old deadline keeps the verdict the sample
already had, one made after it is a slip.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from coach.model import (
    Cadence,
    Commitment,
    CommitmentStatus,
    Conversation,
    ConversationStatus,
    Fact,
    FactKind,
    Person,
    Renegotiation,
)

RECENT_DAYS = 45
REASONS = (
    "No longer needed after the reorganisation",
    "The budget was frozen",
    "They found another way to get it done",
    "Overtaken by the new roadmap",
)
WHY_MOVED = ("Waiting on the figures", "Holiday in between", "Needed sign-off first", "")
LEARNED: dict[FactKind, tuple[str, ...]] = {
    FactKind.MANAGEMENT: (
        "Wants autonomy on the how; a weekly check-in is enough",
        "Likes a short written update before each 1:1",
    ),
    FactKind.FEEDBACK: (
        "Prefers feedback written first, then a talk",
        "Wants it direct and early, with concrete examples",
        "Appreciates praise in private, not in front of the team",
    ),
    FactKind.MATTERS: (
        "Cares most about shipping work they are proud of",
        "Predictable hours matter: school pick-up on Tuesdays",
    ),
    FactKind.ASPIRATION: (
        "Would like to lead a team within two years",
        "Wants to move towards product strategy",
    ),
    FactKind.SKILL: ("Wants to get better at public speaking", "Learning data modelling"),
    FactKind.CONCERN: ("Worried the reorganisation will split the team",),
}


def remember(
    seed: int,
    today: date,
    people: list[Person],
    conversations: list[Conversation],
    commitments: list[Commitment],
) -> list[Fact]:
    """Give the sample its memory in place; returns the facts learned."""
    rng = random.Random(seed * 7919 + 1)
    for commitment in commitments:
        _live(rng, today, commitment)
    held: dict[str, list[Conversation]] = {}
    for conversation in conversations:
        if conversation.status is not ConversationStatus.PREPARING and conversation.date:
            held.setdefault(conversation.person_id, []).append(conversation)
    for person in people:
        # A rhythm for those the leader sees lately; some are kept, some have slipped.
        last = max((c.date for c in held.get(person.id, []) if c.date), default=None)
        if last is not None and (today - last).days <= RECENT_DAYS:
            person.cadence = rng.choice([Cadence.WEEKLY, Cadence.FORTNIGHTLY, Cadence.MONTHLY])
    facts: list[Fact] = []
    for person in people:
        facts += _learned(rng, today, person, held.get(person.id, []))
    return facts


def _live(rng: random.Random, today: date, commitment: Commitment) -> None:
    """Some commitments were given new dates, and dropped ones say why."""
    due = commitment.due
    if due is None:
        return
    if commitment.status is CommitmentStatus.DROPPED and commitment.drop_reason:
        return  # cleared at a yearly review: it says so already
    if commitment.status is CommitmentStatus.DROPPED:
        commitment.dropped_on = min(due + timedelta(days=rng.randrange(-5, 6)), today)
        commitment.drop_reason = rng.choice(REASONS)
        return
    roll = rng.random()
    if roll < 0.15:
        # Moved before the first deadline: the verdict is unchanged.
        first = due - timedelta(days=rng.randrange(3, 10))
        asked = first - timedelta(days=rng.randrange(0, 3))
        if asked <= today:
            commitment.history = [Renegotiation(asked, first, due, rng.choice(WHY_MOVED))]
    elif roll < 0.25 and commitment.done_on and commitment.done_on > due:
        # Kept late, and more time was asked only after the deadline: a slip.
        new_due = min(commitment.done_on + timedelta(days=2), today)
        asked = due + timedelta(days=1)
        if asked <= commitment.done_on and new_due > due:
            commitment.history = [Renegotiation(asked, due, new_due, rng.choice(WHY_MOVED))]
            commitment.due = new_due


def _learned(
    rng: random.Random, today: date, person: Person, held: list[Conversation]
) -> list[Fact]:
    """A few facts from their conversations; an older one now and then superseded."""
    if not held:
        return []
    facts = []
    for kind in rng.sample(list(LEARNED), k=rng.randrange(2, 5)):
        source = rng.choice(held)
        assert source.date is not None
        texts = list(LEARNED[kind])
        rng.shuffle(texts)
        fact = Fact(
            person.id,
            kind,
            texts[0],
            min(source.date, today),
            source.id,
            id=f"{rng.getrandbits(128):032x}",
            created=source.updated,
        )
        facts.append(fact)
        if len(texts) > 1 and rng.random() < 0.3:
            fact.superseded_on = max(fact.learned_on, today - timedelta(days=rng.randrange(1, 30)))
            newer = Fact(
                person.id,
                kind,
                texts[1],
                fact.superseded_on,
                None,
                id=f"{rng.getrandbits(128):032x}",
                created=source.updated,
            )
            facts.append(newer)
    return facts
