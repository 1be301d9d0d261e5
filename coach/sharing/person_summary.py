"""What a Markdown export adds beyond the conversations: every commitment with a person
(open and settled, those made outside a conversation too) and what was learned about them.

A person's export is the whole of what coach keeps about them; the export of every
conversation adds the commitments that belong to none, which no conversation shows.
"""

from __future__ import annotations

from datetime import date

from coach.memory.facts import LABELS
from coach.memory.timeline import describe_history, describe_outcome
from coach.model import Commitment, CommitmentStatus, Fact, Owner, Person
from coach.sharing.markdown import block, inline
from coach.store.commitments import due_order
from coach.store.facts import in_order


def commitment_line(commitment: Commitment, person: Person | None, today: date) -> str:
    """One commitment as a list item: who, what, by when, what became of it, its history."""
    due = f", by {_long(commitment.due)}" if commitment.due else ""
    why = f": {inline(commitment.drop_reason)}" if commitment.drop_reason else ""
    lines = [
        f"- **{inline(_who(commitment.owner, person))}:** {block(commitment.text, '  ')}{due}"
        f" · *{describe_outcome(commitment, today)}*{why}"
    ]
    # A slip is never silent: every change of date goes on the record.
    lines += [f"  - {inline(line)}" for line in describe_history(commitment, today)]
    return "\n".join(lines)


def person_sections(
    person: Person, commitments: list[Commitment], facts: list[Fact], today: date
) -> str:
    """'Commitments with NAME' (open first, then settled, the latest first) and 'What I
    learned about NAME' (by kind, what still holds first); '' when there is neither."""
    parts = []
    name = inline(person.name)
    if commitments:
        still_open = sorted(
            (c for c in commitments if c.status is CommitmentStatus.OPEN), key=due_order
        )
        settled = sorted(
            (c for c in commitments if c.status is not CommitmentStatus.OPEN),
            key=lambda c: (c.done_on or c.dropped_on or date.min, c.created),
            reverse=True,
        )
        lines = [commitment_line(c, person, today) for c in [*still_open, *settled]]
        parts.append(f"## Commitments with {name}\n\n" + "\n".join(lines))
    if facts:
        parts.append(f"## What I learned about {name}\n\n" + _facts(facts))
    return "\n\n".join(parts) + ("\n" if parts else "")


def outside_conversations(
    commitments: list[Commitment], people: dict[str, Person], today: date
) -> str:
    """The commitments made outside any conversation (from the shell, say); '' for none."""
    loose = sorted((c for c in commitments if c.conversation_id is None), key=due_order)
    if not loose:
        return ""
    lines = []
    for commitment in loose:
        person = people.get(commitment.person_id)
        with_whom = f" *(with {inline(person.name)})*" if person else ""
        lines.append(commitment_line(commitment, person, today) + with_whom)
    return "## Commitments made outside a conversation\n\n" + "\n".join(lines) + "\n"


def _facts(facts: list[Fact]) -> str:
    groups = []
    ordered = in_order(facts)
    for kind, label in LABELS.items():
        of_kind = [fact for fact in ordered if fact.kind is kind]
        if not of_kind:
            continue
        items = []
        for fact in of_kind:
            when = f"learned {_long(fact.learned_on)}"
            if fact.superseded_on:
                when += f", superseded {_long(fact.superseded_on)}"
            items.append(f"- {block(fact.text, '  ')} *({when})*")
        groups.append(f"**{inline(label)}**\n\n" + "\n".join(items))
    return "\n\n".join(groups)


def _who(owner: Owner, person: Person | None) -> str:
    if owner is Owner.ME:
        return "I"
    name = person.name if person else "They"
    return f"{name} and I" if owner is Owner.BOTH else name


def _long(day: date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else "no date"
