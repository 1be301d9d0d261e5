"""Editing a commitment: its words and who owns it (the date has its own dialog)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, RadioButton, RadioSet

from coach.model import Owner
from coach.screens.dialogs.commitment import CommitmentDialog
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.user_text import trim

OWNERS = {Owner.ME: "me", Owner.THEM: "them", Owner.BOTH: "both of us"}


@dataclass(frozen=True)
class Edited:
    """What the commitment now says, and whose it is."""

    text: str
    owner: Owner


class EditCommitmentDialog(CommitmentDialog[Edited | None]):
    """Answers the new words and owner (None: left as it was)."""

    HEADING = "Edit it"
    AUTO_FOCUS = "#edit-text"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "dismiss(None)", "Leave it"),
    ]

    def compose_question(self) -> ComposeResult:
        """The words, then the owner."""
        yield Label("What was promised", classes="field-label")
        yield LineInput(self.commitment.text, id="edit-text")
        yield Label("Whose it is", classes="field-label")
        with RadioSet(id="edit-owner"):
            for owner, words in OWNERS.items():
                yield RadioButton(words, value=owner is self.commitment.owner, name=owner.value)
        yield Note("Enter (or ctrl+s) saves it.", id="edit-note")

    def _owner(self) -> Owner:
        pressed = self.query_one(RadioSet).pressed_button
        name = pressed.name if pressed is not None else None
        return Owner(name) if name else self.commitment.owner

    @on(Input.Submitted, "#edit-text")
    def _entered(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Answer with the words and owner as they are now (the words must say something)."""
        text = self.query_one("#edit-text", LineInput).value
        if not trim(text):
            self.query_one("#edit-note", Note).say("Say what was promised.", error=True)
            return
        self.dismiss(Edited(text, self._owner()))
