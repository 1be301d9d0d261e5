"""Correcting live capture: a captured line back on the capture line, fixed or deleted.

The part of the live capture screen (LiveScreen builds on it) that mends mistakes
without leaving the meeting: ctrl+r puts the last line back to be corrected, any
line can be chosen from the log, and a corrected or deleted line takes the
commitment it made with it.
"""

from __future__ import annotations

from textual.screen import Screen

from coach.meeting import capture as meeting
from coach.meeting.syntax import CapturedLine, as_line
from coach.model import Conversation
from coach.screens.saving import NotSaved, saved
from coach.screens.widgets.capture_log import SAVED, CapturedEntry
from coach.screens.widgets.editors import LineInput
from coach.store.store import Store
from coach.user_text import visible
from coach.workspace import Workspace


class CorrectingScreen(Screen[None]):
    """Correcting and deleting captured lines; LiveScreen supplies the rest."""

    workspace: Workspace
    store: Store
    conversation: Conversation
    fixing: str | None
    _stash: str
    _lines: list[CapturedEntry]

    def _reload_lines(self, *, recount: bool = False) -> None:
        raise NotImplementedError

    def _show_answering(self) -> None:
        raise NotImplementedError

    def _show_questions(self) -> None:
        raise NotImplementedError

    def _show_context(self) -> None:
        raise NotImplementedError

    def action_fix_last(self) -> None:
        """Put the last line back on the capture line to correct it."""
        saved_lines = [line for line in self._lines if line.state == SAVED]
        if saved_lines:
            self.fix(saved_lines[-1].entry.id)

    def fix(self, entry_id: str) -> None:
        """Correct the line with this id on the capture line."""
        found = next((line for line in self._lines if line.entry.id == entry_id), None)
        if found is None or found.state != SAVED or self.workspace.read_only:
            return
        field = self.query_one("#capture", LineInput)
        if self.fixing is None:
            self._stash = field.value
        self.fixing = entry_id
        field.value = visible(as_line(found.entry, found.commitment))
        field.cursor_position = len(field.value)
        field.focus()
        self._show_answering()

    async def _revise(self, entry_id: str, line: CapturedLine) -> None:
        store, cid = self.store, self.conversation.id
        try:
            self.conversation = await saved(
                self, self.workspace, lambda: meeting.revise(store, cid, entry_id, line)
            )
        except NotSaved:
            return
        self._end_fixing()
        self._reload_lines(recount=True)
        self._show_context()

    async def action_delete_fixing(self) -> None:
        """Delete the line being corrected."""
        if self.fixing is not None:
            await self.delete(self.fixing)

    async def delete(self, entry_id: str) -> None:
        """Delete a captured line (and the commitment it made)."""
        store, cid = self.store, self.conversation.id
        try:
            self.conversation = await saved(
                self, self.workspace, lambda: meeting.remove(store, cid, entry_id)
            )
        except NotSaved:
            return
        if self.fixing == entry_id:
            self._end_fixing()
        self._reload_lines(recount=True)
        self._show_questions()
        self._show_context()
        self.notify("Line deleted.", markup=False, timeout=3)

    def _end_fixing(self) -> None:
        self.fixing = None
        field = self.query_one("#capture", LineInput)
        field.value = self._stash
        field.cursor_position = len(field.value)
        self._stash = ""
        self._show_answering()
