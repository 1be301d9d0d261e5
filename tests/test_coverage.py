"""Step coverage: which steps a conversation was prepared in; held without follow-through."""

from __future__ import annotations

from datetime import date

from coach.coverage import coverage, describe, lacks_follow_through, marks
from coach.model import Conversation, ConversationStatus, PlannedQuestion


def conversation(**notes: dict[str, str]) -> Conversation:
    return Conversation("p", "building-trust", notes=dict(notes))


def test_marks_follow_the_five_steps_in_order() -> None:
    """A note, a planned question or a commitment fills a step; blank text does not."""
    talk = conversation(objectives={"outcomes": "Agree the plan"}, safety={"setting": "  "})
    talk.questions.append(PlannedQuestion("What would help?", step="mutual_benefit"))
    assert coverage(talk) == (True, False, False, True, False)
    assert marks(coverage(talk)) == "●○○●○"
    assert marks(coverage(talk, commitments=1)) == "●○○●●"
    assert describe(coverage(talk)) == (
        "Prepared: Objectives, Mutual benefit · skipped: Safety, Transparency, Follow-through"
    )
    assert describe((True,) * 5) == "Every step prepared"
    assert describe((False,) * 5) == "No step prepared yet"


def test_held_without_follow_through() -> None:
    """Held or done, and no commitment, summary or check-in: flagged; preparing never is."""
    talk = conversation(objectives={"outcomes": "Agree the plan"})
    assert not lacks_follow_through(talk)  # still preparing
    talk.status = ConversationStatus.HELD
    assert lacks_follow_through(talk)
    assert not lacks_follow_through(talk, commitments=1)
    talk.next_checkin = date(2026, 12, 1)
    assert not lacks_follow_through(talk)
    done = conversation(follow_through={"summary": "We agreed the plan."})
    done.status = ConversationStatus.DONE
    assert not lacks_follow_through(done)
