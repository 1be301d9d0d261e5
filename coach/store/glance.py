"""The dashboard at a glance: its rows as coach last closed, kept to draw them at once.

With years of conversations, reading the data takes a few hundred milliseconds (the
file is parsed whole, holding Python's interpreter lock all the while), yet the
dashboard shows a few hundred small records.  So on closing, coach writes what its
dashboard showed - the people's names, the open commitments, the conversations in
preparation and the latest held - to `dashboard.json`, with the size, time and inode
of the data file and journal as they were left.  The next start draws those rows in
its first frame if both files are still exactly as left, then reads the data and
shows it from there (the same rows: nothing changed the data in between).

It is a copy, never the data: anything unexpected (another format, damage, a file
changed since) and it is not used.  Nothing is ever typed into it: keys wait until
the data is open.  Not kept for encrypted data, where it would be plaintext.
Imports nothing of the storage but the names of its files.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coach.model import Commitment, Conversation, ConversationStatus, Owner
from coach.storage.files import open_private, read_own_file, write_all
from coach.storage.layout import DASHBOARD_NAME, DATA_NAME, JOURNAL_NAME, KEY_NAME

FORMAT = 1
ROWS = 100  # the open commitments kept as rows: more than any terminal shows


@dataclass(frozen=True)
class Glance:
    """What the dashboard shows: its rows' records, and the names they need."""

    names: dict[str, str]  # person id -> name
    open: list[Commitment]  # soonest due first (read back: the first ROWS of them)
    preparing: list[Conversation]  # soonest first
    recent: list[Conversation]  # the latest held, newest first
    purposes: dict[str, tuple[str, str]]  # purpose -> its title and short label
    # Read back: how many are open, and every due date of theirs, in order (ISO)
    open_count: int | None = None
    dues: list[str] | None = None

    def count(self) -> int:
        """How many commitments are open."""
        return len(self.open) if self.open_count is None else self.open_count

    def overdue(self, today: date) -> int:
        """How many of them are overdue on `today`."""
        if self.dues is None:
            return sum(c.is_overdue(today) for c in self.open)
        return bisect.bisect_left(self.dues, today.isoformat())


@dataclass(frozen=True)
class Kept:
    """A glance, and how many changes the store had made when it was taken."""

    changes: int
    glance: Glance


def _files(directory: Path) -> list[list[int]]:
    """The data file's and journal's size, time and inode ([] for one that is absent)."""
    found: list[list[int]] = []
    for name in (DATA_NAME, JOURNAL_NAME):
        try:
            info = os.stat(directory / name)
        except FileNotFoundError:
            found.append([])
        else:
            found.append([info.st_size, info.st_mtime_ns, info.st_ino])
    return found


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _commitment(c: Commitment) -> list[Any]:
    return [c.id, c.text, c.owner.value, c.person_id, c.conversation_id, _day(c.due)]


def _conversation(c: Conversation) -> list[Any]:
    return [c.id, c.person_id, c.purpose, _day(c.date), c.status.value, c.created.isoformat()]


def keep(directory: Path, glance: Glance | None) -> None:
    """Write `glance` beside the data just closed (the one writer's), or remove the one
    there when there is none to keep; a failure only means the next start reads first."""
    path = directory / DASHBOARD_NAME
    if glance is None or os.path.lexists(directory / KEY_NAME):
        with contextlib.suppress(OSError):
            path.unlink()
        return
    document = {
        "format": FORMAT,
        "files": _files(directory),
        "names": glance.names,
        "open": [_commitment(c) for c in glance.open[:ROWS]],
        "count": glance.count(),
        "dues": sorted(c.due.isoformat() for c in glance.open if c.due is not None),
        "preparing": [_conversation(c) for c in glance.preparing],
        "recent": [_conversation(c) for c in glance.recent],
        "purposes": glance.purposes,
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    # Atomic, but without fsync: a copy lost in a crash is only not used.
    temporary = path.with_name(path.name + ".tmp")
    with contextlib.suppress(OSError):
        fd = open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, path)


def read(directory: Path) -> Glance | None:
    """The glance kept beside the data, if the data is still exactly as it was then."""
    try:
        raw = read_own_file(directory / DASHBOARD_NAME)
        if raw is None or os.path.lexists(directory / KEY_NAME):
            return None
        document = json.loads(raw)
        if document.get("format") != FORMAT or document.get("files") != _files(directory):
            return None
        return Glance(
            names={str(k): str(v) for k, v in document["names"].items()},
            open=[_read_commitment(row) for row in document["open"]],
            preparing=[_read_conversation(row) for row in document["preparing"]],
            recent=[_read_conversation(row) for row in document["recent"]],
            purposes={str(k): (str(t), str(s)) for k, (t, s) in document["purposes"].items()},
            open_count=int(document["count"]),
            dues=sorted(str(day) for day in document["dues"]),
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # not one coach wrote, or not whole: the data is read as usual


def _read_commitment(row: list[Any]) -> Commitment:
    id, text, owner, person_id, conversation_id, due = row
    return Commitment(
        str(text),
        Owner(owner),
        str(person_id),
        None if conversation_id is None else str(conversation_id),
        due=None if due is None else date.fromisoformat(due),
        id=str(id),
    )


def _read_conversation(row: list[Any]) -> Conversation:
    id, person_id, purpose, day, status, created = row
    return Conversation(
        str(person_id),
        str(purpose),
        None if day is None else date.fromisoformat(day),
        ConversationStatus(status),
        id=str(id),
        created=datetime.fromisoformat(created),
    )
