"""What the commitment dialogs share: a heading, the commitment in words, then the question.

Each only asks and returns the answer; the flow that opened it (screens/commitments.py)
makes the change through the writer.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from coach.dates import show_date, show_due
from coach.model import Commitment
from coach.screens.text import literal

WHO = {"me": "I promised", "them": "They promised", "both": "We promised"}

Answer = TypeVar("Answer")


def about(commitment: Commitment, today: date) -> str:
    """'I promised: send the draft · due Fri 27 Nov (3 days late)'."""
    due = show_due(commitment.due, today)
    when = f"due {show_date(commitment.due, today)}" if commitment.due else "no due date"
    if due not in ("no date", show_date(commitment.due, today)):
        when += f" ({due})"
    return f"{WHO[commitment.owner.value]}: {commitment.text} · {when}"


class CommitmentDialog(ModalScreen[Answer]):
    """A dialog about one commitment, which dismisses with an Answer."""

    CSS_PATH = "dialogs.tcss"
    HEADING = ""

    def __init__(self, commitment: Commitment, today: date) -> None:
        super().__init__()
        self.commitment = commitment
        self.today = today

    def compose(self) -> ComposeResult:
        """The heading and the commitment, then what the dialog asks."""
        with VerticalScroll(classes="dialog"):
            yield Label(self.HEADING, classes="dialog-title")
            yield Static(literal(about(self.commitment, self.today)), classes="about")
            yield from self.compose_question()
        yield Footer(compact=True)

    def compose_question(self) -> ComposeResult:
        """What the dialog asks (each dialog its own)."""
        yield from ()
