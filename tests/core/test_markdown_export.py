"""The Markdown export reads the same everywhere: one zone for every time, named at the top;
step fields in the step's order whatever the data's; a person's export holds every
commitment with them and what was learned about them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.guidance.library import builtin_guidance
from coach.model import Commitment, CommitmentStatus, Conversation, Entry, FactKind, Owner, Person
from coach.sharing import archive
from coach.sharing.exporting import ExportFormat, ExportRequest, render
from coach.sharing.importing import import_export
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.review_data import seed


@pytest.fixture
def in_berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local zone is Europe/Berlin (UTC+1 in November) for the test."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def markdown(store: Store, **request: object) -> str:
    wanted = ExportRequest(ExportFormat.MARKDOWN, **request)  # type: ignore[arg-type]
    return render(store, wanted, TODAY, builtin_guidance()).data.decode()


def test_every_time_is_in_the_zone_named_at_the_top(store: Store, in_berlin: None) -> None:
    """A start stored at +00:00 and entries stored in UTC all read in Berlin time."""
    ann = Person("Ann", id="p1")
    started = datetime(2026, 11, 13, 9, 0, tzinfo=UTC)
    talk = Conversation(
        "p1",
        "building-trust",
        date=date(2026, 11, 13),
        started=started,
        entries=[Entry("First point", at=started + timedelta(minutes=5), minute=5, id="e1")],
        id="c1",
    )
    store.put_records(people=[ann], conversations=[talk])
    for text in (markdown(store), markdown(store, conversation_id="c1")):
        assert "*Times are in Europe/Berlin, CET (UTC+01:00).*" in text
        assert "started 10:00" in text and "**10:05, minute 5**" in text


def test_step_fields_come_in_the_steps_order_after_a_json_round_trip(
    store: Store, tmp_path: Path
) -> None:
    """Key topics after the outcomes wanted, as on the screen, though JSON sorts the keys."""
    ann = Person("Ann", id="p1")
    notes = {"objectives": {"topics": "The roadmap", "outcomes": "Agree the plan"}}
    talk = Conversation("p1", "building-trust", notes=notes, id="c1")
    store.put_records(people=[ann], conversations=[talk])
    again = Store.in_memory()
    import_export(again, archive.decode(archive.encode(archive.export_tables(store)), "x"))
    for text in (markdown(store), markdown(again)):
        assert text.index("Agree the plan") < text.index("The roadmap")


def test_a_persons_export_holds_every_commitment_and_what_was_learned(data_dir: Path) -> None:
    """Open and settled, made in a conversation or outside one; facts by kind, current and
    superseded."""
    seed(data_dir)
    store = Store.open(data_dir)
    try:
        store.commitments.add(Commitment("Call the venue", Owner.ME, "p-zoe", due=TODAY))
        fact = store.facts.learn("p-zoe", FactKind.FEEDBACK, "Prefers it in writing", on=TODAY)
        store.facts.learn("p-zoe", FactKind.MATTERS, "Her team's *autonomy*", on=TODAY)
        store.facts.supersede(fact.id, TODAY)
        text = markdown(store, person_id="p-zoe")
    finally:
        store.close()
    section = text[text.index("## Commitments with Zoë Ångström") :]
    # Open ones first, soonest due (the overdue draft, then today's), then the settled.
    assert section.index("Send the budget draft") < section.index("Call the venue")
    assert section.index("Call the venue") < section.index("Book the offsite")
    assert "*kept on" in section
    learned = text[text.index("## What I learned about Zoë Ångström") :]
    assert "**How they like to receive feedback**" in learned
    assert "Prefers it in writing *(learned Fri 20 Nov 2026, superseded Fri 20 Nov 2026)*" in (
        learned
    )
    assert r"Her team's \*autonomy\*" in learned


def test_commitments_outside_a_conversation_are_in_the_whole_export(data_dir: Path) -> None:
    """One added from the shell, with no conversation, is not left out of everything."""
    seed(data_dir)
    store = Store.open(data_dir)
    try:
        store.commitments.add(Commitment("Call the venue", Owner.THEM, "p-sam", due=TODAY))
        done = store.commitments.add(Commitment("Old one", Owner.ME, "p-sam"))
        store.commitments.set_status(done.id, CommitmentStatus.DONE, TODAY)
        text = markdown(store)
    finally:
        store.close()
    loose = text[text.index("## Commitments made outside a conversation") :]
    assert r"**Sam \[red\]Lee\[/\]:** Call the venue" in loose
    assert "Old one" in loose
