"""Dropping a commitment: why?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from coach.errors import InvalidInput
from coach.screens.dialogs.commitment import CommitmentDialog
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.store.commitments import clean_reason


class DropDialog(CommitmentDialog[str | None]):
    """Answers the reason it is dropped (None: not dropped after all).

    The reason is checked with the rule the store uses, so a bad one is explained
    here and nothing typed is lost.
    """

    HEADING = "Drop it: why?"
    AUTO_FOCUS = "#reason"
    BINDINGS = [Binding("escape", "dismiss(None)", "Keep it")]

    def compose_question(self) -> ComposeResult:
        """The reason."""
        yield LineInput(placeholder="e.g. no longer needed after the reorg", id="reason")
        yield Note("It stays in the record, with the reason. Enter drops it.", id="reason-note")

    @on(Input.Submitted, "#reason")
    def _entered(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(clean_reason(event.value))
        except InvalidInput as error:
            self.query_one("#reason-note", Note).say(str(error), error=True)
