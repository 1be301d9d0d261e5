"""Why coach hinted at a question: the hint in full, a better question, and the idea behind
it (asked for with F2; escape or Enter goes back to the question, as it was)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from coach.guidance.question_hints import Hint
from coach.screens.text import literal


class HintIdea(ModalScreen[None]):
    """The hint for one question, explained."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back"),
        Binding("enter", "dismiss(None)", "Back", show=False),
    ]

    def __init__(self, question: str, hint: Hint) -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The question, the hint, a better question, the idea."""
        with VerticalScroll(classes="dialog"):
            yield Label("Why this hint", classes="dialog-title")
            yield Static(literal(self.question), classes="about")
            yield Static(Content(self.hint.message))
            if self.hint.suggestion:
                yield Static(
                    Content.assemble("Perhaps: ", (self.hint.suggestion, "bold")), classes="about"
                )
            yield Static(Content(self.hint.idea), classes="about")
        yield Footer(compact=True)
