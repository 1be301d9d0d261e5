"""The request and the answer between a shell command and the open coach: one JSON line each.

Small and strict on purpose: whatever reaches the socket is checked field by
field before anything is done with it, and an answer always says what became of
the change (done, which commitments a REF could mean, nothing found, refused).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from coach.storage.layout import SOCKET_NAME

# A request or an answer bigger than this is refused: a commitment is a line of text.
LIMIT = 64 * 1024
# The kernel's limit for a socket's path (108 on Linux, 104 on macOS), with room to spare.
_PATH_LIMIT = 100


class Action(StrEnum):
    """What a shell command asks for."""

    ADD = "add"
    DONE = "done"
    UNDO = "undo"
    DUE = "due"
    DROP = "drop"


class Outcome(StrEnum):
    """What became of a change."""

    DONE = "done"
    AMBIGUOUS = "ambiguous"  # the REF could mean several: nothing was changed
    NOT_FOUND = "not_found"
    REFUSED = "refused"  # bad input, or the change is not possible now: nothing changed


@dataclass(frozen=True)
class Change:
    """One change to a commitment, as a shell command asks for it.

    `today` is the asker's day (done on, dropped on, renegotiated on).  An added
    commitment's id is chosen by the asker, so sending it twice (after a lost
    answer) never adds it twice.
    """

    action: Action
    today: str
    ref: str = ""
    text: str = ""
    person: str = ""
    owner: str = "me"
    due: str | None = None
    reason: str = ""
    commitment_id: str = ""
    new_person: bool = False


@dataclass(frozen=True)
class Found:
    """A commitment as an answer names it."""

    id: str
    ref: str
    text: str
    person: str
    status: str
    due: str | None


@dataclass(frozen=True)
class Answer:
    """What became of a change, in a sentence, with the commitment or the candidates."""

    outcome: Outcome
    message: str
    commitment: Found | None = None
    candidates: list[Found] = field(default_factory=list)


class BadMessage(ValueError):
    """What came over the socket is not a request or an answer coach understands."""


def encode(message: Change | Answer) -> bytes:
    """One line of JSON, ASCII (any text survives)."""
    return json.dumps(asdict(message), ensure_ascii=True).encode("ascii") + b"\n"


def decode_change(line: bytes) -> Change:
    """The change a line asks for (BadMessage when it is not one)."""
    raw = _object(line)
    try:
        action = Action(str(raw.get("action")))
    except ValueError:
        raise BadMessage("no such action") from None
    strings = {key: _string(raw, key) for key in ("today", "ref", "text", "person", "owner")}
    strings |= {key: _string(raw, key) for key in ("reason", "commitment_id")}
    due = raw.get("due")
    if due is not None and not isinstance(due, str):
        raise BadMessage("due is not text")
    new_person = raw.get("new_person", False)
    if not isinstance(new_person, bool):
        raise BadMessage("new_person is not true or false")
    return Change(action=action, due=due, new_person=new_person, **strings)


def decode_answer(line: bytes) -> Answer:
    """The answer a line gives (BadMessage when it is not one)."""
    raw = _object(line)
    try:
        outcome = Outcome(str(raw.get("outcome")))
        found = raw.get("commitment")
        candidates = raw.get("candidates", [])
        if not isinstance(candidates, list):
            raise BadMessage("candidates is not a list")
        return Answer(
            outcome,
            _string(raw, "message"),
            _found(found) if found is not None else None,
            [_found(each) for each in candidates],
        )
    except (TypeError, ValueError) as error:
        raise BadMessage(str(error)) from None


def _object(line: bytes) -> dict[str, Any]:
    if len(line) > LIMIT:
        raise BadMessage("too long")
    try:
        raw = json.loads(line)
    except ValueError:
        raise BadMessage("not JSON") from None
    if not isinstance(raw, dict):
        raise BadMessage("not a JSON object")
    return raw


def _string(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key, "" if key != "owner" else "me")
    if not isinstance(value, str):
        raise BadMessage(f"{key} is not text")
    return value


def _found(raw: object) -> Found:
    if not isinstance(raw, dict):
        raise BadMessage("a commitment is not an object")
    due = raw.get("due")
    if due is not None and not isinstance(due, str):
        raise BadMessage("due is not text")
    keys = ("id", "ref", "text", "person", "status")
    return Found(**{key: _string(raw, key) for key in keys}, due=due)


def socket_path(directory: Path) -> Path:
    """Where the coach holding `directory` listens: beside the data, or, when that path is
    too long for a socket, in the user's private runtime folder under a name made from it."""
    beside = directory.absolute() / SOCKET_NAME
    if len(os.fsencode(beside)) <= _PATH_LIMIT:
        return beside
    digest = hashlib.sha256(os.fsencode(directory.absolute())).hexdigest()[:24]
    return runtime_dir() / f"{digest}.sock"


def runtime_dir() -> Path:
    """The user's own folder for sockets: $XDG_RUNTIME_DIR, else one of coach's in the
    temporary folder (made 0700 and checked to be the user's before use)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        return Path(runtime) / "coach"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"coach-{uid}"
