"""What became of a commitment: done, dropped or a new date; or its words and owner edited.

A commitment already done or dropped can be opened again (an undo) or edited.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.model import CommitmentStatus
from coach.screens.dialogs.commitment import CommitmentDialog

OPEN_CHOICES = {
    "done": "d  Done: kept, today",
    "drop": "x  Dropped: say why",
    "date": "r  A new date: say when",
    "edit": "e  Edit its words or whose it is",
}
SETTLED_CHOICES = {
    "reopen": "o  Open it again (undo)",
    "edit": "e  Edit its words or whose it is",
}


class CloseOutDialog(CommitmentDialog[str | None]):
    """Answers 'done', 'drop', 'date', 'edit' or 'reopen' (None: not now)."""

    HEADING = "What became of it?"
    AUTO_FOCUS = "#choices"
    BINDINGS = [
        Binding("d", "choose('done')", "Done"),
        Binding("x", "choose('drop')", "Drop"),
        Binding("r", "choose('date')", "New date"),
        Binding("e", "choose('edit')", "Edit"),
        Binding("o", "choose('reopen')", "Open again"),
        Binding("escape", "dismiss(None)", "Not now"),
    ]

    @property
    def choices(self) -> dict[str, str]:
        """What can become of it now: an open one is settled, a settled one reopened."""
        is_open = self.commitment.status is CommitmentStatus.OPEN
        return OPEN_CHOICES if is_open else SETTLED_CHOICES

    def compose_question(self) -> ComposeResult:
        """The things that can become of it."""
        yield OptionList(
            *(Option(words, id=key) for key, words in self.choices.items()), id="choices"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the choices this commitment has are offered."""
        if action == "choose":
            return parameters[0] in self.choices
        return True

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, choice: str) -> None:
        """Answer with one key."""
        if choice in self.choices:
            self.dismiss(choice)
