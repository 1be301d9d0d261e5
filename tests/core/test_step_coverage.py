"""Step coverage: which steps a conversation was prepared in; held without follow-through."""

from __future__ import annotations

from datetime import date

from coach.guidance.library import builtin_guidance
from coach.model import Conversation, ConversationStatus, PlannedQuestion
from coach.steps import coverage, describe_coverage, lacks_follow_through, marks


def conversation(**notes: dict[str, str]) -> Conversation:
    return Conversation("p", "building-trust", notes=dict(notes))


def test_marks_follow_the_five_steps_in_order() -> None:
    """A note, a planned question or a commitment fills a step; blank text does not."""
    talk = conversation(objectives={"outcomes": "Agree the plan"}, safety={"setting": "  "})
    talk.questions.append(PlannedQuestion("What would help?", step="mutual_benefit"))
    assert coverage(talk) == (True, False, False, True, False)
    assert marks(coverage(talk)) == "●○○●○"
    assert marks(coverage(talk, commitments=1)) == "●○○●●"
    assert describe_coverage(coverage(talk)) == (
        "Prepared: Objectives, Mutual benefit · skipped: Safety, Transparency, Follow-through"
    )
    assert describe_coverage((True,) * 5) == "Every step prepared"
    assert describe_coverage((False,) * 5) == "No step prepared yet"


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


def test_review_rows_carry_the_steps(tmp_path: object) -> None:
    """Each review row says which steps were prepared, commitments filling Follow-through."""
    from pathlib import Path

    from coach.review.rows import review_rows
    from coach.store.store import Store
    from tests.conftest import TODAY
    from tests.support.memory_data import seed

    assert isinstance(tmp_path, Path)
    seed(tmp_path / "data")
    store = Store.open(tmp_path / "data", read_only=True)
    try:
        found = review_rows(
            store.people.views(),
            store.conversations.views(),
            store.commitments.views(),
            TODAY,
            builtin_guidance(),
        )
    finally:
        store.close()
    steps = {row.id: row.steps for row in found}
    assert steps == {"c-past": "●○○○●", "c-next": "○○○○●", "c-sam": "○○○○●", "c-ann": "●○○○○"}
