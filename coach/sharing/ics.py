"""Commitments, next check-ins and prepared conversations as an iCalendar file (RFC 5545).

Every commitment is a to-do (VTODO), open, done or dropped alike: NEEDS-ACTION
with its due date, COMPLETED with the day it was kept, or CANCELLED.  Its UID
never changes and its SEQUENCE is the commitment's revision, raised by every
change, so a calendar that imports the file again updates the to-do, and retires
what is settled, instead of keeping it forever or adding a copy.  The next
meeting with each person is an all-day event (VEVENT) with a UID of its own.
Written by hand: the format needs only escaping, line folding and CRLF, which is
less than a dependency.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

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


@dataclass(frozen=True)
class ToDo:
    """One commitment as a to-do: what, by when, and what became of it."""

    uid: str
    due: date | None
    summary: str
    description: str
    status: str  # NEEDS-ACTION, COMPLETED or CANCELLED
    completed: date | None
    sequence: int
    created: datetime


_STATUS = {
    CommitmentStatus.OPEN: "NEEDS-ACTION",
    CommitmentStatus.DONE: "COMPLETED",
    CommitmentStatus.DROPPED: "CANCELLED",
}


def todos(people: list[Person], commitments: list[Commitment]) -> list[ToDo]:
    """A to-do for every commitment, settled ones too (so a calendar retires them)."""
    names = {p.id: p.name for p in people}
    found = []
    for commitment in commitments:
        name = names.get(commitment.person_id, "someone")
        who = {
            Owner.ME: f"I promised {name}",
            Owner.THEM: f"{name} promised",
            Owner.BOTH: f"{name} and I promised",
        }[commitment.owner]
        about = commitment.text
        if commitment.status is CommitmentStatus.DROPPED and commitment.drop_reason:
            about += f"\n\nDropped: {commitment.drop_reason}"
        found.append(
            ToDo(
                uid=f"commitment-{commitment.id}@{UID_DOMAIN}",
                due=commitment.due,
                summary=f"{who}: {collapse(commitment.text)}",
                description=about,
                status=_STATUS[commitment.status],
                completed=commitment.done_on
                if commitment.status is CommitmentStatus.DONE
                else None,
                sequence=commitment.revision,
                created=commitment.created,
            )
        )
    return found


def calendar(
    events: list[Event],
    to_do: Sequence[ToDo] = (),
    stamp: datetime | None = None,
    remind: timedelta | None = None,
) -> bytes:
    """The iCalendar file for these events and to-dos (UTF-8, CRLF line endings).

    With `remind`, each open to-do with a due date and each event gets an alarm
    that long before.  A file with neither is still a valid calendar: RFC 5545
    asks for at least one component, so it holds the UTC time zone, which no
    calendar shows.
    """
    moment = _utc(stamp or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//coach//coach {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:coach",
    ]
    if not events and not to_do:
        lines += _EMPTY
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
            *(_alarm(remind, event.summary, "START") if remind else []),
            "END:VEVENT",
        ]
    for item in sorted(to_do, key=lambda t: (t.due is None, t.due or date.max, t.uid)):
        lines += [
            "BEGIN:VTODO",
            f"UID:{escape(item.uid)}",
            f"DTSTAMP:{moment}",
            f"CREATED:{_utc(item.created)}",
            f"SEQUENCE:{item.sequence}",
            f"SUMMARY:{escape(item.summary)}",
            f"DESCRIPTION:{escape(item.description)}",
            f"STATUS:{item.status}",
        ]
        if item.due is not None:
            lines.append(f"DUE;VALUE=DATE:{item.due:%Y%m%d}")
        if item.completed is not None:
            # COMPLETED is a moment; coach keeps the day: noon UTC is that day nearly anywhere.
            lines.append(f"COMPLETED:{_utc(datetime.combine(item.completed, _NOON, UTC))}")
        if remind and item.due is not None and item.status == "NEEDS-ACTION":
            lines += _alarm(remind, item.summary, "END")  # END: relative to DUE
        lines.append("END:VTODO")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


_NOON = time(12)
_EMPTY = [
    "BEGIN:VTIMEZONE",
    "TZID:UTC",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0000",
    "TZNAME:UTC",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _alarm(before: timedelta, summary: str, related: str) -> list[str]:
    """A VALARM `before` the start (an event) or the due date (a to-do)."""
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER;RELATED={related}:-{duration(before)}",
        f"DESCRIPTION:{escape(summary)}",
        "END:VALARM",
    ]


def duration(span: timedelta) -> str:
    """A span as an RFC 5545 duration: P1D, P2W, PT30M, P1DT2H."""
    seconds = int(span.total_seconds())
    if seconds % (7 * 86400) == 0:
        return f"P{seconds // (7 * 86400)}W"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return f"P{days}D" + (f"T{clock}" if clock else "") if days else f"PT{clock}"
