"""Small dialogs for the life of a commitment: close it out, drop it (why?), give it a new date.

Each only asks and returns the answer; the screen that opened it makes the change
through the writer.  What is typed is checked here with the same rules the
change uses, so a bad answer is explained in the dialog and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.dates import FORMS, parse_date, show_date, show_due
from coach.errors import InvalidInput
from coach.model import Commitment
from coach.screens.saving import NotSaved, saved
from coach.screens.text import literal, one_line
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.store.commitments import check_new_due, clean_reason
from coach.user_text import trim
from coach.workspace import Workspace

Changed = Callable[[Commitment], None]

WHO = {"me": "I promised", "them": "They promised", "both": "We promised"}


def about(commitment: Commitment, today: date) -> str:
    """'I promised: send the draft · due Fri 27 Nov (3 days late)'."""
    due = show_due(commitment.due, today)
    when = f"due {show_date(commitment.due, today)}" if commitment.due else "no due date"
    if due not in ("no date", show_date(commitment.due, today)):
        when += f" ({due})"
    return f"{WHO[commitment.owner.value]}: {commitment.text} · {when}"


class CloseOutDialog(ModalScreen[str | None]):
    """What became of an open commitment: 'done', 'drop' or 'date' (None: not now)."""

    CSS_PATH = "commitment_dialogs.tcss"
    AUTO_FOCUS = "#choices"
    BINDINGS = [
        Binding("d", "choose('done')", "Done"),
        Binding("x", "choose('drop')", "Drop"),
        Binding("r", "choose('date')", "New date"),
        Binding("escape", "dismiss(None)", "Not now"),
    ]

    def __init__(self, commitment: Commitment, today: date) -> None:
        super().__init__()
        self.commitment = commitment
        self.today = today

    def compose(self) -> ComposeResult:
        """The commitment, then the three things that can become of it."""
        with Vertical(classes="dialog"):
            yield Label("What became of it?", classes="dialog-title")
            yield Static(literal(about(self.commitment, self.today)), classes="about")
            yield OptionList(
                Option("d  Done: kept, today", id="done"),
                Option("x  Dropped: say why", id="drop"),
                Option("r  A new date: say when", id="date"),
                id="choices",
            )
        yield Footer(compact=True)

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, choice: str) -> None:
        """Answer with one key."""
        self.dismiss(choice)


class DropDialog(ModalScreen[str | None]):
    """Asks why a commitment is dropped; returns the reason (None: not dropped after all)."""

    CSS_PATH = "commitment_dialogs.tcss"
    AUTO_FOCUS = "#reason"
    BINDINGS = [Binding("escape", "dismiss(None)", "Keep it")]

    def __init__(self, commitment: Commitment, today: date) -> None:
        super().__init__()
        self.commitment = commitment
        self.today = today

    def compose(self) -> ComposeResult:
        """The commitment and the reason."""
        with Vertical(classes="dialog"):
            yield Label("Drop it: why?", classes="dialog-title")
            yield Static(literal(about(self.commitment, self.today)), classes="about")
            yield LineInput(placeholder="e.g. no longer needed after the reorg", id="reason")
            yield Note("It stays in the record, with the reason. Enter drops it.", id="reason-note")
        yield Footer(compact=True)

    @on(Input.Submitted, "#reason")
    def _entered(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(clean_reason(event.value))
        except InvalidInput as error:
            self.query_one("#reason-note", Note).say(str(error), error=True)


@dataclass(frozen=True)
class NewDate:
    """A renegotiated due date, and why (optional)."""

    due: date
    note: str = ""


class NewDateDialog(ModalScreen[NewDate | None]):
    """Asks for a commitment's new due date, and why; the old one stays in its history."""

    CSS_PATH = "commitment_dialogs.tcss"
    AUTO_FOCUS = "#new-due"
    BINDINGS = [Binding("escape", "dismiss(None)", "Keep the date")]

    def __init__(self, commitment: Commitment, today: date) -> None:
        super().__init__()
        self.commitment = commitment
        self.today = today

    def compose(self) -> ComposeResult:
        """The commitment, the new date, why."""
        with Vertical(classes="dialog"):
            yield Label("A new date", classes="dialog-title")
            yield Static(literal(about(self.commitment, self.today)), classes="about")
            yield Label("Now due", classes="field-label")
            yield LineInput(placeholder="fri, +1w, 2026-12-01", id="new-due")
            yield Note(id="due-note")
            yield Label("Why (optional)", classes="field-label")
            yield LineInput(placeholder="e.g. waiting on the figures", id="why")
            yield Note("The old date is kept: a slip is never silent. Enter saves.", id="why-note")
        yield Footer(compact=True)

    def _checked(self) -> date:
        text = self.query_one("#new-due", Input).value
        return check_new_due(self.commitment.due, parse_date(text, self.today), self.today)

    @on(Input.Changed, "#new-due")
    def _typed(self) -> None:
        note = self.query_one("#due-note", Note)
        try:
            day = self._checked()
        except InvalidInput as error:
            typed = trim(self.query_one("#new-due", Input).value)
            note.say(str(error) if typed else f"Use {FORMS}.", error=bool(typed))
            return
        note.say(f"Due {show_date(day, self.today)}.")

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        try:
            day = self._checked()
        except InvalidInput as error:
            self.query_one("#due-note", Note).say(str(error), error=True)
            self.query_one("#new-due", Input).focus()
            return
        if event.input.id == "new-due" and not trim(self.query_one("#why", Input).value):
            self.query_one("#why", Input).focus()  # Enter on the date goes on to why
            return
        self.dismiss(NewDate(day, self.query_one("#why", Input).value))


# -- the flows: ask, then change through the writer ---------------------------------------


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
