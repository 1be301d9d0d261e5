"""What became of an open commitment: done, dropped or a new date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.screens.dialogs.commitment import CommitmentDialog


class CloseOutDialog(CommitmentDialog[str | None]):
    """Answers 'done', 'drop' or 'date' (None: not now)."""

    HEADING = "What became of it?"
    AUTO_FOCUS = "#choices"
    BINDINGS = [
        Binding("d", "choose('done')", "Done"),
        Binding("x", "choose('drop')", "Drop"),
        Binding("r", "choose('date')", "New date"),
        Binding("escape", "dismiss(None)", "Not now"),
    ]

    def compose_question(self) -> ComposeResult:
        """The three things that can become of it."""
        yield OptionList(
            Option("d  Done: kept, today", id="done"),
            Option("x  Dropped: say why", id="drop"),
            Option("r  A new date: say when", id="date"),
            id="choices",
        )

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, choice: str) -> None:
        """Answer with one key."""
        self.dismiss(choice)
