"""What is the leader's own and what may be shared with the other person.

The leader's preparation of Safety (how to make it safe, what could feel
threatening) and Transparency (intentions, concerns to raise) is private: it is
how they prepared, not what was agreed.  The rest of a conversation (what it was
for, mutual benefit, the summary played back, questions and answers, what was
captured live, commitments) is the agreed record and may be shared.

The rule is an allow-list: notes of any step not named here, such as private
reflections added later, stay private until someone decides otherwise.
"""

from __future__ import annotations

# Note steps whose fields may go into a shared record.
SHARED_STEPS = frozenset({"objectives", "mutual_benefit", "follow_through"})


def is_private(step: str) -> bool:
    """Whether the notes of this step are the leader's own (left out of shared records)."""
    return step not in SHARED_STEPS


def shared_notes(notes: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Only the notes that may be shared, as new dicts."""
    return {step: dict(fields) for step, fields in notes.items() if not is_private(step)}
