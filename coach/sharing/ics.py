"""Next check-ins and commitment due dates as an iCalendar file (RFC 5545).

Every event is an all-day event with a UID that stays the same from one export
to the next (one per person for the next check-in, one per commitment), so a
calendar that imports the file again updates its events instead of adding
copies.  Written by hand: the format needs only escaping, line folding and CRLF,
which is less than a dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coach import __version__
from coach.guidance.library import Guidance
from coach.model import (
    Commitment,
    CommitmentStatus,
    Conversation,
    ConversationStatus,
    Owner,
    Person,
)
from coach.user_text import collapse, visible

UID_DOMAIN = "coach.invalid"  # RFC 2606: a domain that is nobody's, for UIDs only
LINE_LIMIT = 75  # octets, not counting the line break (RFC 5545, 3.1)
# A lone surrogate (pasted from a terminal) cannot be written as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Event:
    """One all-day event."""

    uid: str
    day: date
    summary: str
    description: str


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545, 3.3.11)."""
    shown = _SURROGATES.sub("\ufffd", visible(text))
    shown = shown.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return shown.replace("\n", "\\n").replace("\t", " ")


def fold(line: str) -> str:
    """One content line folded to 75 octets a line, never splitting a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_LIMIT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_LIMIT - 1  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def checkins(
    people: list[Person], conversations: list[Conversation], today: date, guidance: Guidance
) -> list[Event]:
    """The next meeting with each person: a conversation being prepared for a day to come,
    or else the check-in agreed in the latest conversation held.

    A check-in set in an earlier conversation is left out: a later one took its place.
    """
    planned: dict[str, Conversation] = {}
    latest: dict[str, Conversation] = {}
    for conversation in conversations:
        person = conversation.person_id
        if conversation.status is ConversationStatus.PREPARING:
            day = conversation.date
            if day is not None and day >= today:
                soonest = planned.get(person)
                if soonest is None or day < (soonest.date or day):
                    planned[person] = conversation
        elif person not in latest or _when(conversation) > _when(latest[person]):
            latest[person] = conversation
    names = {p.id: p.name for p in people}
    events = []
    for person_id in sorted(set(planned) | set(latest)):
        name = names.get(person_id, "someone")
        uid = f"checkin-{person_id}@{UID_DOMAIN}"
        if person_id in planned:
            coming = planned[person_id]
            assert coming.date is not None
            purpose = guidance.purpose_title(coming.purpose)
            events.append(
                Event(
                    uid, coming.date, f"Conversation with {name}", f"{purpose}, prepared in coach."
                )
            )
            continue
        held = latest[person_id]
        if held.next_checkin is None:
            continue
        held_on = held.date.isoformat() if held.date else "an undated day"
        purpose = guidance.purpose_title(held.purpose).lower()
        events.append(
            Event(
                uid,
                held.next_checkin,
                f"Check in with {name}",
                f"Agreed in the {purpose} conversation on {held_on}.",
            )
        )
    return events


def _when(conversation: Conversation) -> tuple[date, datetime]:
    return (conversation.date or conversation.created.date(), conversation.created)


def due_dates(people: list[Person], commitments: list[Commitment]) -> list[Event]:
    """An event on the due date of every open commitment that has one."""
    names = {p.id: p.name for p in people}
    events = []
    for commitment in commitments:
        if commitment.status is not CommitmentStatus.OPEN or commitment.due is None:
            continue
        name = names.get(commitment.person_id, "someone")
        who = {
            Owner.ME: f"I promised {name}",
            Owner.THEM: f"{name} promised",
            Owner.BOTH: f"{name} and I promised",
        }[commitment.owner]
        events.append(
            Event(
                uid=f"commitment-{commitment.id}@{UID_DOMAIN}",
                day=commitment.due,
                summary=f"{who}: {collapse(commitment.text)}",
                description=commitment.text,
            )
        )
    return events


def calendar(events: list[Event], stamp: datetime | None = None) -> bytes:
    """The iCalendar file for these events (UTF-8, CRLF line endings)."""
    moment = (stamp or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//coach//coach {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:coach",
    ]
    for event in sorted(events, key=lambda e: (e.day, e.uid)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape(event.uid)}",
            f"DTSTAMP:{moment}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
            "TRANSP:TRANSPARENT",  # a reminder, not time taken
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
