"""Exports as the leader asks for them: what to put in, in which format, and where.

Used by `coach export` and by the app's export dialog alike, so both write the
same files.  A file is written whole through a temporary file (never half
written), private to its owner, and an existing file is never replaced unless
the caller says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from coach.errors import CoachError, InvalidInput, reason_for
from coach.folding import fold, same_words
from coach.guidance.library import Guidance
from coach.model import Conversation, Person
from coach.sharing import archive, ics, person_summary, summary
from coach.storage.files import replace_atomically
from coach.store.store import Store
from coach.user_text import trim, visible

SHORTEST_ID_PREFIX = 6


class ExportFormat(StrEnum):
    """The formats coach writes."""

    MARKDOWN = "markdown"
    JSON = "json"
    ICS = "ics"


SUFFIXES = {ExportFormat.MARKDOWN: ".md", ExportFormat.JSON: ".json", ExportFormat.ICS: ".ics"}


class ExportError(CoachError):
    """An export could not be written; no file was changed."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export: a format and, for Markdown, which conversations and how much."""

    format: ExportFormat
    conversation_id: str | None = None
    person_id: str | None = None
    include_private: bool = False
    remind: timedelta | None = None  # the calendar: an alarm this long before each date


@dataclass(frozen=True)
class Exported:
    """An export's bytes, and whether private notes were left out of it."""

    data: bytes
    left_out_private: bool = False


def render(store: Store, request: ExportRequest, today: date, guidance: Guidance) -> Exported:
    """The file's contents for `request` (the purposes' titles from `guidance`)."""
    if request.format is ExportFormat.JSON:
        return Exported(archive.encode(archive.export_tables(store)))
    if request.format is ExportFormat.ICS:
        people = store.people.all()
        events = ics.checkins(people, store.conversations.find(), today, guidance)
        to_do = ics.todos(people, store.commitments.all())
        return Exported(ics.calendar(events, to_do, remind=request.remind))
    records, heading = markdown_records(store, request)
    zone = local_zone()
    if request.conversation_id and records:
        text = summary.conversation_markdown(
            records[0], today, guidance, include_private=request.include_private
        )
        # Under its heading: the zone its times are in.
        first, _, rest = text.partition("\n\n")
        text = f"{first}\n\n{summary.zone_note(zone)}\n{rest}"
    else:
        text = summary.document(
            records,
            today,
            guidance,
            heading=heading,
            include_private=request.include_private,
            zone=zone,
        )
        text += "\n" + _beyond_conversations(store, request, today)
    left_out = not request.include_private and any(
        summary.leaves_out_private(r.conversation) for r in records
    )
    # A lone surrogate pasted from a terminal cannot be written as UTF-8.
    return Exported(text.encode("utf-8", errors="replace"), left_out)


def _beyond_conversations(store: Store, request: ExportRequest, today: date) -> str:
    """A person's commitments and what was learned about them; or, for everyone, the
    commitments made outside a conversation."""
    if request.person_id:
        person = store.people.get(request.person_id)
        if person is None:
            return ""
        made = store.commitments.find(person_id=person.id)
        return person_summary.person_sections(person, made, store.facts.about(person.id), today)
    people = {p.id: p for p in store.people.all()}
    return person_summary.outside_conversations(store.commitments.all(), people, today)


def local_zone() -> str:
    """The zone times are shown in: its name where the system gives one (Europe/Berlin),
    with today's abbreviation and offset (CET, UTC+01:00)."""
    moment = datetime.now().astimezone()
    offset = moment.strftime("%z")
    shown = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    short = moment.tzname() or ""
    named = _zone_name()
    parts = [part for part in (named, short) if part and not part.startswith(("+", "-"))]
    if parts and parts[-1] in ("UTC", shown):
        parts.pop()
    return f"{', '.join(parts)} ({shown})" if parts else shown


def _zone_name() -> str:
    """The IANA name of the local zone ('' when the system does not say)."""
    configured = os.environ.get("TZ", "").removeprefix(":")
    if "/" in configured and not configured.startswith("/"):
        return configured
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return ""
    _, found, name = target.partition("zoneinfo/")
    return name if found else ""


def markdown_records(store: Store, request: ExportRequest) -> tuple[list[summary.Record], str]:
    """The conversations a Markdown export holds (oldest first), and its heading."""
    people = {p.id: p for p in store.people.all()}
    if request.conversation_id:
        found = store.conversations.get(request.conversation_id)
        if found is None:
            raise InvalidInput("That conversation is no longer stored.")
        conversations, heading = [found], ""
    elif request.person_id:
        person = people.get(request.person_id)
        conversations = store.conversations.find(person_id=request.person_id)
        heading = f"Conversations with {person.name if person else 'someone'}"
    else:
        conversations, heading = store.conversations.find(), "Conversations"
    conversations.reverse()  # stored newest first; a record reads oldest first
    records = [
        summary.Record(c, people.get(c.person_id), store.commitments.find(conversation_id=c.id))
        for c in conversations
    ]
    return records, heading


def default_name(store: Store, request: ExportRequest, today: date) -> str:
    """A file name that says what the export holds, like coach-alex-kim-2026-11-13.md."""
    suffix = SUFFIXES[request.format]
    if request.format is ExportFormat.ICS:
        return f"coach-calendar{suffix}"
    if request.format is ExportFormat.JSON:
        return f"coach-export-{today.isoformat()}{suffix}"
    if request.conversation_id:
        found = store.conversations.get(request.conversation_id)
        person = store.people.get(found.person_id) if found else None
        day = found.date if found and found.date else today
        return f"coach-{_slug(person.name if person else 'conversation')}-{day}{suffix}"
    if request.person_id:
        person = store.people.get(request.person_id)
        return f"coach-{_slug(person.name if person else 'person')}{suffix}"
    return f"coach-conversations-{today.isoformat()}{suffix}"


def _slug(text: str) -> str:
    # Anything but a letter or digit separates words in a file name.
    parts = "".join(c if c.isalnum() else " " for c in fold(text)).split()
    return "-".join(parts)[:40] or "export"


def free_path(path: Path) -> Path:
    """`path`, or the first of path-2, path-3 … that does not exist yet."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def write_file(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write `data` to `path` whole (private, flushed); refuse an existing file unless `replace`."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name.")
    if path.exists() and not replace:
        raise ExportError(f"{path} already exists; choose another name (nothing was written).")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist (nothing was written).")
    try:
        replace_atomically(path, data)
    except OSError as error:
        raise ExportError(f"Could not write {path}: {reason_for(error)}.") from error


def find_conversation(store: Store, text: str) -> Conversation:
    """The conversation whose id is `text` or starts with it (at least 6 characters)."""
    wanted = trim(text).lower()
    found = store.conversations.get(wanted)
    if found is not None:
        return found
    if len(wanted) < SHORTEST_ID_PREFIX:
        raise InvalidInput(
            f"No conversation has the id {text!r}; give the id, or at least its first "
            f"{SHORTEST_ID_PREFIX} characters (the review screen shows it)."
        )
    matches = [view for view in store.conversations.views() if view.id.startswith(wanted)]
    if not matches:
        raise InvalidInput(f"No conversation has an id starting with {text!r}.")
    if len(matches) > 1:
        raise InvalidInput(f"More than one conversation's id starts with {text!r}; give more.")
    conversation = store.conversations.get(matches[0].id)
    assert conversation is not None
    return conversation


def find_person(store: Store, name: str) -> Person:
    """The person called `name` (case and accents aside), or the one whose name holds it."""
    exact = store.people.named(name)
    if exact is not None:
        return exact
    wanted = same_words(name)
    if not wanted:
        raise InvalidInput("Give the person's name.")
    people = store.people.all()
    same = [p for p in people if same_words(p.name) == wanted]
    partial = same or [p for p in people if wanted in fold(p.name)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise InvalidInput(f"No one called {name!r} is stored.")
    names = ", ".join(visible(p.name) for p in partial[:5])
    raise InvalidInput(f"{name!r} could be {names}; give more of the name.")
