"""Meetings cut off: begun in live capture and never ended (the terminal closed, say).

The dashboard offers the latest to continue, and live capture lists them first.  Apart
from capture (coach.meeting.capture) so that the dashboard's first frame reads them
without importing what a meeting is captured with.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from coach.dates import show_date
from coach.model import Conversation, ConversationStatus

if TYPE_CHECKING:
    from coach.store.store import Store


def is_interrupted(conversation: Conversation) -> bool:
    """Whether its meeting began in live capture, something was captured or half typed,
    and it was never ended (capture opened and closed untouched is no meeting)."""
    return (
        conversation.started is not None
        and conversation.status is ConversationStatus.PREPARING
        and bool(conversation.entries or conversation.live_draft)
    )


def last_captured(conversation: Conversation) -> datetime | None:
    """When the meeting was last written to: its latest line, or its start."""
    moments = [entry.at for entry in conversation.entries]
    if conversation.started is not None:
        moments.append(conversation.started)
    return max(moments, default=None)


def interrupted_at(conversation: Conversation, today: date) -> str:
    """'10:42', or '10:42 on Mon 30 Nov' when that was not today: where it was left."""
    moment = last_captured(conversation)
    if moment is None:
        return ""
    local = moment.astimezone()
    if local.date() == today:
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {show_date(local.date(), today)}"


def interrupted(store: Store, person_id: str | None = None) -> list[Conversation]:
    """Meetings begun in live capture and never ended (the terminal closed, say), the
    latest first: the ones to offer to continue."""
    return cut_off_among(
        store.conversations.find(person_id=person_id, status=ConversationStatus.PREPARING)
    )


def cut_off_among(conversations: Iterable[Conversation]) -> list[Conversation]:
    """Those of `conversations` whose meeting was cut off, the latest first (for a list of
    those being prepared read already, as the dashboard has)."""
    found = [conversation for conversation in conversations if is_interrupted(conversation)]
    found.sort(key=lambda c: last_captured(c) or c.created, reverse=True)
    return found
