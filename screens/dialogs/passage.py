"""Which note or answer of a conversation to learn from."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from coach.memory import facts
from coach.screens.text import literal, one_line
from coach.user_text import visible


class PassagePicker(ModalScreen[facts.Source | None]):
    """Which note or answer of a conversation to learn from."""

    CSS_PATH = "dialogs.tcss"
    AUTO_FOCUS = "#passages"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, found: list[facts.Source]) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        """Each note and answer: where it is, then its words."""
        with VerticalScroll(classes="dialog"):
            yield Label("Learn from which note or answer?", classes="dialog-title")
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            (visible(source.label), "bold"),
                            "\n",
                            literal(one_line(source.text, 200)),
                        ),
                        id=str(index),
                    )
                    for index, source in enumerate(self.found)
                ),
                id="passages",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The first one highlighted, ready for Enter."""
        self.query_one("#passages", OptionList).highlighted = 0

    @on(OptionList.OptionSelected, "#passages")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[int(event.option.id or 0)])
