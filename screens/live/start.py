"""Who is the meeting with?  Pick a conversation being prepared, or type a name.

An interrupted meeting (begun in capture, never ended) is offered first, with the time
it was left; for a name with one, it is offered before anything else is done.

For someone with nothing in preparation, the only question asked is the purpose,
with a sensible default (the purpose of their last conversation).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from coach.dates import show_date
from coach.meeting import capture as meeting
from coach.meeting.interrupted import interrupted, interrupted_at, is_interrupted
from coach.model import Conversation, ConversationStatus, Person
from coach.screens.saving import NotSaved, saved
from coach.screens.text import literal
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.user_text import collapse, trim
from coach.workspace import Workspace

DEFAULT_PURPOSE = "building-trust"
NEW = "new-conversation"  # the option that starts afresh instead of continuing


class LiveStartScreen(ModalScreen[str | None]):
    """Returns the id of the conversation to capture, or None if cancelled."""

    CSS_PATH = "start.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, workspace: Workspace, name: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self._who = name
        self._person: Person | None = None
        self._names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """The conversations in preparation, a name line, and (later) the purposes."""
        with Vertical(id="live-start"):
            yield Label("Live capture: who is the meeting with?", id="live-start-title")
            yield OptionList(id="preparing", markup=False)
            yield LineInput(
                self._who, placeholder="Someone else: type a name, then Enter", id="who"
            )
            yield Note(id="who-note")
            yield Label("", id="purpose-title")
            yield OptionList(id="purposes", markup=False)

    def on_mount(self) -> None:
        """List what is being prepared, interrupted meetings first; with a name, go on."""
        store = self.workspace.store
        self._names = {p.id: p.name for p in store.people.all()}
        preparing = sorted(
            store.conversations.find(status=ConversationStatus.PREPARING),
            key=lambda c: (c.date is None, c.date or c.created.date()),
        )
        cut_off = interrupted(store)
        listing = self.query_one("#preparing", OptionList)
        for conversation in [*cut_off, *(c for c in preparing if c not in cut_off)]:
            listing.add_option(self._option(conversation))
        listing.display = bool(preparing)
        self.query_one("#purposes").display = False
        self.query_one("#purpose-title").display = False
        if trim(self._who):
            self.call_after_refresh(self._choose_name, self._who)
        elif preparing:
            listing.highlighted = 0
            listing.focus()
        else:
            self.query_one("#who").focus()

    def _option(self, conversation: Conversation) -> Option:
        """'Continue · Zoë · interrupted at 10:42 · Building trust', or the date and name."""
        today = self.workspace.today()
        name = self._names.get(conversation.person_id, "?")
        purpose = self.workspace.guidance.purpose_title(conversation.purpose)
        if is_interrupted(conversation):
            at = interrupted_at(conversation, today)
            label = f"Continue · {name} · interrupted at {at} · {purpose}"
        else:
            when = show_date(conversation.date, today) or "no date"
            label = f"{when} · {name} · {purpose}"
        return Option(literal(label), id=conversation.id)

    @on(OptionList.OptionSelected, "#preparing")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith(NEW):
            self._ask_purpose(self._person)
            return
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#who")
    async def _named(self, event: Input.Submitted) -> None:
        await self._choose_name(event.value)

    async def _choose_name(self, name: str) -> None:
        """Their interrupted meeting offered first; else their conversation in
        preparation; else ask only for the purpose of a new one."""
        if not collapse(name):
            self.query_one("#who-note", Note).say("Type the person's name.", error=True)
            return
        person, conversation = meeting.conversation_for(self.workspace.store, name)
        self._who = collapse(name)
        self._person = person
        cut_off = interrupted(self.workspace.store, person.id) if person else []
        if person is not None and cut_off:
            self._offer_to_continue(person, cut_off)
            return
        if conversation is not None:
            self.dismiss(conversation.id)
            return
        self._ask_purpose(person)

    def _offer_to_continue(self, person: Person, cut_off: list[Conversation]) -> None:
        """Their interrupted meetings, the latest highlighted, and a new conversation."""
        title = self.query_one("#live-start-title", Label)
        title.update(literal(f"Your meeting with {person.name} was interrupted. Continue it?"))
        listing = self.query_one("#preparing", OptionList)
        listing.clear_options()
        listing.add_options(self._option(conversation) for conversation in cut_off)
        listing.add_option(Option(literal(f"A new conversation with {person.name}"), id=NEW))
        listing.display = True
        listing.highlighted = 0
        listing.focus()

    def _ask_purpose(self, person: Person | None) -> None:
        """Ask only what the new conversation is for, defaulting to their last purpose."""
        last = self.workspace.store.conversations.last(person.id) if person else None
        default = last.purpose if last else DEFAULT_PURPOSE
        title = self.query_one("#purpose-title", Label)
        if person is None:
            question = f"{self._who} is new to coach. What is the conversation for?"
        else:
            question = f"Nothing is being prepared with {person.name}. What is this one for?"
        title.update(literal(question))
        title.display = True
        choices = self.query_one("#purposes", OptionList)
        choices.clear_options()
        choices.add_options(Option(p.title, id=p.key) for p in self.workspace.guidance.purposes)
        keys = [p.key for p in self.workspace.guidance.purposes]
        choices.highlighted = keys.index(default) if default in keys else 0
        choices.display = True
        choices.focus()

    @on(OptionList.OptionSelected, "#purposes")
    async def _purpose_chosen(self, event: OptionList.OptionSelected) -> None:
        store, today = self.workspace.store, self.workspace.today()
        known = self._person
        person = known or Person(name=self._who)
        purpose = event.option.id or DEFAULT_PURPOSE
        try:
            conversation = await saved(
                self,
                self.workspace,
                lambda: store.conversations.start(person, purpose, today, new_person=known is None),
            )
        except NotSaved:
            return
        self.dismiss(conversation.id)

    def action_cancel(self) -> None:
        """Back to where you were."""
        self.dismiss(None)


def start_live(app: App[Any], workspace: Workspace, name: str = "") -> None:
    """Open live capture with `name` (or ask who the meeting is with)."""
    from coach.screens.live.capture import LiveScreen

    def chosen(conversation_id: str | None) -> None:
        if conversation_id:
            app.push_screen(LiveScreen(workspace, conversation_id))

    app.push_screen(LiveStartScreen(workspace, name), chosen)
