"""Step 1, Objectives: the purpose, the outcomes wanted, the key topics, the questions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select

from coach.dates import FORMS, parse_date, show_date
from coach.errors import InvalidInput
from coach.model import Commitment
from coach.screens.commitments import ask_new_date, ask_to_drop, close_out, mark_done
from coach.screens.messages import CommitmentPicked
from coach.screens.steps.step import StepScreen
from coach.screens.text import example_day
from coach.screens.widgets.carry_over import CarryOver
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.note import Note
from coach.screens.widgets.questions import QuestionsPanel
from coach.steps import OBJECTIVES

# Fields narrower than this take the purpose and the date one above the other.
STACKED_BELOW = 44


class ObjectivesScreen(StepScreen):
    """Why this conversation, what I want from it, and what I will ask."""

    STEP = OBJECTIVES

    def compose_fields(self) -> ComposeResult:
        """Purpose and date, what is still open between us, then the step's text fields."""
        with Horizontal(id="purpose-and-date"):
            with Vertical(id="purpose-box"):
                yield Label("Purpose", classes="field-label")
                yield Select(
                    [(p.title, p.key) for p in self.workspace.guidance.purposes],
                    value=self.conversation.purpose
                    if self.workspace.guidance.purpose(self.conversation.purpose)
                    else Select.NULL,
                    allow_blank=self.workspace.guidance.purpose(self.conversation.purpose) is None,
                    id="purpose",
                    disabled=self.read_only,
                )
            with Vertical(id="date-box"):
                yield Label("When", classes="field-label")
                yield LineInput(
                    self.conversation.date.isoformat() if self.conversation.date else "",
                    placeholder=f"fri, +1w, {example_day(self.workspace.today())}",
                    id="date",
                    disabled=self.read_only,
                )
        yield Note(id="date-note")
        # Just above the first field, so shift+tab from it reaches the list at once.
        yield CarryOver(
            self.workspace,
            self.conversation.person_id,
            self.conversation.id,
            width_to_come=self.fields_width,
        )
        yield from super().compose_fields()

    def on_resize(self) -> None:
        """Where the fields are narrow, the date goes under the purpose (side by side,
        the purpose's name was left a letter a line)."""
        narrow = self.query_one("#fields").content_size.width < STACKED_BELOW
        self.query_one("#purpose-and-date").set_class(narrow, "-stacked")

    @on(CommitmentPicked)
    def _close_out(self, event: CommitmentPicked) -> None:
        """A commitment picked in the carry-over: ask what became of it, and record it."""
        found, workspace = event.commitment, self.workspace
        if event.what == "close":
            close_out(self, workspace, found, self._carried_over)
        elif event.what == "done":
            self.run_worker(mark_done(self, workspace, found, self._carried_over))
        elif event.what == "drop":
            ask_to_drop(self, workspace, found, self._carried_over)
        elif event.what == "date":
            ask_new_date(self, workspace, found, self._carried_over)

    def _carried_over(self, _commitment: Commitment) -> None:
        self.query_one(CarryOver).refresh_list()
        self.show_person()

    @on(Select.Changed, "#purpose")
    async def _purpose_changed(self, event: Select.Changed) -> None:
        if self.read_only or event.value is Select.NULL:
            return
        key = str(event.value)
        if key == self.conversation.purpose:
            return
        await self.change_conversation(
            lambda store, cid: store.conversations.set_details(cid, purpose=key)
        )
        self.query_one(QuestionsPanel).use_purpose(self.workspace.guidance.purpose(key))
        self.show_plan()
        self.show_titles()

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        if self.read_only:
            return
        note = self.query_one("#date-note", Note)
        today = self.workspace.today()
        try:
            day = parse_date(event.value, today)
        except InvalidInput:
            note.say(f"Not a date yet: use {FORMS}.", error=True)
            return
        note.say(show_date(day, today))
        if day == self.conversation.date:
            return  # the field was filled in, or typed back as it was: nothing to save
        self.conversation.date = day
        conversation_id, store = self.conversation.id, self.store
        self.autosave.changed(
            ("date", conversation_id),
            lambda: store.conversations.set_details(conversation_id, day=day),
        )
        self.show_titles()
