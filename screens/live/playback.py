"""Ending the meeting: read the summary back, then record that they confirmed it or what
they corrected, and go on to follow-through with the commitments already there."""

from __future__ import annotations

import contextlib

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Static

from coach.meeting import capture as meeting
from coach.meeting.playback import playback
from coach.screens.saving import NotSaved, saved
from coach.screens.text import literal
from coach.screens.widgets.editors import NoteArea
from coach.screens.widgets.note import Note
from coach.user_text import trim, visible
from coach.workspace import Workspace


class SummaryBox(VerticalScroll):
    """The summary, scrolled by the mouse wheel, or by the arrows after shift+tab."""


class PlaybackScreen(Screen[None]):
    """The summary to read back, and the answer to 'did I get that right?'."""

    CSS_PATH = "playback.tcss"
    BINDINGS = [
        # Keys the correction box (a TextArea) does not use for editing.
        Binding("ctrl+o", "confirmed", "Confirmed (OK)"),
        Binding("ctrl+r", "corrected", "Corrected"),
        Binding("escape", "back", "Back to capture"),
    ]

    def __init__(self, workspace: Workspace, conversation_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        store = workspace.store
        conversation = store.conversations.get(conversation_id)
        if conversation is None:
            raise LookupError("That conversation is no longer stored.")
        self.conversation = conversation
        self.person = store.people.get(conversation.person_id)
        commitments = store.commitments.find(conversation_id=conversation_id)
        self.summary = playback(conversation, commitments, workspace.today())

    def compose(self) -> ComposeResult:
        """The summary, the correction box, and the two answers."""
        yield Header()
        with VerticalScroll(id="playback"):
            yield Label(
                "Read this back to them, then ask: did I get that right?", classes="field-label"
            )
            # Scrolls on its own, so a long summary leaves the correction box in view.
            with SummaryBox(id="summary-box"):
                yield Static(
                    literal(self.summary or "Nothing was decided, promised or answered."),
                    id="summary",
                )
            yield Label("What they corrected (if anything)", classes="field-label")
            yield NoteArea(
                self.conversation.correction,
                id="correction",
                placeholder="e.g. The Q1 worry is about hiring, not the deadline",
            )
            yield Note(id="playback-note")
            with Horizontal(id="playback-buttons"):
                yield Button("They confirmed it (ctrl+o)", variant="success", id="confirmed")
                yield Button("They corrected it (ctrl+r)", variant="warning", id="corrected")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Title, the summary in view from its top, and focus where a correction is typed."""
        self.title = visible(self.person.name) if self.person else "?"
        self.sub_title = "Playback"
        # Whatever is typed goes into the correction box; ctrl+o confirms from anywhere.
        self.query_one("#correction", NoteArea).focus(scroll_visible=False)
        self.call_after_refresh(
            self.query_one("#playback", VerticalScroll).scroll_home, animate=False
        )

    @on(Button.Pressed, "#confirmed")
    async def action_confirmed(self) -> None:
        """They agreed with the summary."""
        await self._finish(confirmed=True, correction="")

    @on(Button.Pressed, "#corrected")
    async def action_corrected(self) -> None:
        """They corrected it: keep what they corrected (type it first)."""
        correction = trim(self.query_one("#correction", NoteArea).text)
        if not correction:
            self.query_one("#playback-note", Note).say(
                "Type what they corrected in the box above, then choose this again.", error=True
            )
            self.query_one("#correction", NoteArea).focus()
            return
        await self._finish(confirmed=False, correction=correction)

    async def _finish(self, *, confirmed: bool, correction: str) -> None:

        store, cid, summary = self.workspace.store, self.conversation.id, self.summary
        try:
            await saved(
                self,
                self.workspace,
                lambda: meeting.end(store, cid, summary, confirmed, correction),
            )
        except NotSaved:
            return
        from coach.screens.dialogs.look_back import LookBackDialog

        self.app.push_screen(LookBackDialog(), self._rated)

    async def _rated(self, rated: dict[str, int] | None) -> None:
        """Keep the look back (if any was given), then on to follow-through."""
        from coach.screens.steps.flow import step_screen

        store, cid = self.workspace.store, self.conversation.id
        if rated:
            # A failure is shown as "Not saved"; the meeting itself is kept either way.
            with contextlib.suppress(NotSaved):
                await saved(self, self.workspace, lambda: meeting.rate(store, cid, rated))
        self.app.switch_screen(step_screen("follow_through", self.workspace, cid))

    def action_back(self) -> None:
        """Back to capture: the meeting is not over after all."""
        from coach.screens.live.capture import LiveScreen

        self.app.switch_screen(LiveScreen(self.workspace, self.conversation.id))
