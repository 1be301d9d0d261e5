"""The five facilitation steps, the fields each one holds (the shape of a plan), and which
of them a conversation was prepared in."""

from __future__ import annotations

from dataclasses import dataclass

from coach.model import Conversation, ConversationStatus
from coach.user_text import trim


@dataclass(frozen=True)
class StepField:
    """One free-text field of a step."""

    key: str
    label: str


@dataclass(frozen=True)
class Step:
    """One of the five steps."""

    key: str
    number: int
    title: str
    fields: tuple[StepField, ...]


OBJECTIVES = Step(
    "objectives",
    1,
    "Objectives",
    (
        StepField("outcomes", "What I want from this conversation"),
        StepField("topics", "Key topics to cover"),
    ),
)
SAFETY = Step(
    "safety",
    2,
    "Safety",
    (
        StepField("setting", "Setting: where, when, how long"),
        StepField("opening", "How I will open"),
        StepField("feedback", "How they like to receive feedback"),
        StepField("threats", "What could feel threatening, and how I will lower it"),
    ),
)
TRANSPARENCY = Step(
    "transparency",
    3,
    "Transparency",
    (
        StepField("intentions", "My intentions"),
        StepField("share_early", "What I will share early, even if incomplete"),
        StepField("concerns", "Concerns and challenges to raise honestly"),
    ),
)
MUTUAL_BENEFIT = Step(
    "mutual_benefit",
    4,
    "Mutual benefit",
    (
        StepField("their_interests", "Their interests and needs"),
        StepField("my_interests", "My needs, and the organisation's"),
        StepField("win_win", "Win-win options"),
    ),
)
FOLLOW_THROUGH = Step(
    "follow_through",
    5,
    "Follow-through",
    (StepField("summary", "The summary I played back"),),
)

STEPS: tuple[Step, ...] = (OBJECTIVES, SAFETY, TRANSPARENCY, MUTUAL_BENEFIT, FOLLOW_THROUGH)
STEP_KEYS = tuple(step.key for step in STEPS)


def step_named(key: str) -> Step:
    """The step with this key."""
    for step in STEPS:
        if step.key == key:
            return step
    raise KeyError(key)


def holds_something(conversation: Conversation, step: Step, commitments: int = 0) -> bool:
    """Whether the leader has put anything into this step yet."""
    if any(trim(conversation.note(step.key, f.key)) for f in step.fields):
        return True
    if any(q.step == step.key for q in conversation.questions):
        return True
    if step is FOLLOW_THROUGH:
        return bool(commitments or conversation.next_checkin or conversation.summary_confirmed)
    return False


# -- coverage: which steps a conversation was prepared in, and which skipped ----------

FILLED, SKIPPED = "●", "○"


def coverage(conversation: Conversation, commitments: int = 0) -> tuple[bool, ...]:
    """For each step in order, whether it holds something (`commitments`: how many were made)."""
    return tuple(holds_something(conversation, step, commitments) for step in STEPS)


def marks(covered: tuple[bool, ...]) -> str:
    """'●●○●●': a filled dot for each step prepared, a hollow one for each skipped."""
    return "".join(FILLED if filled else SKIPPED for filled in covered)


def describe_coverage(covered: tuple[bool, ...]) -> str:
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
