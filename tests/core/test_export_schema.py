"""The JSON export's schema: every export coach makes fits it, and broken files do not.

The schema ships in the package (coach.content) and docs/ points at it.  These tests
also pin it to the code: its enums are the model's, its fields the ones coach writes,
its required fields the ones the importer insists on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from coach.demo import sample as demo
from coach.meeting import capture as meeting
from coach.meeting.syntax import CapturedLine
from coach.model import (
    Cadence,
    CommitmentStatus,
    ConversationStatus,
    EntryKind,
    FactKind,
    Owner,
    PlannedQuestion,
)
from coach.sharing import archive, validation
from coach.steps import STEPS
from coach.store.facts import TEXT_LIMIT
from coach.store.people import NAME_LIMIT
from coach.store.store import Store
from coach.user_text import GAPS
from tests.conftest import TODAY
from tests.support import memory_data, review_data

Document = dict[str, Any]
SCHEMA_TEXT = files("coach.content").joinpath("export-format.schema.json").read_text("utf-8")
SCHEMA: Document = json.loads(SCHEMA_TEXT)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
DOCS_COPY = Path(__file__).resolve().parents[2] / "docs" / "export-format.schema.json"
TABLES = ("people", "conversations", "commitments", "facts")
# Each known table and the $defs entry its records follow.
RECORDS = {
    "people": "person",
    "conversations": "conversation",
    "commitments": "commitment",
    "facts": "fact",
}
START = datetime(2026, 11, 20, 14, 0).astimezone()


def exported(directory: Path) -> Document:
    """The JSON export of the data in `directory`, read back."""
    store = Store.open(directory, read_only=True)
    try:
        return dict(json.loads(archive.encode(archive.export_tables(store))))
    finally:
        store.close()


def wrong(document: Document) -> list[tuple[list[str | int], str]]:
    """Where the document breaks the schema, and how (empty when it fits)."""
    return [
        (list(error.absolute_path), error.message)
        for error in sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def definition(name: str) -> Document:
    """One of the schema's $defs."""
    found: Document = SCHEMA["$defs"][name]
    return found


def test_the_schema_is_a_sound_2020_12_schema() -> None:
    """It is a JSON Schema 2020-12 document, and docs/ shows the one that ships."""
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)
    assert DOCS_COPY.read_text(encoding="utf-8") == SCHEMA_TEXT


@pytest.mark.parametrize(
    ("people", "conversations", "seed"),
    [
        (1, 1, 1),
        (3, 10, 2),
        (demo.SHOWCASE.people, demo.SHOWCASE.conversations, demo.SHOWCASE.seed),
        (12, 60, 1),
        (8, 120, 3),
        (40, 300, 7),
    ],
)
def test_demo_exports_fit_the_schema(
    tmp_path: Path, people: int, conversations: int, seed: int
) -> None:
    """The demo data, small to large (the README's sample too), exports as the schema says."""
    store = Store.open(tmp_path)
    demo.fill(store, people=people, conversations=conversations, seed=seed, today=TODAY)
    store.close()
    assert wrong(exported(tmp_path)) == []


def test_an_empty_export_fits_the_schema(tmp_path: Path) -> None:
    """No data at all: four empty tables."""
    Store.open(tmp_path).close()
    document = exported(tmp_path)
    assert document["tables"] == {table: [] for table in TABLES}
    assert wrong(document) == []


@pytest.mark.parametrize("seed", [review_data.seed, memory_data.seed])
def test_the_review_and_memory_data_fit_the_schema(
    tmp_path: Path, seed: Callable[[Path], object]
) -> None:
    """Live entries, questions, renegotiations, drops and facts fit the schema."""
    seed(tmp_path)
    assert wrong(exported(tmp_path)) == []


def everything(directory: Path, text: str) -> None:
    """Data with `text` in every field that holds text, made the way the app makes it."""
    store = Store.open(directory)
    try:
        # A name is at most 200 characters (coach.store.people.NAME_LIMIT) and holds no NUL.
        name = "a" + text[:150].replace("\x00", "")
        person = store.people.add(name, role=text, relationship=text)
        talk = store.conversations.start(person, "own-" + text, TODAY)
        for step in STEPS:
            store.conversations.set_notes(
                talk.id, step.key, {field.key: text for field in step.fields}
            )
        store.conversations.add_question(
            talk.id, PlannedQuestion(text="a" + text, step="safety", answer=text)
        )
        meeting.begin(store, talk.id, START)
        for minutes, kind in enumerate(EntryKind):
            words = "a" + text  # what a captured line holds is never blank
            promise = kind is EntryKind.COMMITMENT
            line = CapturedLine(
                kind, words, Owner.THEM if promise else None, TODAY if promise else None
            )
            conversation = store.conversations.get(talk.id)
            assert conversation is not None
            moment = START + timedelta(minutes=5 * minutes)
            meeting.add(store, talk.id, meeting.capture(conversation, line, moment))
        meeting.save_draft(store, talk.id, text)
        meeting.end(store, talk.id, text, False, text)
        for number, commitment in enumerate(store.commitments.find(person_id=person.id)):
            store.commitments.renegotiate(commitment.id, TODAY + timedelta(days=7), TODAY, text)
            if number == 0:
                store.commitments.drop(commitment.id, TODAY, "a" + text)
        fact = store.facts.learn(
            person.id, FactKind.CONCERN, "a" + text, on=TODAY, conversation_id=talk.id
        )
        store.facts.supersede(fact.id, TODAY)
    finally:
        store.close()


AWKWARD = [
    "[/]",
    "[bold red]x[/bold red] [@click=app.quit]q[/]",
    "<script>alert(1)</script> **now** # heading `code` | pipe |",
    "\x1b[2J\x1b[31mred\x1b]0;title\x07",
    "\x00\x08\x7f\x9b2J\x1c\x1d\x1e\x1f",
    "line one\r\nline two\rthree\n",
    "Zoë Ångström 中文 🙂 \u200b\u00a0\u2028",
    '{"json": "inside", "tables": []}',
    "\\u0041 \\ \" '",
    "\ud83d lone surrogate",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_fits_the_schema(tmp_path: Path, text: str) -> None:
    """Control characters, markup, JSON, line breaks and lone surrogates fit as text."""
    everything(tmp_path, text)
    document = exported(tmp_path)
    assert wrong(document) == []
    assert document["tables"]["conversations"][0]["live_draft"] == text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.lists(
        st.one_of(st.sampled_from(AWKWARD), st.text(max_size=6)), min_size=1, max_size=4
    ).map("".join)
)
def test_any_text_fits_the_schema(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """Whatever is typed, the export of it fits the schema."""
    directory = tmp_path_factory.mktemp("any")
    everything(directory, text)
    assert wrong(exported(directory)) == []


def full_export(directory: Path) -> Document:
    """An export holding every kind of record and every field."""
    memory_data.seed(directory)
    everything(directory / "more", "words")
    document = exported(directory)
    more = exported(directory / "more")
    for table in TABLES:
        document["tables"][table] += more["tables"][table]
    return document


def test_coach_writes_every_field_the_schema_names_and_no_other(tmp_path: Path) -> None:
    """The schema describes each field coach writes, and coach writes each one it describes."""
    tables = full_export(tmp_path)["tables"]

    def fields(records: list[Document]) -> set[str]:
        return {key for record in records for key in record}

    def described(name: str) -> set[str]:
        return set(definition(name)["properties"])

    for table, name in RECORDS.items():
        assert fields(tables[table]) == described(name), table
    conversations = tables["conversations"]
    assert fields([q for c in conversations for q in c["questions"]]) == described("question")
    assert fields([e for c in conversations for e in c["entries"]]) == described("entry")
    history = [h for c in tables["commitments"] for h in c["history"]]
    assert fields(history) == described("renegotiation")
    notes = definition("conversation")["properties"]["notes"]["properties"]
    assert {step.key: {f.key for f in step.fields} for step in STEPS} == {
        step: set(described["properties"]) for step, described in notes.items()
    }


def test_the_schema_speaks_the_models_words() -> None:
    """Enums, limits and 'not blank' are the ones the code uses."""
    person = definition("person")["properties"]
    conversation = definition("conversation")["properties"]
    commitment = definition("commitment")["properties"]
    fact = definition("fact")["properties"]
    assert person["cadence"]["enum"] == [member.value for member in Cadence]
    assert conversation["status"]["enum"] == [member.value for member in ConversationStatus]
    assert definition("entry")["properties"]["kind"]["enum"] == [m.value for m in EntryKind]
    assert commitment["owner"]["enum"] == [member.value for member in Owner]
    assert commitment["status"]["enum"] == [member.value for member in CommitmentStatus]
    assert fact["kind"]["enum"] == [member.value for member in FactKind]
    assert person["name"]["maxLength"] == NAME_LIMIT
    assert fact["text"]["maxLength"] == TEXT_LIMIT
    some = Draft202012Validator(definition("someText"))
    for gap in GAPS:
        assert not some.is_valid(gap * 3), repr(gap)
    for control in "\x00\x1b\x1c\x1f\x0b\x0c\x7f\x85\ufeff":
        assert some.is_valid(control), repr(control)  # control characters are text


def test_the_importer_checks_what_the_schema_says_with_no_second_list() -> None:
    """One source of truth: the importer's fields, enums and required fields are the schema's.

    A copy of the schema with one enum value taken out and one more field required:
    the rules read from it refuse what the shipped schema's rules accept.
    """
    person = {"id": "p1", "name": "Ann", "cadence": "weekly"}
    assert validation.document_problems("people", person) == []
    changed = json.loads(SCHEMA_TEXT)
    cadence = changed["$defs"]["person"]["properties"]["cadence"]
    cadence["enum"] = [value for value in cadence["enum"] if value != "weekly"]
    changed["$defs"]["person"]["required"].append("role")
    fields, required = validation.rules_from(changed)["people"]
    assert validation.problems(person, fields, required) == [
        "'role' is missing",
        "'cadence' must be one of \"\", fortnightly, monthly",
    ]
    for table, name in RECORDS.items():
        fields, required = validation.field_rules()[table]
        assert {"id", *fields} == set(definition(name)["properties"]), table
        assert {"id", *required} == set(definition(name)["required"]), table


def test_a_field_of_a_kind_the_importer_has_no_rule_for_fails_loudly() -> None:
    """A schema field the importer cannot check is a bug found at once, not a gap."""
    changed = json.loads(SCHEMA_TEXT)
    changed["$defs"]["fact"]["properties"]["weight"] = {"type": "number"}
    with pytest.raises(validation.SchemaNotUnderstood, match=r"fact\.weight"):
        validation.rules_from(changed)


def sample(directory: Path) -> Document:
    """A small sound export with one of every kind of record, and a table coach does not know."""
    memory_data.seed(directory)
    document = exported(directory)
    document["tables"]["rituals"] = [{"id": "r1", "text": "Walks on Fridays"}]
    assert wrong(document) == []
    return document


def record(document: Document, table: str, record_id: str) -> Document:
    """The record with this id."""
    found: Document = next(r for r in document["tables"][table] if r["id"] == record_id)
    return found


def index(document: Document, table: str, record_id: str) -> int:
    """Where the record with this id sits in its table."""
    return next(n for n, r in enumerate(document["tables"][table]) if r["id"] == record_id)


Change = Callable[[Document], None]


def set_field(table: str, record_id: str, field: str, value: object) -> Change:
    """A change that gives one record's field a value."""

    def change(document: Document) -> None:
        record(document, table, record_id)[field] = value

    return change


def drop_field(table: str, record_id: str, field: str) -> Change:
    """A change that takes a field out of one record."""

    def change(document: Document) -> None:
        del record(document, table, record_id)[field]

    return change


def set_header(field: str, value: object) -> Change:
    """A change to the file's header."""

    def change(document: Document) -> None:
        document[field] = value

    return change


def in_list(
    table: str, record_id: str, field: str, *, item: int, key: str, value: object
) -> Change:
    """A change to one item of a record's list (questions, entries, history)."""

    def change(document: Document) -> None:
        record(document, table, record_id)[field][item][key] = value

    return change


def nested_notes(document: Document) -> None:
    """A note's text that is not text."""
    record(document, "conversations", "c-past")["notes"]["safety"] = {"feedback": 3}


def history_without_date(document: Document) -> None:
    """A renegotiation that does not say when."""
    del record(document, "commitments", "k4")["history"][0]["changed_on"]


def unknown_without_id(document: Document) -> None:
    """A record of an unknown table with no id."""
    document["tables"]["rituals"][0] = {"text": "Walks"}


def tables_as_list(document: Document) -> None:
    """tables that is not a mapping."""
    document["tables"] = list(document["tables"].values())


# Each broken document: the change, where the schema says it is wrong (a record's place
# in its table given by its id, for readability), and words the message holds.
BROKEN: list[tuple[str, Change, list[str | int], str]] = [
    ("no format", lambda d: d.pop("format"), [], "'format' is a required property"),
    ("not an export", set_header("format", "coach-data"), ["format"], "was expected"),
    ("newer format", set_header("version", 2), ["version"], "1 was expected"),
    ("version as text", set_header("version", "1"), ["version"], "not of type 'integer'"),
    ("version true", set_header("version", True), ["version"], "not of type 'integer'"),
    ("newer schema", set_header("schema_version", 2), ["schema_version"], "1 was expected"),
    ("no tables", lambda d: d.pop("tables"), [], "'tables' is a required property"),
    ("tables as list", tables_as_list, ["tables"], "not of type 'object'"),
    ("people not a list", set_header("tables", {"people": {}}), ["tables", "people"], "array"),
    (
        "person unnamed",
        drop_field("people", "p-sam", "name"),
        ["tables", "people", "p-sam"],
        "'name'",
    ),
    (
        "person blank",
        set_field("people", "p-sam", "name", " \t "),
        ["tables", "people", "p-sam", "name"],
        "",
    ),
    (
        "name too long",
        set_field("people", "p-sam", "name", "S" * 201),
        ["tables", "people", "p-sam", "name"],
        "is too long",
    ),
    (
        "daily cadence",
        set_field("people", "p-sam", "cadence", "daily"),
        ["tables", "people", "p-sam", "cadence"],
        "is not one of",
    ),
    (
        "created without offset",
        set_field("people", "p-sam", "created", "2026-11-20T09:30:00"),
        ["tables", "people", "p-sam", "created"],
        "does not match",
    ),
    (
        "created a date only",
        set_field("people", "p-sam", "created", "2026-11-20"),
        ["tables", "people", "p-sam", "created"],
        "does not match",
    ),
    (
        "live_draft a record",
        set_field("conversations", "c-past", "live_draft", {"evil": 1}),
        ["tables", "conversations", "c-past", "live_draft"],
        "not of type 'string'",
    ),
    (
        "live_draft null",
        set_field("conversations", "c-past", "live_draft", None),
        ["tables", "conversations", "c-past", "live_draft"],
        "not of type 'string'",
    ),
    (
        "conversation with nobody",
        drop_field("conversations", "c-past", "person_id"),
        ["tables", "conversations", "c-past"],
        "'person_id'",
    ),
    (
        "an impossible date",
        set_field("conversations", "c-past", "date", "2026-02-30"),
        ["tables", "conversations", "c-past", "date"],
        "is not a 'date'",
    ),
    (
        "a basic ISO date",
        set_field("conversations", "c-past", "next_checkin", "20261127"),
        ["tables", "conversations", "c-past", "next_checkin"],
        "does not match",
    ),
    (
        "a week date",
        set_field("conversations", "c-past", "date", "2026-W48-5"),
        ["tables", "conversations", "c-past", "date"],
        "does not match",
    ),
    (
        "archived",
        set_field("conversations", "c-past", "status", "archived"),
        ["tables", "conversations", "c-past", "status"],
        "is not one of",
    ),
    (
        "a note that is a number",
        nested_notes,
        ["tables", "conversations", "c-past", "notes", "safety", "feedback"],
        "not of type 'string'",
    ),
    (
        "asked yes",
        in_list("conversations", "c-past", "questions", item=0, key="asked", value="yes"),
        ["tables", "conversations", "c-past", "questions", 0, "asked"],
        "not of type 'boolean'",
    ),
    (
        "question without id",
        in_list("conversations", "c-past", "questions", item=0, key="id", value=""),
        ["tables", "conversations", "c-past", "questions", 0, "id"],
        "does not match",
    ),
    (
        "entry time without offset",
        in_list(
            "conversations", "c-past", "entries", item=0, key="at", value="2026-11-06T10:05:00"
        ),
        ["tables", "conversations", "c-past", "entries", 0, "at"],
        "does not match",
    ),
    (
        "minute before the start",
        in_list("conversations", "c-past", "entries", item=0, key="minute", value=-1),
        ["tables", "conversations", "c-past", "entries", 0, "minute"],
        "less than the minimum",
    ),
    (
        "minute a fraction",
        in_list("conversations", "c-past", "entries", item=0, key="minute", value=2.5),
        ["tables", "conversations", "c-past", "entries", 0, "minute"],
        "not of type",
    ),
    (
        "a kind of entry coach has not",
        in_list("conversations", "c-past", "entries", item=0, key="kind", value="gossip"),
        ["tables", "conversations", "c-past", "entries", 0, "kind"],
        "is not one of",
    ),
    (
        "blank promise",
        set_field("commitments", "k4", "text", ""),
        ["tables", "commitments", "k4", "text"],
        "does not match",
    ),
    (
        "a boss owner",
        set_field("commitments", "k4", "owner", "boss"),
        ["tables", "commitments", "k4", "owner"],
        "is not one of",
    ),
    (
        "due as a moment",
        set_field("commitments", "k4", "due", "2026-11-27T00:00:00+00:00"),
        ["tables", "commitments", "k4", "due"],
        "does not match",
    ),
    (
        "history undated",
        history_without_date,
        ["tables", "commitments", "k4", "history", 0],
        "'changed_on' is a required property",
    ),
    (
        "history not a list",
        set_field("commitments", "k4", "history", {}),
        ["tables", "commitments", "k4", "history"],
        "not of type 'array'",
    ),
    (
        "a hobby",
        set_field("facts", "f2", "kind", "hobby"),
        ["tables", "facts", "f2", "kind"],
        "is not one of",
    ),
    (
        "a long fact",
        set_field("facts", "f2", "text", "x" * 1001),
        ["tables", "facts", "f2", "text"],
        "is too long",
    ),
    (
        "learned on no day",
        set_field("facts", "f2", "learned_on", None),
        ["tables", "facts", "f2", "learned_on"],
        "not of type 'string'",
    ),
    (
        "unknown table without id",
        unknown_without_id,
        ["tables", "rituals", 0],
        "'id' is a required",
    ),
]


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [pytest.param(change, where, message, id=name) for name, change, where, message in BROKEN],
)
def test_broken_documents_are_refused_at_the_right_place(
    tmp_path: Path, change: Change, where: list[str | int], message: str
) -> None:
    """Each broken document fails the schema at the field that is wrong, and only there."""
    document = sample(tmp_path)
    change(document)
    path = list(where)
    if len(path) > 2 and path[0] == "tables" and isinstance(path[2], str):
        path[2] = index(document, str(path[1]), path[2])
    found = wrong(document)
    assert {tuple(spot) for spot, _ in found} == {tuple(path)}, found
    assert any(message in said for _, said in found), found


def test_a_newer_coachs_fields_and_tables_still_fit(tmp_path: Path) -> None:
    """Fields and tables the schema does not name pass, as the importer lets them through."""
    document = sample(tmp_path)
    record(document, "people", "p-sam")["cadence_days"] = 14
    record(document, "conversations", "c-past")["notes"]["reflections"] = {"private": "x"}
    document["exported_for"] = "a newer coach"
    assert wrong(document) == []


def test_a_record_may_leave_out_what_is_not_required(tmp_path: Path) -> None:
    """Only ids and what the importer insists on are required; the rest take defaults."""
    document = {
        "format": "coach-export",
        "version": 1,
        "schema_version": 1,
        "tables": {
            "people": [{"id": "p", "name": "Sam"}],
            "conversations": [{"id": "c", "person_id": "p"}],
            "commitments": [{"id": "k", "text": "Call", "person_id": "p"}],
            "facts": [{"id": "f", "person_id": "p", "kind": "skill", "text": "SQL"}],
        },
    }
    assert wrong(document) == []
    imported = archive.decode(json.dumps(document).encode(), "file.json")
    assert {table: len(records) for table, records in imported.tables.items()} == dict.fromkeys(
        TABLES, 1
    )


def test_dates_are_checked_by_pattern_even_without_a_format_checker() -> None:
    """A validator that does not assert formats still refuses a date-time as a date."""
    plain = Draft202012Validator(definition("optionalDay"))
    assert plain.is_valid("2026-11-27") and plain.is_valid(None)
    assert not plain.is_valid("2026-11-27T10:00:00+00:00")
    moment = Draft202012Validator(definition("moment"))
    for written in (
        datetime(2026, 11, 27, 9, 30).astimezone(),
        START,
        START.replace(microsecond=5),
    ):
        assert moment.is_valid(written.isoformat()), written.isoformat()
    assert moment.is_valid("2026-11-27T09:30:00Z")
    assert not moment.is_valid(date(2026, 11, 27).isoformat())


# What the schema refuses and Python's own readers would let in: the importer checks each
# field by the schema's rules.
REFUSED_BY_BOTH = [
    ("live_draft a record", "conversations", "c-past", "live_draft", {"evil": 1}),
    ("live_draft null", "conversations", "c-past", "live_draft", None),
    ("a moment without offset", "people", "p-sam", "created", "2026-11-20T09:30:00"),
    ("a moment that is a date", "people", "p-sam", "created", "2026-11-20"),
    ("a basic ISO date", "conversations", "c-past", "date", "20261127"),
    ("a week date", "conversations", "c-past", "next_checkin", "2026-W48-5"),
    ("a name too long", "people", "p-sam", "name", "S" * 201),
    ("a fact too long", "facts", "f2", "text", "x" * 1001),
]


@pytest.mark.parametrize(
    ("table", "record_id", "field", "value"),
    [pytest.param(*case[1:], id=case[0]) for case in REFUSED_BY_BOTH],
)
def test_the_importer_refuses_what_the_schema_refuses(
    tmp_path: Path, table: str, record_id: str, field: str, value: object
) -> None:
    """A file the schema refuses is refused on import too."""
    document = sample(tmp_path)
    record(document, table, record_id)[field] = value
    assert wrong(document) != []
    with pytest.raises(archive.ImportRefused):
        archive.decode(json.dumps(document).encode(), "file.json")


def test_every_export_in_the_tests_is_checked_against_the_schema() -> None:
    """conftest's every_export_fits_the_schema is armed: an export that does not fit fails."""
    from jsonschema import ValidationError

    with pytest.raises(ValidationError):
        archive.encode({"people": [{"id": "p1", "name": 3}]})
