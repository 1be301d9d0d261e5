"""A commitment's new due date, and why; the old one stays in its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label

from coach.dates import FORMS, parse_date, show_date
from coach.errors import InvalidInput
from coach.screens.dialogs.commitment import CommitmentDialog
from coach.screens.text import example_day
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.store.commitments import check_new_due
from coach.user_text import trim


@dataclass(frozen=True)
class NewDate:
    """A renegotiated due date, and why (optional)."""

    due: date
    note: str = ""


class NewDateDialog(CommitmentDialog[NewDate | None]):
    """Answers the new date and why (None: the date stays).

    The date is checked with the rule the store uses, as it is typed.
    """

    HEADING = "A new date"
    AUTO_FOCUS = "#new-due"
    BINDINGS = [Binding("escape", "dismiss(None)", "Keep the date")]

    def compose_question(self) -> ComposeResult:
        """The new date, then why."""
        yield Label("Now due", classes="field-label")
        yield LineInput(placeholder=f"fri, +1w, {example_day(self.today)}", id="new-due")
        yield Note(id="due-note")
        yield Label("Why (optional)", classes="field-label")
        yield LineInput(placeholder="e.g. waiting on the figures", id="why")
        yield Note("The old date is kept: a slip is never silent. Enter saves.", id="why-note")

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
