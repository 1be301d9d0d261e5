"""The life of a commitment from a screen: close it out, drop it (why?), give it a new date.

Each flow asks with a small dialog (screens/dialogs/), then makes the change
through the writer and says what became of it; `after` is told the changed
commitment, so the screen can show it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from coach.dates import show_date
from coach.model import Commitment
from coach.screens.dialogs.close_out import CloseOutDialog
from coach.screens.dialogs.drop import DropDialog
from coach.screens.dialogs.new_date import NewDate, NewDateDialog
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

    screen.app.push_screen(CloseOutDialog(commitment, workspace.today()), chosen)


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
