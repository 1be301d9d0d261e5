"""Which commitment? For a conversation that made several, before settling one."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from coach.dates import show_due
from coach.model import Commitment
from coach.screens.text import literal


class PickCommitmentDialog(ModalScreen[str | None]):
    """Answers the id of the commitment chosen (None: none)."""

    CSS_PATH = "dialogs.tcss"
    AUTO_FOCUS = "#commitments"
    BINDINGS = [Binding("escape", "dismiss(None)", "Not now")]

    def __init__(self, commitments: list[Commitment], today: date) -> None:
        super().__init__()
        self.commitments = commitments
        self.today = today

    def compose(self) -> ComposeResult:
        """The heading, then each commitment: whose, what, when, and what became of it."""
        with VerticalScroll(classes="dialog"):
            yield Label("Which commitment?", classes="dialog-title")
            yield OptionList(
                *(
                    Option(
                        literal(
                            f"{c.owner.value} · {c.text} · {show_due(c.due, self.today)}"
                            f" · {c.status.value}"
                        ),
                        id=c.id,
                    )
                    for c in self.commitments
                ),
                id="commitments",
            )
        yield Footer(compact=True)

    @on(OptionList.OptionSelected, "#commitments")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
