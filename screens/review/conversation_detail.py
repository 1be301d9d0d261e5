"""One conversation, read-only: the steps, what was said, what was agreed, what came of it."""

from __future__ import annotations

from datetime import date

from markdown_it import MarkdownIt
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from coach.guidance.library import Guidance
from coach.memory.facts import Source, sources
from coach.model import Commitment
from coach.screens.dialogs.export import Scope
from coach.screens.dialogs.passage import PassagePicker
from coach.screens.exporting import export_from
from coach.screens.learning import learn_from
from coach.screens.text import fitting_subtitle
from coach.sharing.markdown import inline
from coach.sharing.summary import Record, conversation_markdown, title
from coach.steps import coverage, describe_coverage, lacks_follow_through, marks
from coach.store.store import Store
from coach.user_text import visible
from coach.workspace import Workspace


def safe_parser() -> MarkdownIt:
    """CommonMark without raw HTML or links made from bare addresses.

    coach writes the Markdown itself and escapes every piece of user text; this
    makes sure that even so, nothing in it can become HTML or a link.
    """
    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def detail_markdown(
    store: Store, conversation_id: str, today: date, guidance: Guidance
) -> str | None:
    """The detail of one conversation as Markdown, private preparation included and marked."""
    conversation = store.conversations.get(conversation_id)
    if conversation is None:
        return None
    record = Record(
        conversation,
        store.people.get(conversation.person_id),
        store.commitments.find(conversation_id=conversation_id),
    )
    text = conversation_markdown(record, today, guidance, include_private=True)
    covered = coverage(conversation, len(record.commitments))
    steps = f"*Steps:* {marks(covered)} {describe_coverage(covered)}"
    if lacks_follow_through(conversation, len(record.commitments)):
        steps += " · *held without any follow-through recorded*"
    return (
        f"{text}\n{steps}\n\n---\n\n"
        f"*Id for `coach export --conversation`:* {inline(conversation.id)}\n"
    )


class ConversationDetailScreen(Screen[None]):
    """A conversation as a document to read; escape goes back."""

    CSS_PATH = "conversation_detail.tcss"
    AUTO_FOCUS = "#document"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("p", "person", "Person"),
        Binding("s", "settle", "Settle"),
        Binding("x", "export", "Export"),
        Binding("f", "learn", "Learn"),
    ]

    def __init__(self, workspace: Workspace, conversation_id: str, query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.conversation_id = conversation_id
        self.query_text = query
        self.conversation = workspace.store.conversations.get(conversation_id)
        self._long_subtitle = ""  # purpose and date, the purpose's title in full

    def compose(self) -> ComposeResult:
        """The document, scrollable by keyboard."""
        yield Header()
        with VerticalScroll(id="document"):
            yield Markdown(parser_factory=safe_parser, open_links=False, id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Render the conversation."""
        self.show()

    def show(self) -> None:
        """Render the conversation as it is stored now."""
        store = self.workspace.store
        text = detail_markdown(
            store, self.conversation_id, self.workspace.today(), self.workspace.guidance
        )
        if text is None or self.conversation is None:
            self.title = "Conversation"
            self.query_one(Markdown).update("This conversation is no longer stored.")
            return
        person = store.people.get(self.conversation.person_id)
        self.title = visible(person.name) if person else "?"
        record = Record(self.conversation, person)
        self._show_subtitle(visible(title(record, self.workspace.guidance).split(" · ", 1)[-1]))
        self.query_one(Markdown).update(text)

    def _show_subtitle(self, long: str) -> None:
        """Purpose and date, the purpose's short label if the long one leaves no room."""
        assert self.conversation is not None
        guidance, purpose = self.workspace.guidance, self.conversation.purpose
        short = long.replace(guidance.purpose_title(purpose), guidance.purpose_label(purpose), 1)
        self._long_subtitle = long
        self.sub_title = fitting_subtitle(self.app.size.width, self.title or "", long, short)

    def on_resize(self) -> None:
        """The header's purpose shortened when the terminal is narrow."""
        if self.conversation is not None and self._long_subtitle:
            self._show_subtitle(self._long_subtitle)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Person and Export need the conversation to exist; Learn, something to learn from."""
        if action in ("person", "export"):
            return self.conversation is not None
        if action == "settle":
            return self.conversation is not None and not self.workspace.read_only
        if action == "learn":
            return (
                self.conversation is not None
                and bool(sources(self.conversation))
                and not self.workspace.read_only
            )
        return True

    def action_settle(self) -> None:
        """Done, a new date, dropped or edited: one of this conversation's commitments."""
        from coach.screens.commitments import settle_one_of

        made = self.workspace.store.commitments.find(conversation_id=self.conversation_id)
        settle_one_of(self, self.workspace, made, self._settled)

    def _settled(self, _commitment: Commitment) -> None:
        self.show()

    def action_learn(self) -> None:
        """Choose a note or an answer, and keep what it teaches about them."""
        conversation = self.conversation
        if conversation is None:
            return

        def chosen(source: Source | None) -> None:
            if source is not None:
                learn_from(
                    self,
                    self.workspace,
                    person_id=conversation.person_id,
                    text=source.text,
                    conversation_id=conversation.id,
                    captured_as=source.captured_as,
                    context=source.context,
                )

        self.app.push_screen(PassagePicker(sources(conversation)), chosen)

    def action_person(self) -> None:
        """Open this person's timeline."""
        from coach.screens.review.person_timeline import PersonScreen

        if self.conversation is not None:
            self.app.push_screen(PersonScreen(self.workspace, self.conversation.person_id))

    def action_export(self) -> None:
        """Export this conversation (or more)."""
        if self.conversation is not None:
            export_from(
                self,
                self.workspace,
                Scope(conversation_id=self.conversation.id, person_id=self.conversation.person_id),
            )
