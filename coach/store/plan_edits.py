"""Editing a conversation's plan: step notes, details and planned questions.

Part of the Store (mixed in): each edit is a targeted change to the latest stored
conversation through Store.update_conversation, so edits from different screens
never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from coach.errors import InvalidInput
from coach.model import Conversation, ConversationStatus, PlannedQuestion
from coach.user_text import trim


class _Unset:
    """Marks an argument that was not given (None is a meaningful value)."""


UNSET: Any = _Unset()


class PlanEdits:
    """The Store's operations on what a conversation's preparation holds."""

    def update_conversation(
        self, conversation_id: str, change: Callable[[Conversation], None]
    ) -> Conversation:
        """Provided by the Store."""
        raise NotImplementedError

    def set_notes(self, conversation_id: str, step: str, fields: dict[str, str]) -> Conversation:
        """Replace the given fields of one step; other fields and steps are kept."""

        def change(conversation: Conversation) -> None:
            conversation.notes.setdefault(step, {}).update(fields)

        return self.update_conversation(conversation_id, change)

    def set_details(
        self,
        conversation_id: str,
        *,
        purpose: str = UNSET,
        day: date | None = UNSET,
        status: ConversationStatus = UNSET,
        next_checkin: date | None = UNSET,
        summary_confirmed: bool = UNSET,
    ) -> Conversation:
        """Change the conversation's own details; only the arguments given change."""

        def change(conversation: Conversation) -> None:
            if purpose is not UNSET:
                conversation.purpose = purpose
            if day is not UNSET:
                conversation.date = day
            if status is not UNSET:
                conversation.status = status
            if next_checkin is not UNSET:
                conversation.next_checkin = next_checkin
            if summary_confirmed is not UNSET:
                conversation.summary_confirmed = summary_confirmed

        return self.update_conversation(conversation_id, change)

    def add_question(self, conversation_id: str, question: PlannedQuestion) -> Conversation:
        """Add a question to the plan, unless the same question is already there."""
        text = trim(question.text)
        if not text:
            raise InvalidInput("Type the question first.")
        question.text = text

        def change(conversation: Conversation) -> None:
            if all(q.text.casefold() != text.casefold() for q in conversation.questions):
                conversation.questions.append(question)

        return self.update_conversation(conversation_id, change)

    def remove_question(self, conversation_id: str, question_id: str) -> Conversation:
        """Take a question out of the plan."""

        def change(conversation: Conversation) -> None:
            conversation.questions = [q for q in conversation.questions if q.id != question_id]

        return self.update_conversation(conversation_id, change)
