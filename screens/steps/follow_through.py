"""Step 5, Follow-through: commitments (who, what, by when), the next check-in, the playback."""

from __future__ import annotations

import asyncio
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Label, Select

from coach.dates import FORMS, PastDate, due_date, is_past, parse_date, show_date, show_due
from coach.errors import InvalidInput
from coach.model import Commitment, CommitmentStatus, ConversationStatus, Owner
from coach.screens.saving import NotSaved, save, saved
from coach.screens.shown import still_shown
from coach.screens.steps.step import StepScreen
from coach.screens.text import cell, example_day, widest, wrapped
from coach.screens.widgets.editors import LineInput
from coach.screens.widgets.list_table import ListTable
from coach.screens.widgets.note import Note
from coach.steps import FOLLOW_THROUGH
from coach.user_text import trim
from coach.workspace import Workspace

STATUS_CHOICES = [
    ("Preparing", ConversationStatus.PREPARING.value),
    ("Held", ConversationStatus.HELD.value),
    ("Done (followed through)", ConversationStatus.DONE.value),
]


class CommitmentTable(ListTable):
    """This conversation's commitments; d marks done, x removes one entered by mistake."""

    BINDINGS = [
        Binding("d", "screen.toggle_done", "Done / reopen"),
        Binding("x,delete", "screen.remove_commitment", "Remove"),
    ]


class FollowThroughScreen(StepScreen):
    """What each of us promised, when we talk next, and whether they confirmed the summary."""

    STEP = FOLLOW_THROUGH
    FIRST_FOCUS = "#commitment-text"

    def __init__(self, workspace: Workspace, conversation_id: str) -> None:
        super().__init__(workspace, conversation_id)
        self._removing: str | None = None  # the commitment x was pressed on once
        # A due date in the past, questioned once: Enter again with it keeps it.
        self._past_questioned: str | None = None

    def compose_fields(self) -> ComposeResult:
        """Commitments first: they are what this step is for."""
        yield Label("Commitments (who, what, by when)", classes="field-label")
        yield CommitmentTable(id="commitments")
        yield LineInput(
            placeholder="What was promised", id="commitment-text", disabled=self.read_only
        )
        with Horizontal(id="add-commitment"):
            yield Select(
                [("me", Owner.ME.value), ("them", Owner.THEM.value), ("both", Owner.BOTH.value)],
                value=Owner.ME.value,
                allow_blank=False,
                id="owner",
                compact=True,
                disabled=self.read_only,
            )
            yield LineInput(
                placeholder="by when: fri, +1w", id="commitment-due", disabled=self.read_only
            )
        yield Note("What, who and by when, then Enter.", id="commitment-note")
        yield Label("Next check-in", classes="field-label")
        yield LineInput(
            self.conversation.next_checkin.isoformat() if self.conversation.next_checkin else "",
            placeholder=f"e.g. +2w or {example_day(self.workspace.today(), 20)}",
            id="next-checkin",
            disabled=self.read_only,
        )
        yield Note(id="checkin-note")
        yield from super().compose_fields()
        yield Checkbox(
            "They confirmed it in their own words",
            self.conversation.summary_confirmed,
            id="confirmed",
            disabled=self.read_only,
        )
        yield Label("Status", classes="field-label")
        yield Select(
            STATUS_CHOICES,
            value=self.conversation.status.value,
            allow_blank=False,
            id="status",
            disabled=self.read_only,
        )
        yield Note(id="status-note")

    def populate(self) -> None:
        """Columns, the commitments, and a nudge if the meeting has happened."""
        super().populate()
        self.show_commitments()
        self._show_checkin_date()
        self._nudge_status()

    def on_resize(self) -> None:
        """Commitment texts are cut to the width available."""
        self.call_after_refresh(self.show_commitments)

    # -- commitments ----------------------------------------------------------------

    def show_commitments(self) -> None:
        """List this conversation's commitments."""
        table = self.query_one(CommitmentTable)
        keep = table.cursor_row
        today = self.workspace.today()
        made = self.store.commitments.find(conversation_id=self.conversation.id)
        dues = [self._due(commitment, today) for commitment in made]
        due_width = widest(dues, "Due")
        table.clear(columns=True)
        # Who and due show whole; the text takes the rest and wraps, so all of it shows.
        width = max(self.query_one("#fields").content_size.width - 4 - due_width - 8, 16)
        table.add_column("Who", width=4, key="owner")
        table.add_column("Due", width=due_width, key="due")
        table.add_column("What", width=width, key="text")
        for commitment, due in zip(made, dues, strict=True):
            late = commitment.is_overdue(today)
            kept = commitment.status is not CommitmentStatus.OPEN
            table.add_row(
                cell(commitment.owner.value),
                cell(due, style="bold red" if late else ("dim" if kept else "")),
                wrapped(commitment.text, style="dim strike" if kept else ""),
                key=commitment.id,
                height=None,
            )
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))
        table.display = table.row_count > 0
        self.count_commitments()
        self.show_progress()

    @staticmethod
    def _due(commitment: Commitment, today: date) -> str:
        """'✓ done', 'dropped', or when it is due."""
        if commitment.status is CommitmentStatus.DONE:
            return "✓ done"
        if commitment.status is not CommitmentStatus.OPEN:
            return "dropped"
        return show_due(commitment.due, today)

    @on(Input.Submitted, "#commitment-text, #commitment-due")
    def _add_commitment(self) -> None:
        """Take the commitment at once and clear the form; it is made durable after.

        The next commitment can be typed straight away: nothing waits for the disk.
        """
        if self.read_only:
            return
        text_input = self.query_one("#commitment-text", Input)
        due_input = self.query_one("#commitment-due", Input)
        note = self.query_one("#commitment-note", Note)
        if not trim(text_input.value):
            note.say("Say what was promised first.", error=True)
            text_input.focus()
            return
        typed_due = due_input.value
        try:
            kept = typed_due == self._past_questioned
            due = due_date(typed_due, self.workspace.today(), allow_past=kept)
        except PastDate as error:
            self._past_questioned = typed_due
            note.say(f"{error} Press Enter again to keep it.", error=True)
            due_input.focus()
            return
        except InvalidInput as error:
            note.say(str(error), error=True)
            due_input.focus()
            return
        commitment = Commitment(
            text=text_input.value,
            owner=Owner(str(self.query_one("#owner", Select).value)),
            person_id=self.conversation.person_id,
            conversation_id=self.conversation.id,
            due=due,
        )
        self._past_questioned = None  # the next past date is questioned afresh
        text_input.value = ""
        due_input.value = ""
        # Back to "me" for the next one: a kept "them" would silently misfile it.
        self.query_one("#owner", Select).value = Owner.ME.value
        text_input.focus()
        note.say(f"Adding: {commitment.owner.value} · {commitment.text}")
        store = self.store

        def stored(done: asyncio.Future[Commitment]) -> None:
            if not still_shown(self):
                return
            if done.cancelled() or done.exception() is not None:
                # Give the words back unless something new is being typed already.
                if not text_input.value and not due_input.value:
                    text_input.value, due_input.value = commitment.text, typed_due
                note.say("Not saved: see the message, then press Enter again.", error=True)
                return
            note.say(f"Added: {commitment.owner.value} · {commitment.text}")
            self.show_commitments()

        save(self, self.workspace, lambda: store.commitments.add(commitment)).add_done_callback(
            stored
        )

    @on(Input.Changed, "#commitment-due")
    def _due_changed(self, event: Input.Changed) -> None:
        note = self.query_one("#commitment-note", Note)
        today = self.workspace.today()
        try:
            day = parse_date(event.value, today)
        except InvalidInput:
            note.say(f"Not a date yet: use {FORMS}.", error=True)
            return
        if is_past(day, today):
            note.say(f"Due {show_date(day, today)}: that has passed. Is it right?", error=True)
            return
        note.say(f"Due {show_date(day, today)}. Enter adds it." if day else "Enter adds it.")

    async def action_toggle_done(self) -> None:
        """Mark the highlighted commitment done, or reopen it."""
        table = self.query_one(CommitmentTable)
        commitment_id = table.selected_key
        current = self.store.commitments.get(commitment_id) if commitment_id else None
        if current is None or self.read_only:
            return
        status = (
            CommitmentStatus.OPEN
            if current.status is CommitmentStatus.DONE
            else CommitmentStatus.DONE
        )
        store, today = self.store, self.workspace.today()
        try:
            await saved(
                self,
                self.workspace,
                lambda: store.commitments.set_status(current.id, status, today),
            )
        except NotSaved:
            return
        self.show_commitments()

    async def action_remove_commitment(self) -> None:
        """Remove the highlighted commitment (for one entered by mistake), on a second press.

        Removing takes it out of the ledger too, so one stray key must not do it.
        """
        table = self.query_one(CommitmentTable)
        commitment_id = table.selected_key
        if commitment_id is None or self.read_only:
            return
        if self._removing != commitment_id:
            self._removing = commitment_id
            self.notify(
                "Press x again to remove it for good, as if never promised. To keep "
                "a record, mark it done (d), or drop it with a reason when you next "
                "prepare with them.",
                title="Remove this commitment?",
                markup=False,
            )
            return
        self._removing = None
        store = self.store
        try:
            await saved(self, self.workspace, lambda: store.commitments.delete(commitment_id))
        except NotSaved:
            return
        self.show_commitments()
        self.notify("Commitment removed.", markup=False)

    # -- check-in, confirmation, status ---------------------------------------------

    @on(Input.Changed, "#next-checkin")
    def _checkin_changed(self, event: Input.Changed) -> None:
        if self.read_only:
            return
        try:
            day = parse_date(event.value, self.workspace.today())
        except InvalidInput:
            self.query_one("#checkin-note", Note).say(f"Not a date yet: use {FORMS}.", error=True)
            return
        if day == self.conversation.next_checkin:
            self._show_checkin_date()
            return  # the field was filled in, or typed back as it was: nothing to save
        self.conversation.next_checkin = day
        self._show_checkin_date()
        conversation_id, store = self.conversation.id, self.store
        self.autosave.changed(
            ("checkin", conversation_id),
            lambda: store.conversations.set_details(conversation_id, next_checkin=day),
        )
        self.show_progress()

    def _show_checkin_date(self) -> None:
        day = self.conversation.next_checkin
        self.query_one("#checkin-note", Note).say(
            show_date(day, self.workspace.today()) if day else ""
        )

    @on(Checkbox.Changed, "#confirmed")
    async def _confirmed_changed(self, event: Checkbox.Changed) -> None:
        if self.read_only or event.value == self.conversation.summary_confirmed:
            return
        value = event.value
        await self.change_conversation(
            lambda store, cid: store.conversations.set_details(cid, summary_confirmed=value)
        )

    @on(Select.Changed, "#status")
    async def _status_changed(self, event: Select.Changed) -> None:
        if self.read_only or event.value == self.conversation.status.value:
            return
        status = ConversationStatus(str(event.value))
        await self.change_conversation(
            lambda store, cid: store.conversations.set_details(cid, status=status)
        )
        self._nudge_status()

    def _nudge_status(self) -> None:
        day = self.conversation.date
        held = day is not None and day <= self.workspace.today()
        nudge = self.conversation.status is ConversationStatus.PREPARING and held
        self.query_one("#status-note", Note).say(
            "Has the conversation happened? Set the status to Held." if nudge else ""
        )
