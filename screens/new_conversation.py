"""Starting a conversation: who it is with, why, and (if known) when."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Header, Input, Label, Select

from coach.dates import FORMS, parse_date, show_date
from coach.errors import InvalidInput
from coach.model import RELATIONSHIPS, Person
from coach.screens.saving import NotSaved, saved
from coach.screens.text import example_day
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.user_text import collapse, trim, visible
from coach.workspace import Workspace


class NewConversationScreen(Screen[None]):
    """A short form; Enter moves on, and Enter on the date starts preparing."""

    CSS_PATH = "new_conversation.tcss"
    AUTO_FOCUS = "#name"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Cancel"),
        Binding("ctrl+s", "start", "Start preparing"),
    ]

    def __init__(self, workspace: Workspace, name: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self._people = {p.name.casefold(): p for p in workspace.store.people.all()}
        self._initial_name = name

    def compose(self) -> ComposeResult:
        """Lay out the form."""
        names = sorted(p.name for p in self._people.values())
        yield Header()
        with VerticalScroll(id="form"):
            yield Label("Who is it with?", classes="field-label")
            yield LineInput(
                self._initial_name,
                placeholder="Their name (type to pick someone you know)",
                id="name",
                suggester=SuggestFromList([visible(n) for n in names], case_sensitive=False),
            )
            yield Note(id="name-note")
            with Horizontal(id="new-person"):
                yield LineInput(placeholder="Role or organisation (optional)", id="role")
                yield Select(
                    [(r.capitalize(), r) for r in RELATIONSHIPS],
                    prompt="Relationship to you",
                    id="relationship",
                )
            yield Label("What is it for?", classes="field-label")
            yield Select(
                [(p.title, p.key) for p in self.workspace.guidance.purposes],
                prompt="Choose a purpose",
                id="purpose",
            )
            yield Note(id="purpose-note")
            yield Label("When? (optional)", classes="field-label")
            yield LineInput(
                placeholder=f"today, fri, +1w or {example_day(self.workspace.today())}", id="date"
            )
            yield Note(id="date-note")
            with Horizontal(id="buttons"):
                yield Button("Start preparing", variant="primary", id="start")
                yield Button("Cancel", id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Title, and the person note for a name given in advance."""
        self.title = "New conversation"
        self._describe_person(self._initial_name)

    # -- live feedback ------------------------------------------------------------

    @on(Input.Changed, "#name")
    def _name_changed(self, event: Input.Changed) -> None:
        self._describe_person(event.value)

    def _describe_person(self, name: str) -> None:
        known = self._people.get(collapse(name).casefold())
        note = self.query_one("#name-note", Note)
        self.query_one("#new-person").display = bool(trim(name)) and known is None
        if not trim(name):
            note.say("")
        elif known is None:
            typed = collapse(name).casefold()
            like = sorted(p.name for k, p in self._people.items() if k.startswith(typed))
            if like:
                # Tab moves on and keeps what is typed, so say how to take the suggestion.
                note.say(
                    f"Someone new, not {visible(like[0])}: press → to take the suggestion."
                    if len(like) == 1
                    else f"Someone new, not one of the {len(like)} suggested: → takes the first."
                )
            else:
                note.say("Someone new: add their role and relationship if you like.")
        else:
            last = self.workspace.store.conversations.last(known.id)
            when = show_date(last.date, self.workspace.today()) if last and last.date else ""
            details = ", ".join(part for part in (known.role, known.relationship) if part)
            text = f"{known.name}" + (f" · {details}" if details else "")
            text += f" · last spoke {when}" if when else ""
            note.say(text)

    @on(Select.Changed, "#purpose")
    def _purpose_changed(self, event: Select.Changed) -> None:
        chosen = (
            self.workspace.guidance.purpose(str(event.value))
            if event.value is not Select.NULL
            else None
        )
        self.query_one("#purpose-note", Note).say(chosen.summary if chosen else "")

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        note = self.query_one("#date-note", Note)
        try:
            day = parse_date(event.value, self.workspace.today())
        except InvalidInput:
            note.say(f"Not a date yet: use {FORMS}.")
            return
        note.say(show_date(day, self.workspace.today()) if day else "")

    # -- moving and submitting ----------------------------------------------------

    @on(Input.Submitted)
    async def _enter_pressed(self, event: Input.Submitted) -> None:
        if event.input.id == "date":
            await self.action_start()
        else:
            self.focus_next()

    @on(Button.Pressed, "#start")
    async def _start_pressed(self) -> None:
        await self.action_start()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.app.pop_screen()

    async def action_start(self) -> None:
        """Check the form; if it is sound, store it and open the first step."""
        from coach.screens.steps.flow import step_screen

        name = self.query_one("#name", Input).value
        purpose_value = self.query_one("#purpose", Select).value
        try:
            day = parse_date(self.query_one("#date", Input).value, self.workspace.today())
        except InvalidInput as error:
            self._complain("#date", "#date-note", str(error))
            return
        if not collapse(name):
            self._complain("#name", "#name-note", "Enter the person's name.")
            return
        if purpose_value is Select.NULL:
            self._complain("#purpose", "#purpose-note", "Choose what the conversation is for.")
            return
        known = self._people.get(collapse(name).casefold())
        relationship = self.query_one("#relationship", Select).value
        person = known or Person(
            name=name,
            role=trim(self.query_one("#role", Input).value),
            relationship="" if relationship is Select.NULL else str(relationship),
        )
        store = self.workspace.store
        try:
            conversation = await saved(
                self,
                self.workspace,
                lambda: store.conversations.start(
                    person, str(purpose_value), day, new_person=known is None
                ),
            )
        except NotSaved:
            return
        self.app.switch_screen(step_screen("objectives", self.workspace, conversation.id))

    def _complain(self, field: str, note_id: str, message: str) -> None:
        self.query_one(note_id, Note).say(message, error=True)
        self.query_one(field).focus()
