"""Step coverage: which of the five steps a conversation was prepared in, and which skipped."""

from __future__ import annotations

from coach.model import Conversation, ConversationStatus
from coach.steps import FOLLOW_THROUGH, STEPS, holds_something

FILLED, SKIPPED = "●", "○"


def coverage(conversation: Conversation, commitments: int = 0) -> tuple[bool, ...]:
    """For each step in order, whether it holds something (`commitments`: how many were made)."""
    return tuple(holds_something(conversation, step, commitments) for step in STEPS)


def marks(covered: tuple[bool, ...]) -> str:
    """'●●○●●': a filled dot for each step prepared, a hollow one for each skipped."""
    return "".join(FILLED if filled else SKIPPED for filled in covered)


def describe(covered: tuple[bool, ...]) -> str:
    """'Prepared: Objectives, Safety · skipped: Transparency' in words."""
    done = [step.title for step, filled in zip(STEPS, covered, strict=True) if filled]
    skipped = [step.title for step, filled in zip(STEPS, covered, strict=True) if not filled]
    if not skipped:
        return "Every step prepared"
    if not done:
        return "No step prepared yet"
    return f"Prepared: {', '.join(done)} · skipped: {', '.join(skipped)}"


def lacks_follow_through(conversation: Conversation, commitments: int = 0) -> bool:
    """Held (or done), yet nothing recorded to follow through on: no commitment, no summary,
    no check-in."""
    held = conversation.status is not ConversationStatus.PREPARING
    return held and not holds_something(conversation, FOLLOW_THROUGH, commitments)
