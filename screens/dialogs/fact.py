"""What a person taught us: which kind of fact, and its words."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from coach.errors import InvalidInput
from coach.memory import facts
from coach.model import FactKind
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.store.facts import clean_text
from coach.user_text import collapse, visible

KINDS = tuple(facts.LABELS)


@dataclass(frozen=True)
class FactDraft:
    """What the leader says was learned."""

    kind: FactKind
    text: str


class FactDialog(ModalScreen[FactDraft | None]):
    """Which kind of fact, and its words; Enter keeps it, escape does not."""

    CSS_PATH = "dialogs.tcss"
    AUTO_FOCUS = "#kinds"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self,
        text: str,
        kind: FactKind,
        *,
        title: str = "What did they teach you?",
        hint: str = "our guess",
    ) -> None:
        super().__init__()
        self.hint = hint
        # One line: a fact is a sentence to keep in mind, not a whole note.
        self.words = collapse(visible(text))
        self.kind = kind
        self.heading = title

    def compose(self) -> ComposeResult:
        """The kinds (the guess highlighted), then the words."""
        with VerticalScroll(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            facts.LABELS[kind],
                            (f"  ← {self.hint}", "dim") if kind is self.kind else "",
                        ),
                        id=kind.value,
                    )
                    for kind in KINDS
                ),
                id="kinds",
            )
            yield Label("In a few words (tab to edit)", classes="field-label")
            yield LineInput(self.words, id="fact-text", select_on_focus=False)
            yield Note("↑↓ choose the kind · Enter keeps it", id="fact-note")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Highlight the guess."""
        self.query_one("#kinds", OptionList).highlighted = KINDS.index(self.kind)

    def on_key(self, event: events.Key) -> None:
        """Typing while the kinds have focus types the words: no keystroke is lost."""
        kinds = self.query_one("#kinds", OptionList)
        if self.focused is kinds and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            words = self.query_one("#fact-text", Input)
            words.focus()
            words.insert_text_at_cursor(event.character)

    @on(OptionList.OptionSelected, "#kinds")
    @on(Input.Submitted, "#fact-text")
    def _keep(self) -> None:
        chosen = self.query_one("#kinds", OptionList).highlighted
        kind = KINDS[chosen if chosen is not None else KINDS.index(self.kind)]
        try:
            text = clean_text(self.query_one("#fact-text", Input).value)
        except InvalidInput as error:
            self.query_one("#fact-note", Note).say(str(error), error=True)
            self.query_one("#fact-text", Input).focus()
            return
        self.dismiss(FactDraft(kind, text))
