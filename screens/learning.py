"""Keeping what a person has taught us: one key turns a note or an answer into a learned fact.

`learn_from` opens a small dialog that only asks which kind of fact it is (with
a guess from the words) and lets the text be trimmed; the fact is then stored
through the writer, dated today, with the conversation it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from coach.errors import InvalidInput
from coach.memory import facts
from coach.model import EntryKind, Fact, FactKind
from coach.screens.saving import NotSaved, saved
from coach.screens.text import literal, one_line
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.store.facts import clean_text
from coach.user_text import collapse, trim, visible
from coach.workspace import Workspace

KINDS = tuple(facts.LABELS)


@dataclass(frozen=True)
class FactDraft:
    """What the leader says was learned."""

    kind: FactKind
    text: str


class FactDialog(ModalScreen[FactDraft | None]):
    """Which kind of fact, and its words; Enter keeps it, escape does not."""

    CSS_PATH = "commitment_dialogs.tcss"
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
        with Vertical(classes="dialog"):
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


def learn_from(
    screen: Screen[Any],
    workspace: Workspace,
    *,
    person_id: str,
    text: str,
    conversation_id: str | None,
    captured_as: EntryKind | None = None,
    context: str = "",
    after: Callable[[Fact], None] | None = None,
    from_scratch: bool = False,
) -> None:
    """Ask what `text` teaches about the person, and keep it (then call `after`).

    `context`: where it was written (a field's label, a question), to guess its kind.
    `from_scratch`: the leader types the fact themselves (`text` may be blank).
    """
    if workspace.read_only:
        screen.notify("Another coach holds the data: nothing can be added.", markup=False)
        return
    if not trim(text) and not from_scratch:
        screen.notify("There is nothing written there to learn from yet.", markup=False)
        return

    async def chosen(draft: FactDraft | None) -> None:
        if draft is None:
            return
        store, today = workspace.store, workspace.today()
        try:
            fact = await saved(
                screen,
                workspace,
                lambda: store.facts.learn(
                    person_id,
                    draft.kind,
                    draft.text,
                    on=today,
                    conversation_id=conversation_id,
                ),
            )
        except NotSaved:
            return
        screen.notify(
            f"{facts.SHORT[fact.kind]}: {one_line(fact.text, 60)}", title="Learned", markup=False
        )
        if after is not None:
            after(fact)

    if from_scratch and not trim(text):
        dialog = FactDialog("", FactKind.MATTERS, title="What have they taught you?", hint="choose")
    else:
        dialog = FactDialog(text, facts.guess_kind(text, captured_as, context))
    screen.app.push_screen(dialog, chosen)


def correct_fact(
    screen: Screen[Any], workspace: Workspace, fact: Fact, after: Callable[[Fact], None]
) -> None:
    """Ask for a fact's corrected kind and words, and store them."""

    async def chosen(draft: FactDraft | None) -> None:
        if draft is None:
            return
        store = workspace.store
        try:
            changed = await saved(
                screen, workspace, lambda: store.facts.revise(fact.id, draft.kind, draft.text)
            )
        except NotSaved:
            return
        after(changed)

    dialog = FactDialog(fact.text, fact.kind, title="Correct what you learned", hint="as kept")
    screen.app.push_screen(dialog, chosen)


class PassagePicker(ModalScreen[facts.Source | None]):
    """Which note or answer of a conversation to learn from."""

    CSS_PATH = "commitment_dialogs.tcss"
    AUTO_FOCUS = "#passages"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, found: list[facts.Source]) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        """Each note and answer: where it is, then its words."""
        with Vertical(classes="dialog"):
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
