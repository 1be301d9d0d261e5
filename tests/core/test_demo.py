"""The demo data set: realistic, varied, and the same every time for the same seed."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from coach.demo import sample as demo
from coach.model import CommitmentStatus, ConversationStatus
from coach.steps import STEPS
from coach.store.store import Store
from tests.conftest import TODAY


def fill(directory: Path, seed: int = 7) -> bytes:
    store = Store.open(directory)
    demo.fill(store, people=10, conversations=120, seed=seed, today=TODAY)
    store.close()
    return (directory / "coach.json").read_bytes()


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    """Benchmarks and screenshots rely on the sample being repeatable."""
    first = fill(tmp_path / "a")
    second = fill(tmp_path / "b")
    third = fill(tmp_path / "c", seed=8)
    assert first == second
    assert first != third


def test_the_sample_is_varied_like_real_use(tmp_path: Path) -> None:
    """Two years of conversations, every step used, commitments in every state."""
    fill(tmp_path / "d")
    store = Store.open(tmp_path / "d")
    try:
        conversations = store.conversations.find()
        dates = [c.date for c in conversations if c.date]
        assert min(dates) <= TODAY - timedelta(days=600)
        assert max(dates) > TODAY  # some still being prepared
        statuses = Counter(c.status for c in conversations)
        assert set(statuses) == set(ConversationStatus)
        for step in STEPS:
            assert any(c.notes.get(step.key) for c in conversations), step.key
        commitments = store.commitments.find()
        kept_on_time = [
            c
            for c in commitments
            if c.status is CommitmentStatus.DONE and c.done_on and c.due and c.done_on <= c.due
        ]
        kept_late = [
            c
            for c in commitments
            if c.status is CommitmentStatus.DONE and c.done_on and c.due and c.done_on > c.due
        ]
        overdue = [c for c in commitments if c.is_overdue(TODAY)]
        dropped = [c for c in commitments if c.status is CommitmentStatus.DROPPED]
        assert kept_on_time and kept_late and overdue and dropped
        assert len({c.owner for c in commitments}) == 3
        assert all(c.done_on is None or c.done_on <= TODAY for c in commitments)
    finally:
        store.close()


def test_the_sample_has_a_memory(tmp_path: Path) -> None:
    """Rhythms, new dates (in time and slipped), dropped ones with reasons, facts; all true."""
    from coach.memory.ledger import deadline_walk

    fill(tmp_path / "m")
    store = Store.open(tmp_path / "m")
    try:
        people = store.people.all()
        assert any(p.cadence for p in people)
        commitments = store.commitments.find()
        moved = [c for c in commitments if c.history]
        assert any(deadline_walk(c)[1] for c in moved) and any(
            not deadline_walk(c)[1] for c in moved
        )
        for commitment in moved:
            change = commitment.history[0]
            assert change.changed_on <= TODAY and change.new_due == commitment.due
        dropped = [c for c in commitments if c.status is CommitmentStatus.DROPPED]
        assert dropped and all(c.drop_reason and c.dropped_on for c in dropped)
        assert all(c.dropped_on is None or c.dropped_on <= TODAY for c in commitments)
        everything = [f for p in people for f in store.facts.about(p.id)]
        assert len({f.kind for f in everything}) >= 5
        assert any(not f.current for f in everything)
        assert all(f.learned_on <= TODAY for f in everything)
        assert all(f.superseded_on is None or f.superseded_on >= f.learned_on for f in everything)
    finally:
        store.close()
