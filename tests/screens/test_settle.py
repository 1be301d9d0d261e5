"""Settling a commitment wherever it is shown, in a small dialog, creating no conversation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach.model import CommitmentStatus, Owner
from coach.screens.dialogs.close_out import CloseOutDialog
from coach.screens.dialogs.edit_commitment import EditCommitmentDialog
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.widgets.list_table import ListTable
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.review_data import seed
from tests.support.ui import in_palette, make_app, opened, screen_text, settle, type_text


def stored(directory: Path, commitment_id: str):  # type: ignore[no-untyped-def]
    """The commitment as stored, and how many conversations there are."""
    store = Store.open(directory, read_only=True)
    try:
        return store.commitments.get(commitment_id), len(store.conversations.find())
    finally:
        store.close()


async def settle_dialog(pilot) -> CloseOutDialog:  # type: ignore[no-untyped-def]
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, CloseOutDialog), dialog
    return dialog


async def test_a_new_date_from_the_dashboard(data_dir: Path) -> None:
    """s on the overdue commitment, r, '+1w', a reason: due in a week, the old date kept."""
    seeded = seed(data_dir)
    _, conversations = stored(data_dir, seeded.promise.id)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        table = dashboard.query_one("#commitments", ListTable)
        assert table.selected_key == seeded.promise.id  # overdue: first
        assert "s Settle" in screen_text(pilot.app).splitlines()[-1]
        await pilot.press("s")
        await settle_dialog(pilot)
        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "+1w")
        await pilot.press("enter")
        await type_text(pilot, "waiting on finance")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dashboard
    commitment, after = stored(data_dir, seeded.promise.id)
    assert commitment is not None and commitment.due == TODAY + timedelta(days=7)
    assert [(c.old_due, c.note) for c in commitment.history] == [
        (seeded.promise.due, "waiting on finance")
    ]
    assert after == conversations  # no conversation made


async def test_edit_its_words_and_owner_from_the_dashboard(data_dir: Path) -> None:
    """s, e: new words, 'them' chosen, ctrl+s: stored as edited."""
    seeded = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("s")
        await settle_dialog(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EditCommitmentDialog)
        await pilot.press("ctrl+u")  # clear the words
        await type_text(pilot, "Send the revised budget")
        await pilot.press("tab", "down", "enter")  # the owners: from "me" to "them"
        await pilot.press("ctrl+s")
        await settle(pilot)
    commitment, _ = stored(data_dir, seeded.promise.id)
    assert commitment is not None
    assert (commitment.text, commitment.owner) == ("Send the revised budget", Owner.THEM)


async def test_drop_from_the_person_page_and_open_it_again(data_dir: Path) -> None:
    """On Zoë's page: s on her open commitment, x, a reason: dropped; s, o: open again."""
    seeded = seed(data_dir)
    _, conversations = stored(data_dir, seeded.promise.id)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        page = PersonScreen(dashboard.workspace, seeded.zoe.id)
        pilot.app.push_screen(page)
        await settle(pilot)
        table = page.query_one("#timeline", ListTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(f"commitment:{seeded.promise.id}"))
        await settle(pilot)
        assert "s Settle" in screen_text(pilot.app).splitlines()[-1]
        await pilot.press("s")
        await settle_dialog(pilot)
        await pilot.press("x")
        await settle(pilot)
        await type_text(pilot, "roster no longer needed")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is page
        commitment, _ = stored(data_dir, seeded.promise.id)
        assert commitment is not None and commitment.status is CommitmentStatus.DROPPED
        assert commitment.drop_reason == "roster no longer needed"
        await pilot.press("s")
        dialog = await settle_dialog(pilot)
        assert list(dialog.choices) == ["reopen", "edit"]
        await pilot.press("o")
        await settle(pilot)
    commitment, after = stored(data_dir, seeded.promise.id)
    assert commitment is not None and commitment.status is CommitmentStatus.OPEN
    assert after == conversations


async def test_done_from_the_palette(data_dir: Path) -> None:
    """ctrl+p, 'settle', the commitment, d: kept today."""
    seeded = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await in_palette(pilot, "settle send", "Settle: ")
        await settle_dialog(pilot)
        await pilot.press("d")
        await settle(pilot)
    commitment, _ = stored(data_dir, seeded.promise.id)
    assert commitment is not None
    assert (commitment.status, commitment.done_on) == (CommitmentStatus.DONE, TODAY)


async def test_from_a_conversation_and_from_the_review_results(data_dir: Path) -> None:
    """Its detail: s asks which of its two commitments, then settles it; the review: s too."""
    from coach.screens.dialogs.pick_commitment import PickCommitmentDialog
    from coach.screens.review.conversation_detail import ConversationDetailScreen
    from coach.screens.widgets.results import ResultsTable
    from tests.screens.test_review_screen import open_review

    seeded = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        detail = ConversationDetailScreen(dashboard.workspace, seeded.budget.id)
        pilot.app.push_screen(detail)
        await settle(pilot)
        assert "s Settle" in screen_text(pilot.app).splitlines()[-1]
        await pilot.press("s")
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, PickCommitmentDialog)
        assert {c.id for c in picker.commitments} == {seeded.promise.id, "k-offsite"}
        await pilot.press("enter")  # the first: the open one, due first
        await settle_dialog(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert pilot.app.screen is detail
        pilot.app.pop_screen()
        await settle(pilot)
        review = await open_review(pilot)
        await pilot.press("down", "down")  # to the results, then the budget talk
        await settle(pilot)
        assert review.query_one(ResultsTable).selected_key == seeded.budget.id
        await pilot.press("s")
        await settle(pilot)
        again = pilot.app.screen
        assert isinstance(again, PickCommitmentDialog)
        assert {c.id for c in again.commitments} == {seeded.promise.id, "k-offsite"}
    commitment, _ = stored(data_dir, seeded.promise.id)
    assert commitment is not None and commitment.status is CommitmentStatus.DONE
