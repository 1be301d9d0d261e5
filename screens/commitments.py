"""The life of a commitment from any screen: close it out, drop it (why?), give it a new
date, edit its words and owner, or open it again.

Each flow asks with a small dialog (screens/dialogs/), then makes the change
through the writer and says what became of it; `after` is told the changed
commitment, so the screen can show it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.screen import Screen

from coach.dates import show_date
from coach.model import Commitment, CommitmentStatus
from coach.screens.dialogs.close_out import CloseOutDialog
from coach.screens.dialogs.drop import DropDialog
from coach.screens.dialogs.edit_commitment import EditCommitmentDialog, Edited
from coach.screens.dialogs.new_date import NewDate, NewDateDialog
from coach.screens.dialogs.pick_commitment import PickCommitmentDialog
from coach.screens.saving import NotSaved, saved
from coach.screens.text import one_line
from coach.workspace import Workspace

Changed = Callable[[Commitment], None]


def close_out(
    screen: Screen[Any], workspace: Workspace, commitment: Commitment, after: Changed
) -> None:
    """Ask what became of `commitment` (done, dropped, a new date), then record it."""

    def chosen(choice: str | None) -> None:
        if choice == "done":
            screen.run_worker(mark_done(screen, workspace, commitment, after))
        elif choice == "drop":
            ask_to_drop(screen, workspace, commitment, after)
        elif choice == "date":
            ask_new_date(screen, workspace, commitment, after)
        elif choice == "edit":
            ask_to_edit(screen, workspace, commitment, after)
        elif choice == "reopen":
            screen.run_worker(reopen(screen, workspace, commitment, after))

    if workspace.read_only:
        return
    screen.app.push_screen(CloseOutDialog(commitment, workspace.today()), chosen)


def settle(screen: Screen[Any], workspace: Workspace, commitment_id: str, after: Changed) -> None:
    """Settle the stored commitment `commitment_id` (as it is now), from any screen."""
    found = workspace.store.commitments.get(commitment_id)
    if found is None:
        screen.notify("That commitment is no longer stored.", severity="warning", markup=False)
        return
    close_out(screen, workspace, found, after)


def settle_one_of(
    screen: Screen[Any], workspace: Workspace, commitments: list[Commitment], after: Changed
) -> None:
    """Settle one of `commitments` (those of a conversation): asked which, if several."""
    if not commitments:
        screen.notify("No commitments were made in it.", markup=False, timeout=4)
        return
    if len(commitments) == 1:
        close_out(screen, workspace, commitments[0], after)
        return
    # The open ones first, the soonest due first: those are the ones to settle.
    commitments = sorted(
        commitments, key=lambda c: (c.status is not CommitmentStatus.OPEN, c.due or date.max)
    )

    def chosen(commitment_id: str | None) -> None:
        if commitment_id is not None:
            settle(screen, workspace, commitment_id, after)

    screen.app.push_screen(PickCommitmentDialog(commitments, workspace.today()), chosen)


async def reopen(
    screen: Screen[Any], workspace: Workspace, commitment: Commitment, after: Changed
) -> None:
    """Open a commitment done or dropped again (an undo)."""
    store, today = workspace.store, workspace.today()
    try:
        opened = await saved(
            screen,
            workspace,
            lambda: store.commitments.set_status(commitment.id, CommitmentStatus.OPEN, today),
        )
    except NotSaved:
        return
    screen.notify(f"Open again: {one_line(opened.text, 60)}", title="Reopened", markup=False)
    after(opened)


def ask_to_edit(
    screen: Screen[Any], workspace: Workspace, commitment: Commitment, after: Changed
) -> None:
    """Ask for its words and owner, then record them."""

    async def chosen(answer: Edited | None) -> None:
        if answer is None:
            return
        store = workspace.store
        try:
            edited = await saved(
                screen,
                workspace,
                lambda: store.commitments.edit(commitment.id, text=answer.text, owner=answer.owner),
            )
        except NotSaved:
            return
        screen.notify(f"Now: {one_line(edited.text, 60)}", title="Edited", markup=False)
        after(edited)

    screen.app.push_screen(EditCommitmentDialog(commitment, workspace.today()), chosen)


async def mark_done(
    screen: Screen[Any], workspace: Workspace, commitment: Commitment, after: Changed
) -> None:
    """Record `commitment` as kept today."""
    store, today = workspace.store, workspace.today()
    try:
        done = await saved(
            screen, workspace, lambda: store.commitments.mark_done(commitment.id, today)
        )
    except NotSaved:
        return
    screen.notify(f"Kept: {one_line(done.text, 60)}", title="Done", markup=False)
    after(done)


def ask_to_drop(
    screen: Screen[Any], workspace: Workspace, commitment: Commitment, after: Changed
) -> None:
    """Ask why, then drop `commitment`."""

    async def chosen(reason: str | None) -> None:
        if reason is None:
            return
        store, today = workspace.store, workspace.today()
        try:
            dropped = await saved(
                screen,
                workspace,
                lambda: store.commitments.drop(commitment.id, today, reason),
            )
        except NotSaved:
            return
        screen.notify(f"Dropped: {one_line(dropped.text, 60)}", title="Dropped", markup=False)
        after(dropped)

    screen.app.push_screen(DropDialog(commitment, workspace.today()), chosen)


def ask_new_date(
    screen: Screen[Any], workspace: Workspace, commitment: Commitment, after: Changed
) -> None:
    """Ask for the new due date, then record it (the old one stays in the history)."""

    async def chosen(answer: NewDate | None) -> None:
        if answer is None:
            return
        store, today = workspace.store, workspace.today()
        try:
            moved = await saved(
                screen,
                workspace,
                lambda: store.commitments.renegotiate(
                    commitment.id, answer.due, today, answer.note
                ),
            )
        except NotSaved:
            return
        when = show_date(moved.due, today)
        screen.notify(f"Now due {when}: {one_line(moved.text, 50)}", title="New date", markup=False)
        after(moved)

    screen.app.push_screen(NewDateDialog(commitment, workspace.today()), chosen)
