"""Checking documents from outside (an import) before they are let into the data.

The export's JSON Schema (content/export-format.schema.json, shipped in the
package) says which fields each table's records have, of which kind, and which are
required; the rules here say what each kind of value means, in coach's words.  A
document may leave a field out (it takes its default) or carry fields coach does
not know (they are kept), but a field coach knows must hold the right kind of
value, so that nothing imported can break a screen later.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from coach.dates import EARLIEST_YEAR, LATEST_YEAR, RANGE
from coach.storage.layout import COMMITMENTS, CONVERSATIONS, FACTS, PEOPLE
from coach.store.people import NAME_BREAKS
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


def one_line(limit: int) -> Check:
    """A name: not blank, on one line, at most `limit` characters."""

    def check(value: Any) -> str | None:
        problem = at_most(limit)(value)
        if problem is None and _LINE_BREAKS.search(value):
            return "must be on one line (no line break or NUL character)"
        return problem

    return check


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


class SchemaNotUnderstood(Exception):
    """The shipped schema holds a field whose kind the importer has no rule for (a bug)."""


# The rule for each kind of value the schema names in its $defs: the schema says which
# field is of which kind and which fields a record needs; these say what each kind means
# in coach's words (its messages), with the ranges the schema's patterns also draw.
KINDS: dict[str, Check] = {
    "text": text,
    "someText": some_text,
    "id": some_text,
    "reference": optional_text,
    "day": day,
    "optionalDay": optional_day,
    "moment": moment,
    "optionalMoment": optional_moment,
    "flag": flag,
}
# The $defs entry each table's records follow.
RECORD_KINDS = {
    PEOPLE: "person",
    CONVERSATIONS: "conversation",
    COMMITMENTS: "commitment",
    FACTS: "fact",
}

Rules = tuple[dict[str, Check], tuple[str, ...]]


def rules_from(schema: Mapping[str, Any]) -> dict[str, Rules]:
    """Each table's field rules and required fields, read from the export's JSON Schema.

    One source of truth: a field, an enum value or a required field added to
    content/export-format.schema.json is checked by the importer with no second list
    to keep; a field of a kind the importer has no rule for fails loudly here (and in
    the tests), never quietly unchecked.
    """
    definitions: Mapping[str, Any] = schema["$defs"]

    def record(kind: str) -> Rules:
        definition = definitions[kind]
        fields = {
            field: check_for(f"{kind}.{field}", spec)
            for field, spec in definition["properties"].items()
            if field != "id"  # every document's id is checked before its fields
        }
        required = tuple(field for field in definition.get("required", ()) if field != "id")
        return fields, required

    def check_for(where: str, spec: Mapping[str, Any]) -> Check:
        kind = str(spec.get("$ref", "")).removeprefix("#/$defs/")
        if kind in KINDS:
            return KINDS[kind]
        if "enum" in spec:
            return one_of(*spec["enum"])
        form = spec.get("type")
        if form == "boolean":
            return flag
        if form == ["integer", "null"] and spec.get("minimum") == 0:
            return optional_count
        if form == "array" and "$ref" in spec.get("items", {}):
            item_kind = spec["items"]["$ref"].removeprefix("#/$defs/")
            fields, required = record(item_kind)
            if "id" in definitions[item_kind].get("required", ()):
                return records_of(fields)
            return list_of(fields, required)
        if form == "object" and spec.get("additionalProperties", {}).get("maximum") == 2:
            return ratings
        if form == "object" and "objectives" in spec.get("properties", {}):  # steps' notes
            return notes
        if form == "string" and "maxLength" in spec:
            limit = int(spec["maxLength"])
            return one_line(limit) if "not" in spec else at_most(limit)
        raise SchemaNotUnderstood(f"{where}: {dict(spec)}")

    return {table: record(kind) for table, kind in RECORD_KINDS.items()}


@cache
def field_rules() -> dict[str, Rules]:
    """The rules of the schema coach ships (read once, when something is first imported)."""
    raw = files("coach.content").joinpath("export-format.schema.json").read_text("utf-8")
    return rules_from(json.loads(raw))


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
    fields, required = field_rules().get(table, ({}, ()))
    return problems(document, fields, required)
