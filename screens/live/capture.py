"""Live capture: one line, always ready, for notes and commitments during the meeting.

Enter stores the line durably through the writer (never blocking the next
keystroke); the log shows it as "saving…" until it is on disk.  A half-typed line
is kept as a draft, so quitting loses nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Static

from coach.errors import InvalidInput
from coach.guidance.question_hints import hint_for
from coach.meeting import capture as meeting
from coach.meeting.balance import balance, is_prompt, prompt
from coach.meeting.syntax import LEGEND, CapturedLine, parse_line
from coach.model import (
    Commitment,
    CommitmentStatus,
    Conversation,
    Entry,
    EntryKind,
    PlannedQuestion,
)
from coach.screens.learning import learn_from
from coach.screens.live.corrections import CorrectingScreen
from coach.screens.saving import Autosave, save
from coach.screens.shown import still_shown
from coach.screens.text import literal
from coach.screens.widgets.capture_log import (
    FAILED,
    SAVED,
    SAVING,
    CapturedEntry,
    CaptureLog,
)
from coach.screens.widgets.editors import LineInput, PastedLines
from coach.screens.widgets.live_side import ContextPanel, QuestionList, context_content, known_about
from coach.screens.widgets.note import Note
from coach.user_text import visible
from coach.workspace import Workspace


class LiveScreen(CorrectingScreen):
    """Capture during the meeting, then play back and follow through."""

    CSS_PATH = "capture.tcss"
    AUTO_FOCUS = "#capture"
    BINDINGS = [
        # Priority, because the capture line (an Input) would otherwise take the arrows.
        Binding("down", "question(1)", "Question", key_display="↑↓", priority=True),
        Binding("up", "question(-1)", "Question", show=False, priority=True),
        Binding("ctrl+t", "asked", "Asked"),
        Binding("ctrl+r", "fix_last", "Fix"),
        Binding("ctrl+f", "learn", "Learn"),
        Binding("ctrl+g", "delete_fixing", "Delete"),
        Binding("ctrl+s", "retry", "Retry saving"),
        Binding("ctrl+n", "end_meeting", "End"),
        Binding("escape", "back", "Back"),
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
        self.autosave = Autosave(self, workspace)
        # The question the next line answers (after ctrl+t or a `?` line), and the one the
        # last line answered: a line starting with "+" adds to that answer.
        self.answering: str | None = None
        self.answered: str | None = None
        self.fixing: str | None = None
        self._stash = ""
        self._lines: list[CapturedEntry] = []
        self._failed: dict[str, meeting.Captured] = {}
        self._asked_here: dict[str, PlannedQuestion] = {}  # asked with ?, maybe still saving
        self._saving: set[asyncio.Future[Any]] = set()
        self._commitments: dict[str, Commitment] | None = None  # this conversation's

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Log beside questions and context; the capture line below."""
        yield Header()
        with Horizontal(id="live-top"):
            yield Static("● live", id="live-mark", markup=False)
            yield Static(id="balance", markup=False)
            yield Static(id="clock", markup=False)
        with Horizontal(id="live-body"):
            yield CaptureLog()
            with Vertical(id="live-side"):
                yield Static("Questions (ctrl+t: asked)", classes="panel-title", markup=False)
                yield QuestionList()
                with VerticalScroll(id="context-scroll"):
                    yield ContextPanel()
        yield Static(id="answering", markup=False)
        capture = LineInput(
            self.conversation.live_draft,
            placeholder="Type a note and press Enter (prefixes below)",
            id="capture",
            disabled=self.workspace.read_only,
        )
        capture.keeps_pasted_lines = True
        yield capture
        yield Note(id="capture-note")
        yield Static(LEGEND, id="legend", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Start the meeting's clock, show what is known, put the cursor on the line."""
        name = visible(self.person.name) if self.person else "?"
        self.title = name
        self.sub_title = (
            f"Live · {self.workspace.guidance.purpose_title(self.conversation.purpose)}"
        )
        if self.conversation.started is None:
            self.conversation.started = self.workspace.now()
            if not self.workspace.read_only:
                started, store, cid = self.conversation.started, self.store, self.conversation.id
                save(self, self.workspace, lambda: meeting.begin(store, cid, started))
        self._reload_lines()
        self._show_questions()
        self._show_context()
        self._show_answering()
        self._show_balance()
        self._tick()

    def on_unmount(self) -> None:
        """However the app ends, edits still waiting for a pause in typing are saved."""
        self.autosave.hand_over()

    # -- showing ------------------------------------------------------------------

    def _tick(self) -> None:
        """Show the time and the minutes since the start; come back when either changes.

        Minutes, not seconds: a clock that ticks every second would redraw an idle
        screen (and write to the terminal) every second of the meeting.
        """
        started = self.conversation.started
        moment = self.workspace.now()
        elapsed = max(int((moment - started).total_seconds()), 0) if started else 0
        hours, minutes = divmod(elapsed // 60, 60)
        since = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
        self.query_one("#clock", Static).update(f"{moment:%H:%M} · {since}")
        to_next_minute = 60 - moment.second - moment.microsecond / 1_000_000
        to_next_elapsed = 60 - elapsed % 60 if started else to_next_minute
        self.set_timer(min(to_next_minute, to_next_elapsed) + 0.05, self._tick)

    def _reload_lines(self, *, recount: bool = False) -> None:
        """Rebuild the log from the stored entries, keeping lines still being saved.

        Commitments are read once and then one by one as lines make them: a full
        read scans every commitment stored, too slow to do on every Enter.
        """
        if recount or self._commitments is None:
            made = self.store.commitments.find(conversation_id=self.conversation.id)
            self._commitments = {c.id: c for c in made}
        commitments = self._commitments
        for entry in self.conversation.entries:
            if entry.commitment_id and entry.commitment_id not in commitments:
                found = self.store.commitments.get(entry.commitment_id)
                if found is not None:
                    commitments[found.id] = found
        questions = {q.id: q.text for q in self.conversation.questions}
        stored = [
            CapturedEntry(
                entry,
                commitments.get(entry.commitment_id or ""),
                SAVED,
                questions.get(entry.question_id or "", "")
                if entry.kind is not EntryKind.QUESTION
                else "",
            )
            for entry in self.conversation.entries
        ]
        known = {line.entry.id for line in stored}
        waiting = [
            line for line in self._lines if line.state != SAVED and line.entry.id not in known
        ]
        self._lines = stored + waiting
        self.query_one(CaptureLog).show_lines(self._lines, self.workspace.today())

    def _show_questions(self) -> None:
        stored = {q.id for q in self.conversation.questions}
        saving = [q for q in self._asked_here.values() if q.id not in stored]
        self.query_one(QuestionList).show_questions(
            [*self.conversation.questions, *saving], self.answering
        )

    def _show_context(self) -> None:
        person_id = self.conversation.person_id
        open_ones = self.store.commitments.find(person_id=person_id, status=CommitmentStatus.OPEN)
        others = [
            c
            for c in self.store.conversations.find(person_id=person_id)
            if c.id != self.conversation.id
        ]
        learned = self.store.facts.about(person_id)
        self.query_one(ContextPanel).update(
            context_content(open_ones, known_about(others), self.workspace.today(), learned)
        )

    def _show_answering(self) -> None:
        widget = self.query_one("#answering", Static)
        if self.fixing is not None:
            widget.update("✎ Correcting a line: Enter saves · ctrl+g deletes it · escape cancels")
        elif self.answering is not None:
            question = self._question(self.answering)
            text = question.text if question else ""
            widget.update(literal(f"↳ Your next line answers: {text}  (escape: a note instead)"))
        elif self.answered is not None:
            question = self._question(self.answered)
            text = question.text if question else ""
            widget.update(literal(f"Lines are notes again · start with + to add to: {text}"))
        shown = self.fixing is not None or self.answering is not None or self.answered is not None
        widget.display = shown
        self.refresh_bindings()

    # -- capturing ------------------------------------------------------------------

    @on(Input.Changed, "#capture")
    def _typed(self, event: Input.Changed) -> None:
        note = self.query_one("#capture-note", Note)
        if note.is_error:
            note.say("")
        if event.value:  # emptied by Enter: what was just said about the line stays
            self._hint_question(event.value)
        if self.fixing is not None or self.workspace.read_only:
            return
        store, cid, text = self.store, self.conversation.id, event.value
        self.autosave.changed(("draft", cid), lambda: meeting.save_draft(store, cid, text))

    @on(Input.Submitted, "#capture")
    async def _entered(self, event: Input.Submitted) -> None:
        if self.workspace.read_only:
            return
        after_answer = self.fixing is None and self.answered is not None
        try:
            line = parse_line(event.value, self.workspace.today(), after_answer=after_answer)
        except InvalidInput as error:
            self.query_one("#capture-note", Note).say(str(error), error=True)
            return
        if self.fixing is not None:
            # Waited for: what was being typed before the correction comes back after it.
            await self._revise(self.fixing, line)
            return
        event.input.value = ""
        self.query_one("#capture-note", Note).say("")
        self._capture(line)
        today = self.workspace.today()
        if line.kind is EntryKind.COMMITMENT and line.due is not None and line.due < today:
            # Questioned, not held back: in a meeting the next keys are already the next
            # line, so the promise is kept as said and the note says how to change it.
            self.query_one("#capture-note", Note).say(
                f"Due {line.due:%a %d %b} has passed: kept as said; ctrl+r to fix it."
            )

    @on(PastedLines)
    def _pasted(self, event: PastedLines) -> None:
        """Pasted lines become one entry, line breaks kept, with what was already typed."""
        if self.workspace.read_only or self.fixing is not None:
            return
        field = self.query_one("#capture", LineInput)
        try:
            line = parse_line(field.value + event.text, self.workspace.today())
        except InvalidInput as error:
            self.query_one("#capture-note", Note).say(str(error), error=True)
            return
        field.value = ""
        count = len(event.text.strip("\n").splitlines())
        self.query_one("#capture-note", Note).say(f"Pasted {count} lines: added as one entry.")
        self._capture(line)

    def _capture(self, line: CapturedLine) -> None:
        """Show the line at once (as saving) and hand it to the writer.

        What it makes - its commitment, or the question it asks - is decided here,
        at the moment of Enter, so the next line typed already answers that question.
        """
        answering = None
        if line.kind is not EntryKind.COMMITMENT:  # a promise is never an answer
            answering = self.answered if line.adds_to_answer else self.answering
        made = meeting.capture(self.conversation, line, self.workspace.now(), answering=answering)
        if made.question is not None:
            self._asked_here[made.question.id] = made.question
            self.answering, self.answered = made.question.id, None
        elif answering is not None:
            # One line answers; the next is a note again unless it starts with "+".
            self.answering, self.answered = None, answering
        elif line.kind is not EntryKind.COMMITMENT:
            self.answered = None
        self._show_questions()
        self._show_answering()
        self._store(made)
        self._show_balance()
        if made.question is not None:
            self._hint_question("? " + made.question.text, after=True)

    def _store(self, made: meeting.Captured) -> None:
        store, cid = self.store, self.conversation.id
        # To the writer first, so the disk work starts before the screen is redrawn.
        future = save(self, self.workspace, lambda: meeting.add(store, cid, made))
        self._saving.add(future)
        question = self._question(made.entry.question_id)
        answers = question.text if question and made.question is None else ""
        shown = CapturedEntry(made.entry, made.commitment, SAVING, answers)
        future.add_done_callback(lambda done: self._stored(done, shown, made))
        entry_id = made.entry.id
        self._lines = [item for item in self._lines if item.entry.id != entry_id] + [shown]
        self.query_one(CaptureLog).show_lines(self._lines, self.workspace.today())

    def _stored(
        self,
        done: asyncio.Future[tuple[Entry, Conversation]],
        shown: CapturedEntry,
        made: meeting.Captured,
    ) -> None:
        """The writer has finished with a line: show it saved, or keep it for a retry."""
        self._saving.discard(done)
        entry_id = shown.entry.id
        if done.cancelled() or done.exception() is not None:
            shown.state = FAILED
            self._failed[entry_id] = made
            self.query_one(CaptureLog).show_lines(self._lines, self.workspace.today())
            self.refresh_bindings()
            return
        entry, conversation = done.result()
        self._failed.pop(entry_id, None)
        shown.state = SAVED
        self.conversation = conversation
        self._reload_lines()
        self._show_questions()
        self._show_answering()
        if entry.kind is EntryKind.COMMITMENT:
            self._show_context()

    # -- keeping it question-led -----------------------------------------------------

    def _so_far(self) -> Conversation:
        """The meeting as shown: stored lines and those still being saved."""
        return replace(self.conversation, entries=[line.entry for line in self._lines])

    def _show_balance(self) -> None:
        """'3 questions · 7 notes' at the top, and a gentle prompt under the line when due:
        a next question after a run of notes, "And what else?" after a short answer."""
        so_far = self._so_far()
        self.query_one("#balance", Static).update(str(balance(so_far)))
        note = self.query_one("#capture-note", Note)
        if note.is_error or self.query_one("#capture", LineInput).value:
            return  # a problem to fix, or a line being typed: not now
        purpose = self.workspace.guidance.purpose(self.conversation.purpose)
        bank = [q.text for q in purpose.questions] if purpose else []
        if said := prompt(so_far, bank):
            note.say(said)
        elif is_prompt(note.text):
            note.say("")  # the last prompt is out of date; other notes stay

    def _hint_question(self, text: str, *, after: bool = False) -> None:
        """A quiet hint under the line for a weak `?` question, as it is typed (or just
        after it was entered); nothing for a good question or another kind of line."""
        rules = self.workspace.question_rules
        note = self.query_one("#capture-note", Note)
        if rules is None or note.is_error or not text.startswith("?"):
            if not after and is_prompt(note.text):
                note.say("")
            return
        hint = hint_for(text[1:], rules)
        if hint is not None:
            note.say(f"↳ {hint.short}")
        elif not after:
            note.say("")

    def _question(self, question_id: str | None) -> PlannedQuestion | None:
        """A question of this conversation, stored or asked moments ago and still saving."""
        if question_id is None:
            return None
        return self.conversation.question(question_id) or self._asked_here.get(question_id)

    # -- questions --------------------------------------------------------------------

    def action_question(self, step: int) -> None:
        """Move the highlight in the questions."""
        self.query_one(QuestionList).move(step)

    def action_asked(self) -> None:
        """Mark the highlighted question asked; what is typed next answers it.

        Shown at once and stored after, so the answer can be typed straight away.
        """
        question_id = self.query_one(QuestionList).highlighted_id
        if question_id is None or self.workspace.read_only:
            return
        if self.answering == question_id:
            self.answering = None
        else:
            self.answering, self.answered = question_id, None
            question = self.conversation.question(question_id)
            if question is not None and not question.asked:
                question.asked = True
                store, cid = self.store, self.conversation.id
                save(
                    self, self.workspace, lambda: meeting.mark_asked(store, cid, question_id, True)
                ).add_done_callback(lambda done: self._asked_stored(done, question_id))
        self._show_questions()
        self._show_answering()

    def _asked_stored(self, done: asyncio.Future[Conversation], question_id: str) -> None:
        if not still_shown(self):
            return
        if done.cancelled() or done.exception() is not None:
            question = self.conversation.question(question_id)
            if question is not None:
                question.asked = False  # not stored: the message says why
        else:
            self.conversation = done.result()
        self._show_questions()

    def action_learn(self) -> None:
        """Keep what the highlighted line (from the capture line: the last) teaches about them."""
        log = self.query_one(CaptureLog)
        chosen = log.highlighted_id if self.focused is log else None
        kept = [line for line in self._lines if line.state == SAVED]
        line = next((item for item in kept if item.entry.id == chosen), kept[-1] if kept else None)
        if line is None:
            self.notify("Capture a line first, then ctrl+f keeps what it teaches.", markup=False)
            return
        learn_from(
            self,
            self.workspace,
            person_id=self.conversation.person_id,
            text=line.entry.text,
            conversation_id=self.conversation.id,
            captured_as=line.entry.kind,
            after=lambda _fact: self._show_context(),
        )

    # -- correcting (see CorrectingScreen) ------------------------------------------

    @on(CaptureLog.Fix)
    def _fix_chosen(self, event: CaptureLog.Fix) -> None:
        self.fix(event.entry_id)

    @on(CaptureLog.Delete)
    async def _delete_chosen(self, event: CaptureLog.Delete) -> None:
        await self.delete(event.entry_id)

    # -- leaving ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Delete only while correcting, and Retry only after a failed save."""
        if action == "delete_fixing":
            return self.fixing is not None
        if action == "retry":
            return bool(self._failed)
        if action == "question":
            # Only from the capture line: in the log, the arrows move through the lines.
            return self.focused is None or self.focused.id == "capture"
        return True

    def action_retry(self) -> None:
        """Try again to store the lines that could not be saved."""
        for made in list(self._failed.values()):
            self._store(made)

    async def action_back(self) -> None:
        """Escape: stop correcting, make the next line a note, or leave (saving the draft)."""
        if self.fixing is not None:
            self._end_fixing()
        elif self.answering is not None:
            self.answering = None
            self._show_questions()
            self._show_answering()
        else:
            await self._leave()

    async def _leave(self) -> None:
        if await self._settled():
            self.app.pop_screen()

    async def action_end_meeting(self) -> None:
        """Save everything, then play the summary back."""
        from coach.screens.live.playback import PlaybackScreen

        if not await self._settled():
            return
        self.app.switch_screen(PlaybackScreen(self.workspace, self.conversation.id))

    async def _settled(self) -> bool:
        await self.autosave.settle()
        if self._saving:
            await asyncio.gather(*list(self._saving), return_exceptions=True)
        if self._failed:
            self.notify(
                "Some lines are not saved yet. Press ctrl+s to try again before leaving.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return False
        return True
