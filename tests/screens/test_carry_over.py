"""Carry-over in Objectives, and what each person taught us in the steps: the right person only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from coach.model import CommitmentStatus, FactKind
from coach.screens.dialogs.close_out import CloseOutDialog
from coach.screens.dialogs.drop import DropDialog
from coach.screens.dialogs.fact import FactDialog
from coach.screens.dialogs.new_date import NewDateDialog
from coach.screens.steps.step import StepScreen
from coach.screens.widgets.carry_over import CarryOver, CarryOverTable
from coach.screens.widgets.known_facts import KnownFacts
from coach.screens.widgets.note import Note
from coach.screens.widgets.person import PersonPanel
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.memory_data import nov, seed
from tests.support.ui import make_app, opened, rows, screen_text, settle, shown, type_text


async def open_step(pilot: Pilot[None], step: str, conversation_id: str) -> StepScreen:
    from coach.screens.steps.flow import step_screen

    dashboard = await opened(pilot)
    pilot.app.push_screen(step_screen(step, dashboard.workspace, conversation_id))
    await settle(pilot)
    assert isinstance(pilot.app.screen, StepScreen)
    return pilot.app.screen


async def open_carry_over(pilot: Pilot[None], conversation_id: str) -> StepScreen:
    """Objectives, then shift+tab from the first field to the carried-over list."""
    screen = await open_step(pilot, "objectives", conversation_id)
    assert pilot.app.focused is screen.query_one("#field-outcomes")
    await pilot.press("shift+tab")
    await settle(pilot)
    assert pilot.app.focused is screen.query_one(CarryOverTable)
    return screen


def stored(data_dir: Path, commitment_id: str):  # type: ignore[no-untyped-def]
    store = Store.open(data_dir, read_only=True)
    try:
        return store.commitments.get(commitment_id)
    finally:
        store.close()


async def test_objectives_lists_what_is_open_between_us_from_before(data_dir: Path) -> None:
    """Both directions, from earlier conversations, this person only; one shift+tab away."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_step(pilot, "objectives", "c-next")
        assert "To settle one, shift+tab up to this list" in screen_text(pilot.app)
        await pilot.press("shift+tab")
        await settle(pilot)
        table = screen.query_one(CarryOverTable)
        assert rows(table) == [
            ["I", "2 days late", "Send the salary benchmarks"],
            ["they", "Fri 27 Nov", "Draft the onboarding guide"],
        ]
        text = screen_text(pilot.app)
        assert "Carried over: open between you · 2" in text
        assert "Sam's private matter" not in text
        assert "Share the agenda" not in text  # made in this very conversation
        assert "⏎ close out · d done · x drop · r new date" in text
        assert "⏎ Close out" in text.splitlines()[-1]
        assert "f1 Help" in text.splitlines()[-1]  # the footer fits at 80 columns


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 60)])
async def test_the_first_frame_already_shows_the_list_as_it_stays(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The list is filled before the step is laid out: filled for the width it will have,
    it is drawn once, not first squeezed ("I: Send", a word a line) and then redone."""
    seed(data_dir)
    drawn: list[tuple[list[int], list[list[str]]]] = []
    fill = CarryOver.refresh_list

    def filled(self: CarryOver) -> None:
        fill(self)
        table = self.query_one(CarryOverTable)
        drawn.append(([column.width for column in table.ordered_columns], rows(table)))

    monkeypatch.setattr(CarryOver, "refresh_list", filled)
    async with make_app(data_dir).run_test(size=size) as pilot:
        await open_step(pilot, "objectives", "c-next")
    assert len(drawn) >= 1
    assert all(rows_then == drawn[-1] for rows_then in drawn), drawn


async def test_nothing_open_shows_no_list(data_dir: Path) -> None:
    """Sam has nothing open from an earlier conversation: no list, the cursor in the fields."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_step(pilot, "objectives", "c-sam")
        assert not screen.query_one(CarryOver).display
        assert isinstance(pilot.app.focused, TextArea)


async def test_d_marks_it_done_without_leaving_the_step(data_dir: Path) -> None:
    """d: done today, gone from the list, the About panel updated."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_carry_over(pilot, "c-next")
        await pilot.press("d")
        await settle(pilot)
        assert [row[2] for row in rows(screen.query_one(CarryOverTable))] == [
            "Draft the onboarding guide"
        ]
        assert "Send the salary benchmarks" not in shown(screen.query_one(PersonPanel))
        assert isinstance(pilot.app.screen, StepScreen)
    done = stored(data_dir, "k1")
    assert (done.status, done.done_on) == (CommitmentStatus.DONE, TODAY)


async def test_x_drops_it_only_with_a_reason(data_dir: Path) -> None:
    """x asks why; a blank reason is refused in the dialog; the reason is kept."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_carry_over(pilot, "c-next")
        await pilot.press("down", "x")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, DropDialog)
        assert "They promised: Draft the onboarding guide" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        note = dialog.query_one("#reason-note", Note)
        assert note.is_error and "Say why" in shown(note)
        assert stored(data_dir, "k2").status is CommitmentStatus.OPEN
        await type_text(pilot, "Hired a writer instead")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert len(rows(screen.query_one(CarryOverTable))) == 1
    dropped = stored(data_dir, "k2")
    assert (dropped.status, dropped.dropped_on, dropped.drop_reason) == (
        CommitmentStatus.DROPPED,
        TODAY,
        "Hired a writer instead",
    )


async def test_r_gives_it_a_new_date_and_keeps_the_old_one(data_dir: Path) -> None:
    """r asks when: a date that has passed is explained; the new date and why are kept."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_carry_over(pilot, "c-next")
        await pilot.press("r")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, NewDateDialog)
        await type_text(pilot, "yesterday")
        await settle(pilot)
        assert "has already passed" in shown(dialog.query_one("#due-note"))
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dialog  # refused, nothing saved
        await pilot.press(*["backspace"] * len("yesterday"))
        await type_text(pilot, "+1w")
        await settle(pilot)
        assert shown(dialog.query_one("#due-note")) == "Due Fri 27 Nov."
        await pilot.press("enter")  # on to why
        await type_text(pilot, "Waiting on HR")
        await pilot.press("enter")
        await settle(pilot)
        now_showing: object = pilot.app.screen  # (not narrowed to the dialog)
        assert now_showing is screen
        listed = rows(screen.query_one(CarryOverTable))
        assert [row[1] for row in listed] == ["Fri 27 Nov", "Fri 27 Nov"]  # no longer late
    moved = stored(data_dir, "k1")
    assert moved.due == TODAY + timedelta(days=7) and moved.original_due == nov(18)
    assert [(h.changed_on, h.old_due, h.new_due, h.note) for h in moved.history] == [
        (TODAY, nov(18), nov(27), "Waiting on HR")
    ]


async def test_enter_asks_what_became_of_it(data_dir: Path) -> None:
    """Enter opens the close-out choices; escape changes nothing; d there marks it done."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_carry_over(pilot, "c-next")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CloseOutDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert stored(data_dir, "k1").status is CommitmentStatus.OPEN
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
    assert stored(data_dir, "k1").status is CommitmentStatus.DONE


async def test_safety_shows_how_they_like_feedback_and_to_be_managed(data_dir: Path) -> None:
    """Priya's current feedback and management facts; not superseded ones, never Sam's."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_step(pilot, "safety", "c-next")
        known = shown(screen.query_one(KnownFacts))
        assert known.splitlines() == [
            "What they have taught us",
            "Feedback: Prefers written feedback first  Fri 06 Nov",
            "Managing: Wants a weekly check-in  Fri 06 Nov",
        ]
        assert "About Priya" in screen_text(pilot.app)


async def test_mutual_benefit_shows_what_matters_and_aspirations(data_dir: Path) -> None:
    """Priya's matters and aspirations, markup-like text shown as typed."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_step(pilot, "mutual_benefit", "c-next")
        known = shown(screen.query_one(KnownFacts))
        assert "Matters: Cares about [b]quality[/b]" in known
        assert "Aspires: Wants to lead a team" in known
        assert "Feedback" not in known and "Sam" not in known


async def test_sams_steps_show_sams_facts_only(data_dir: Path) -> None:
    """The same screens for Sam's conversation show what Sam taught us, and nothing of Priya."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_step(pilot, "safety", "c-sam")
        assert "Sam likes it in person" in shown(screen.query_one(KnownFacts))
        assert "Priya" not in shown(screen.query_one(KnownFacts))
        assert "Prefers written" not in screen_text(pilot.app)
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        known = shown(pilot.app.screen.query_one(KnownFacts))
        assert "Sam needs predictable hours" in known and "quality" not in known


async def test_steps_without_facts_do_not_show_them(data_dir: Path) -> None:
    """Objectives and Transparency have no such panel."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_step(pilot, "transparency", "c-next")
        assert not screen.query(KnownFacts)


async def test_ctrl_f_on_a_note_keeps_what_it_teaches(data_dir: Path) -> None:
    """The note's text (or the part selected), the kind guessed, kept with this conversation."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_step(pilot, "safety", "c-next")
        field = screen.query_one("#field-threats", TextArea)
        field.focus()
        await type_text(pilot, "She is worried about the reorg. Keep it calm.")
        await settle(pilot)
        field.selection = Selection((0, 0), (0, 30))  # "She is worried about the reorg"
        await pilot.press("ctrl+f")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, FactDialog)
        assert dialog.query_one("#fact-text").value == "She is worried about the reorg"  # type: ignore[attr-defined]
        assert "Their concerns  ← our guess" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
    store = Store.open(data_dir, read_only=True)
    try:
        learned = store.facts.about("p-priya")
    finally:
        store.close()
    newest = learned[0]
    assert (newest.kind, newest.text, newest.learned_on, newest.conversation_id) == (
        FactKind.CONCERN,
        "She is worried about the reorg",
        TODAY,
        "c-next",
    )


async def test_ctrl_f_is_offered_only_on_a_note(data_dir: Path) -> None:
    """In the carry-over list the footer has no Learn; on a note it has."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_carry_over(pilot, "c-next")
        assert "^f Learn" not in screen_text(pilot.app).splitlines()[-1]
        await pilot.press("tab")
        await settle(pilot)
        footer = screen_text(pilot.app).splitlines()[-1]
        assert "^f Learn" in footer and "f1 Help" in footer


async def test_a_new_fact_shows_at_once(data_dir: Path) -> None:
    """Kept from a note in Safety: it appears in the list above the fields straight away."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_step(pilot, "safety", "c-next")
        screen.query_one("#field-feedback", TextArea).focus()
        await type_text(pilot, "Likes feedback on Fridays")
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Feedback: Likes feedback on Fridays  Fri 20 Nov" in shown(
            screen.query_one(KnownFacts)
        )


async def test_the_close_out_choices_lead_to_their_dialogs(data_dir: Path) -> None:
    """x asks why, r asks when; escape in either changes nothing."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_carry_over(pilot, "c-next")
        for key, dialog in (("x", DropDialog), ("r", NewDateDialog)):
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(pilot.app.screen, CloseOutDialog)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(pilot.app.screen, dialog)
            await type_text(pilot, "tomorrow")
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, StepScreen)
    unchanged = stored(data_dir, "k1")
    assert (unchanged.status, unchanged.due, unchanged.history) == (
        CommitmentStatus.OPEN,
        nov(18),
        [],
    )


async def test_escape_keeps_nothing_learned(data_dir: Path) -> None:
    """ctrl+f, then escape: no fact."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 40)) as pilot:
        screen = await open_step(pilot, "safety", "c-next")
        screen.query_one("#field-feedback", TextArea).focus()
        await type_text(pilot, "Likes feedback on Fridays")
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FactDialog)
        await pilot.press("escape")
        await settle(pilot)
        now_showing: object = pilot.app.screen  # (not narrowed to the dialog)
        assert now_showing is screen
    store = Store.open(data_dir, read_only=True)
    try:
        assert len(store.facts.about("p-priya")) == 5
    finally:
        store.close()
