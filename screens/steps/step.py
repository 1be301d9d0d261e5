"""What every step screen shares: the fields, the guidance beside them, saving as you go.

A step screen shows one of the five steps of one conversation.  Its fields are
saved shortly after typing pauses and, in any case, before leaving the screen or
quitting; moving to another step waits until the save is durable.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static, TabbedContent, TabPane, TextArea

from coach.dates import show_date
from coach.model import CommitmentStatus, Conversation, Fact, FactKind, PlannedQuestion
from coach.screens.learning import learn_from
from coach.screens.saving import Autosave, NotSaved, saved
from coach.screens.shown import still_shown
from coach.screens.text import fitting_subtitle, literal
from coach.screens.widgets.editors import NoteArea
from coach.screens.widgets.guide import GuidePanel
from coach.screens.widgets.known_facts import KnownFacts, known_content
from coach.screens.widgets.person import PersonPanel, context_line, person_content
from coach.screens.widgets.progress import StepProgress
from coach.screens.widgets.questions import PlanList, QuestionsPanel
from coach.steps import STEP_KEYS, STEPS, Step, holds_something
from coach.user_text import visible, words
from coach.workspace import Workspace

SAVE_STATES = {
    "untouched": "",  # nothing changed yet: nothing to say was saved
    "saved": "✓ saved",
    "saving": "saving…",
    "unsaved": "editing",
    "failed": "✗ NOT SAVED",
}
# Next and previous share one place in the footer: at 80 columns there is no room for two.
MOVING = Binding.Group("Step")


class StepScreen(Screen[None]):
    """One facilitation step of one conversation."""

    STEP: ClassVar[Step]
    # Where the cursor starts: the step's first field unless a step says otherwise.
    FIRST_FOCUS: ClassVar[str] = ".note-field"
    # What the person has taught us that this step needs in view (none: not shown).
    FACT_KINDS: ClassVar[tuple[FactKind, ...]] = ()
    CSS_PATH = "step.tcss"
    BINDINGS = [
        Binding("ctrl+n", "next_step", "Next", group=MOVING),
        Binding("ctrl+b", "previous_step", "Prev", group=MOVING),
        Binding("ctrl+o", "questions", "Questions"),
        Binding("ctrl+l", "live", "Live"),
        Binding("ctrl+f", "learn", "Learn"),
        Binding("ctrl+s", "retry_save", "Retry save"),
        Binding("escape", "dashboard", "Back"),
    ]

    def __init__(self, workspace: Workspace, conversation_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.store = workspace.store
        conversation = self.store.conversations.get(conversation_id)
        if conversation is None:
            raise LookupError("That conversation is no longer stored.")
        self.conversation: Conversation = conversation
        self.person = self.store.people.get(conversation.person_id)
        self.guide = workspace.guidance.guide(self.STEP.key)
        self.autosave = Autosave(self, workspace, on_state=self._show_save_state)
        self._save_state = "untouched"
        self._commitments = 0
        self.count_commitments()
        self.learned: list[Fact] = self.store.facts.about(conversation.person_id)

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Progress, fields beside guidance, footer."""
        yield Header()
        with Horizontal(id="top"):
            yield StepProgress(self.STEP.key)
            yield Static(SAVE_STATES["untouched"], id="save-state", markup=False)
        with Horizontal(id="body"):
            with VerticalScroll(id="fields"):
                yield Static(Content(f"{self.STEP.number}. {self.guide.title}"), id="step-title")
                yield Static(id="context-line", markup=False)
                if self.FACT_KINDS:
                    yield KnownFacts()
                yield from self.compose_fields()
            with TabbedContent(id="side"):
                with TabPane("Guide", id="tab-guide"), VerticalScroll():
                    yield GuidePanel(self.guide)
                with TabPane("Questions", id="tab-questions"):
                    yield QuestionsPanel(
                        self.workspace.guidance.purpose(self.conversation.purpose),
                        self.STEP.key,
                        self.read_only,
                        self.workspace.question_rules,
                    )
                with TabPane("About them", id="tab-person"), VerticalScroll():
                    yield PersonPanel()
        yield Footer(compact=True)

    def fields_width(self) -> int:
        """How wide a widget in the fields' column is: measured once the step is laid out,
        and before that (a widget filling itself in on_mount, before the first frame)
        what step.tcss will give it, so that frame is drawn for the width it keeps."""
        fields = self.query_one("#fields")
        if fields.size.width:
            return fields.scrollable_content_region.width
        # 3fr beside a side of 2fr but at least 30 columns (Textual rounds the fields'
        # share down), less the padding either side and the scroll bar's gutter.
        width = self.size.width or self.app.size.width
        return min(width * 3 // 5, width - 30) - 4

    def compose_fields(self) -> ComposeResult:
        """A labelled text area for each of the step's fields."""
        for field in self.STEP.fields:
            yield Label(field.label, classes="field-label", markup=False)
            yield NoteArea(
                self.conversation.note(self.STEP.key, field.key),
                id=f"field-{field.key}",
                classes="note-field",
                placeholder=self.guide.hints.get(field.key, ""),
                read_only=self.read_only,
                soft_wrap=True,
            )

    def on_mount(self) -> None:
        """Fill the screen in; subclasses extend `populate`, not this handler.

        (Textual calls on_mount of every class in the hierarchy, so an override
        calling super() would run this twice.)
        """
        self.populate()
        first = self.query(self.FIRST_FOCUS).first()
        if first is not None:
            # The title stays in view if it can, but the field typed into comes first: with
            # a long carried-over list it was below the fold at 80x24, typed into unseen.
            first.focus(scroll_visible=False)
            self.call_after_refresh(first.scroll_visible, animate=False)

    def on_unmount(self) -> None:
        """However the app ends, edits still waiting for a pause in typing are saved."""
        self.autosave.hand_over()

    def populate(self) -> None:
        """Titles, the plan, the person and the progress bar."""
        self.show_titles()
        person_name = self.person.name if self.person else ""
        self.query_one("#side", TabbedContent).get_tab("tab-person").label = literal(
            f"About {words(person_name)[0] if words(person_name) else 'them'}"
        )
        self.show_person()
        self.show_facts()
        self.show_plan()
        self.show_progress()

    def show_titles(self) -> None:
        """The person's name as title; purpose and date beneath."""
        self.title = visible(self.person.name) if self.person else "?"
        when = show_date(self.conversation.date, self.workspace.today())
        guidance, purpose = self.workspace.guidance, self.conversation.purpose
        self.sub_title = fitting_subtitle(
            self.app.size.width,
            self.title,
            *(
                " · ".join(p for p in (name, when, "read-only" if self.read_only else "") if p)
                for name in (guidance.purpose_title(purpose), guidance.purpose_label(purpose))
            ),
        )

    def on_resize(self) -> None:
        """The header's purpose shortened when the terminal is narrow."""
        self.show_titles()

    @property
    def read_only(self) -> bool:
        """Whether edits are refused (another coach holds the data)."""
        return self.workspace.read_only

    # -- showing ------------------------------------------------------------------

    def show_person(self) -> None:
        """Refresh the About panel."""
        open_ones = self.store.commitments.find(
            person_id=self.conversation.person_id, status=CommitmentStatus.OPEN
        )
        last = self.store.conversations.last(
            self.conversation.person_id, before=self.conversation.id
        )
        today = self.workspace.today()
        self.query_one(PersonPanel).update(
            person_content(
                self.person, open_ones, last, today, self.workspace.guidance, learned=self.learned
            )
        )
        self.query_one("#context-line", Static).update(
            context_line(open_ones, last, today, self.workspace.guidance)
        )

    def show_facts(self) -> None:
        """Refresh what the person has taught us, where this step shows it."""
        if self.FACT_KINDS:
            today = self.workspace.today()
            self.query_one(KnownFacts).update(known_content(self.learned, self.FACT_KINDS, today))

    def _learned(self, fact: Fact) -> None:
        self.learned = self.store.facts.about(self.conversation.person_id)
        self.show_facts()
        self.show_person()

    def show_plan(self) -> None:
        """Refresh the planned questions."""
        self.query_one(QuestionsPanel).show(self.conversation.questions)

    def count_commitments(self) -> None:
        """Recount this conversation's commitments (they fill Follow-through)."""
        self._commitments = len(self.store.commitments.find(conversation_id=self.conversation.id))

    def show_progress(self) -> None:
        """Mark the steps that hold something (no store reads: it runs on keystrokes)."""
        filled = {
            step.key
            for step in STEPS
            if holds_something(self.conversation, step, self._commitments)
        }
        self.query_one(StepProgress).show_filled(filled)

    def _show_save_state(self, state: str) -> None:
        if state == self._save_state or not still_shown(self):
            return  # unchanged, or the screen closed while its last save was finishing
        self._save_state = state
        widget = self.query_one("#save-state", Static)
        widget.update(SAVE_STATES[state])
        widget.set_class(state == "failed", "-failed")
        self.refresh_bindings()

    # -- editing --------------------------------------------------------------------

    @on(TextArea.Changed, ".note-field")
    def _note_changed(self, event: TextArea.Changed) -> None:
        if self.read_only:
            return
        key = (event.text_area.id or "").removeprefix("field-")
        if event.text_area.text == visible(self.conversation.note(self.STEP.key, key)):
            return  # the field was filled in, or typed back as it was: nothing to save
        self.conversation.notes.setdefault(self.STEP.key, {})[key] = event.text_area.text
        self.note_edited()

    def note_edited(self) -> None:
        """Queue a save of this step's fields (the latest text of each)."""
        step, conversation_id = self.STEP.key, self.conversation.id
        fields = dict(self.conversation.notes.get(step, {}))
        store = self.store
        self.autosave.changed(
            ("notes", conversation_id, step),
            lambda: store.conversations.set_notes(conversation_id, step, fields),
        )
        self.show_progress()

    @on(QuestionsPanel.Why)
    def _why_this_hint(self, event: QuestionsPanel.Why) -> None:
        from coach.screens.dialogs.hint_idea import HintIdea

        self.app.push_screen(HintIdea(event.question, event.hint))

    @on(QuestionsPanel.Add)
    async def _add_question(self, event: QuestionsPanel.Add) -> None:
        if self.read_only:
            return
        question = PlannedQuestion(text=event.text, step=self.STEP.key)
        await self.change_conversation(
            lambda store, cid: store.conversations.add_question(cid, question)
        )

    @on(PlanList.Remove)
    async def _remove_question(self, event: PlanList.Remove) -> None:
        if self.read_only:
            return
        await self.change_conversation(
            lambda store, cid: store.conversations.remove_question(cid, event.question_id)
        )

    async def change_conversation(self, change: Any) -> None:
        """Apply a targeted change through the writer, then show the result."""
        store, conversation_id = self.store, self.conversation.id
        try:
            updated = await saved(self, self.workspace, lambda: change(store, conversation_id))
        except NotSaved:
            return
        # Keep what is typed but not yet saved: take the stored plan and details only.
        self.conversation.questions = updated.questions
        self.conversation.purpose = updated.purpose
        self.conversation.date = updated.date
        self.conversation.status = updated.status
        self.conversation.next_checkin = updated.next_checkin
        self.conversation.summary_confirmed = updated.summary_confirmed
        self.show_plan()
        self.show_progress()

    # -- moving -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide moves that go nowhere, and Retry unless a save failed."""
        index = STEP_KEYS.index(self.STEP.key)
        if action == "next_step":
            return index < len(STEP_KEYS) - 1
        if action == "previous_step":
            return index > 0
        if action == "retry_save":
            return self._save_state == "failed"
        if action == "learn":
            return isinstance(self.focused, NoteArea) and not self.read_only
        if action in ("live", "toggle_done", "remove_commitment"):
            return not self.read_only  # each would change the data
        return True

    async def action_next_step(self) -> None:
        """Save, then go to the next step."""
        index = STEP_KEYS.index(self.STEP.key)
        if index < len(STEP_KEYS) - 1:
            await self.go_to(STEP_KEYS[index + 1])

    async def action_previous_step(self) -> None:
        """Save, then go to the previous step."""
        index = STEP_KEYS.index(self.STEP.key)
        if index > 0:
            await self.go_to(STEP_KEYS[index - 1])

    @on(StepProgress.Chosen)
    async def _step_clicked(self, event: StepProgress.Chosen) -> None:
        if event.step != self.STEP.key:
            await self.go_to(event.step)

    async def go_to(self, step: str) -> None:
        """Leave for another step once everything here is durable."""
        from coach.screens.steps.flow import step_screen

        if not await self._settled():
            return
        self.app.switch_screen(step_screen(step, self.workspace, self.conversation.id))

    async def action_live(self) -> None:
        """Save, then capture the meeting itself."""
        from coach.screens.live.capture import LiveScreen

        if not self.read_only and await self._settled():
            self.app.switch_screen(LiveScreen(self.workspace, self.conversation.id))

    async def action_dashboard(self) -> None:
        """Save, then go back."""
        if await self._settled():
            self.app.pop_screen()

    async def action_retry_save(self) -> None:
        """Try the failed save again."""
        await self._settled()

    async def _settled(self) -> bool:
        if await self.autosave.settle():
            return True
        self.notify(
            "Your last edits are not saved yet, so coach stays on this step. "
            "They are still on screen; fix the problem shown and press ctrl+s.",
            title="Not saved",
            severity="error",
            markup=False,
        )
        return False

    def on_descendant_focus(self) -> None:
        """The footer offers 'Learned' only on a note."""
        self.refresh_bindings()

    def action_learn(self) -> None:
        """Keep what the focused note (or the part selected) teaches about the person."""
        note = self.focused
        if not isinstance(note, NoteArea):
            return
        key = (note.id or "").removeprefix("field-")
        label = next((f.label for f in self.STEP.fields if f.key == key), "")
        learn_from(
            self,
            self.workspace,
            person_id=self.conversation.person_id,
            text=note.selected_text or note.text,
            conversation_id=self.conversation.id,
            context=label,
            after=self._learned,
        )

    def action_questions(self) -> None:
        """Show the suggested questions and put the cursor there."""
        self.query_one("#side", TabbedContent).active = "tab-questions"
        self.query_one(QuestionsPanel).focus_suggestions()
