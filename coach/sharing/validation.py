"""Checking documents from outside (an import) before they are let into the data.

Each known table has a description of its fields: a document may leave a field
out (it takes its default) or carry fields coach does not know (they are kept),
but a field coach knows must hold the right kind of value, so that nothing
imported can break a screen later.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from coach.dates import EARLIEST_YEAR, LATEST_YEAR, RANGE
from coach.model import Cadence, CommitmentStatus, ConversationStatus, EntryKind, FactKind, Owner
from coach.storage.layout import COMMITMENTS, CONVERSATIONS, FACTS, PEOPLE
from coach.store.facts import TEXT_LIMIT
from coach.store.people import NAME_BREAKS, NAME_LIMIT
from coach.user_text import trim

Check = Callable[[Any], str | None]  # None when fine, else what is wrong

# The forms coach writes, as content/export-format.schema.json gives them.  Python's own
# fromisoformat also takes 20261127, 2026-W48-5 and a time without its offset from UTC,
# which mean nothing sure to a person reading the file; ASCII digits only ([0-9], not \d).
_DAY = "(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_DAY_FORM = re.compile(f"{_DAY}")
_MOMENT_FORM = re.compile(
    f"{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
)


# The widest offset from UTC any place keeps (Kiribati, +14:00).
WIDEST_OFFSET = timedelta(hours=14)
# How deep a field coach does not know may nest: fields a newer coach adds are shallow,
# and a deeper one could not be exported again (Python's JSON writer recurses).
DEPTH_LIMIT = 50
# A name is shown on one line: no line break (other controls show as symbols), and no
# NUL, which ends a string in C (a terminal, a file name made from the name).
_LINE_BREAKS = re.compile(f"[{re.escape(NAME_BREAKS)}]")


def text(value: Any) -> str | None:
    """Some text (possibly empty)."""
    return None if isinstance(value, str) else "must be text"


def some_text(value: Any) -> str | None:
    """Text that is not blank."""
    return None if isinstance(value, str) and trim(value) else "must be some text"


def at_most(limit: int) -> Check:
    """Text that is not blank, of at most `limit` characters (a name, a fact)."""

    def check(value: Any) -> str | None:
        problem = some_text(value)
        if problem is None and len(value) > limit:
            return f"must be at most {limit:,} characters (it has {len(value):,})"
        return problem

    return check


def name(value: Any) -> str | None:
    """A person's name: not blank, on one line, at most NAME_LIMIT characters."""
    problem = at_most(NAME_LIMIT)(value)
    if problem is None and _LINE_BREAKS.search(value):
        return "must be on one line (no line break or NUL character)"
    return problem


def optional_text(value: Any) -> str | None:
    """Text, or null."""
    return None if value is None or isinstance(value, str) else "must be text or null"


def flag(value: Any) -> str | None:
    """true or false."""
    return None if isinstance(value, bool) else "must be true or false"


def optional_count(value: Any) -> str | None:
    """A whole number of zero or more, or null."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return None
    return "must be a whole number or null"


def optional_day(value: Any) -> str | None:
    """A date like 2026-11-27, or null."""
    if value is None:
        return None
    try:
        if not isinstance(value, str) or not _DAY_FORM.fullmatch(value):
            raise ValueError(value)
        year = date.fromisoformat(value).year
    except ValueError:
        return "must be a date like 2026-11-27, or null"
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return f"must be a date {RANGE} (it is {value})"
    return None


def moment(value: Any) -> str | None:
    """A date and time with its offset from UTC, like 2026-11-27T09:30:00+01:00."""
    try:
        if not isinstance(value, str) or not _MOMENT_FORM.fullmatch(value):
            raise ValueError(value)
        written = datetime.fromisoformat(value)
    except ValueError:
        return "must be a date and time like 2026-11-27T09:30:00+01:00"
    offset = written.utcoffset()
    if offset is not None and abs(offset) > WIDEST_OFFSET:
        return f"must have an offset from UTC within ±14:00 (it is {value})"
    if not EARLIEST_YEAR <= written.year <= LATEST_YEAR:
        return f"must be a date and time {RANGE} (it is {value})"
    return None


def optional_moment(value: Any) -> str | None:
    """A date and time, or null."""
    return None if value is None else moment(value)


def day(value: Any) -> str | None:
    """A date like 2026-11-27."""
    return "must be a date like 2026-11-27" if value is None else optional_day(value)


def ratings(value: Any) -> str | None:
    """A look back: {statement: 0, 1 or 2}."""
    if isinstance(value, dict) and all(
        isinstance(key, str)
        and isinstance(rating, int)
        and not isinstance(rating, bool)
        and 0 <= rating <= 2
        for key, rating in value.items()
    ):
        return None
    return "must map each statement to 0, 1 or 2"


def one_of(*allowed: str) -> Check:
    """One of these words."""

    def check(value: Any) -> str | None:
        words = ", ".join(word or '""' for word in allowed)
        return None if value in allowed else f"must be one of {words}"

    return check


def notes(value: Any) -> str | None:
    """Step notes: {step: {field: text}}."""
    if not isinstance(value, dict) or not all(
        isinstance(fields, dict) and all(isinstance(t, str) for t in fields.values())
        for fields in value.values()
    ):
        return "must map each step to its fields' texts"
    return None


def list_of(fields: Mapping[str, Check], required: tuple[str, ...]) -> Check:
    """A list of records (a commitment's renegotiations, say), each with these fields."""

    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list"
        for index, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                return f"item {index} must be a record"
            problem = problems(item, fields, required)
            if problem:
                return f"item {index}: {problem[0]}"
        return None

    return check


def records_of(fields: Mapping[str, Check]) -> Check:
    """A list of records (questions, entries), each with an id and these fields."""
    return list_of({"id": some_text, **fields}, ("id",))


def _values(kind: type[Any]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


QUESTION: dict[str, Check] = {
    "text": text,
    "step": text,
    "asked": flag,
    "answer": text,
    "planned": flag,
}
ENTRY: dict[str, Check] = {
    "text": text,
    "kind": one_of(*_values(EntryKind)),
    "at": moment,
    "minute": optional_count,
    "question_id": optional_text,
    "commitment_id": optional_text,
}
RENEGOTIATION: dict[str, Check] = {
    "changed_on": day,
    "old_due": optional_day,
    "new_due": optional_day,
    "note": text,
}
TABLES: dict[str, tuple[dict[str, Check], tuple[str, ...]]] = {
    PEOPLE: (
        {
            "name": name,
            "role": text,
            "relationship": text,
            "cadence": one_of(*_values(Cadence)),
            "created": moment,
        },
        ("name",),
    ),
    CONVERSATIONS: (
        {
            "person_id": some_text,
            "purpose": text,
            "date": optional_day,
            "status": one_of(*_values(ConversationStatus)),
            "notes": notes,
            "questions": records_of(QUESTION),
            "entries": records_of(ENTRY),
            "started": optional_moment,
            "next_checkin": optional_day,
            "summary_confirmed": flag,
            "correction": text,
            "live_draft": text,
            "look_back": ratings,
            "created": moment,
            "updated": moment,
        },
        ("person_id",),
    ),
    COMMITMENTS: (
        {
            "text": some_text,
            "owner": one_of(*_values(Owner)),
            "person_id": some_text,
            "conversation_id": optional_text,
            "due": optional_day,
            "status": one_of(*_values(CommitmentStatus)),
            "done_on": optional_day,
            "dropped_on": optional_day,
            "drop_reason": text,
            "history": list_of(RENEGOTIATION, ("changed_on",)),
            "revision": optional_count,
            "created": moment,
        },
        ("text", "person_id"),
    ),
    FACTS: (
        {
            "person_id": some_text,
            "kind": one_of(*_values(FactKind)),
            "text": at_most(TEXT_LIMIT),
            "learned_on": day,
            "conversation_id": optional_text,
            "superseded_on": optional_day,
            "created": moment,
        },
        ("person_id", "kind", "text"),
    ),
}


def problems(
    document: dict[str, Any], fields: Mapping[str, Check], required: tuple[str, ...] = ()
) -> list[str]:
    """What is wrong with one document, field by field (empty when it is sound)."""
    found = [f"'{field}' is missing" for field in required if field not in document]
    for field, value in document.items():
        check = fields.get(field)
        problem = check(value) if check else _too_deep(value)
        if problem:
            found.append(f"'{field}' {problem}")
    return found


def _too_deep(value: Any) -> str | None:
    """Whether a value coach does not know nests deeper than DEPTH_LIMIT (without recursing)."""
    level = [value]
    for _ in range(DEPTH_LIMIT):
        level = [
            inner
            for outer in level
            if isinstance(outer, dict | list)
            for inner in (outer.values() if isinstance(outer, dict) else outer)
        ]
        if not level:
            return None
    if any(isinstance(inner, dict | list) for inner in level):
        return f"is nested more than {DEPTH_LIMIT} deep"
    return None


def document_problems(table: str, document: dict[str, Any]) -> list[str]:
    """What is wrong with one document of `table` (a table coach does not know only needs an id)."""
    if some_text(document.get("id")):
        return ["'id' must be some text"]
    fields, required = TABLES.get(table, ({}, ()))
    return problems(document, fields, required)
