"""Every value has a range and one set of rules (issue 19, findings 2 and 5).

What an import accepts is what every command and export can show: years 1900 to 2200,
offsets within ±14:00, due dates only in the form coach writes, single-line names that
are unique per person, and nesting bounded.  A data file written some other way (by
hand, or by an older coach) still opens and exports: values out of range are read at
the nearest bound.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coach.dates import stored_day
from coach.errors import InvalidInput
from coach.guidance.library import load_guidance
from coach.locations import content_dir
from coach.sharing import archive, exporting
from coach.sharing.exporting import ExportFormat, ExportRequest
from coach.storage import datafile
from coach.store.store import Store
from tests.conftest import TODAY
from tests.core.test_export_import import import_bytes, refusal, snapshot, valid


def with_value(tmp_path: Path, table: str, field: str, value: object) -> bytes:
    """A sound export with one field of the first record of `table` changed."""
    document = valid(tmp_path)
    document["tables"][table][0][field] = value
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("table", "field", "value", "match"),
    [
        ("people", "created", "0001-01-01T00:00:00+00:00", "between 1900 and 2200"),
        ("commitments", "created", "1899-12-31T23:59:59+00:00", "between 1900 and 2200"),
        ("commitments", "due", "9999-12-31", "between 1900 and 2200"),
        ("commitments", "due", "20261101", "'due' must be a date like 2026-11-27"),
        ("commitments", "due", "2026-W45-1", "'due' must be a date like 2026-11-27"),
        ("people", "created", "2026-11-20T09:00:00+14:30", "offset"),
        ("people", "created", "2026-11-20T09:00:00-15:00", "offset"),
        ("people", "name", "Ann\nEvil", "'name' must be on one line"),
        ("people", "name", "Ann\x00", "'name' must be on one line"),
        ("people", "name", "N" * 201, "at most 200 characters"),
    ],
)
def test_values_no_command_could_show_are_refused(
    tmp_path: Path, table: str, field: str, value: object, match: str
) -> None:
    """Out of range, in another form, or not one line: refused, saying which and why."""
    refusal(tmp_path, with_value(tmp_path, table, field, value), match)


def test_the_widest_offsets_and_the_range_ends_are_accepted(tmp_path: Path) -> None:
    """±14:00 and the first and last day of the range are fine."""
    document = valid(tmp_path)
    document["tables"]["people"][0]["created"] = "1900-01-01T00:00:00+14:00"
    document["tables"]["commitments"][0]["due"] = "2200-12-31"
    document["tables"]["commitments"][0]["created"] = "2200-12-31T23:59:59-14:00"
    imported = tmp_path / "new"
    report = import_bytes(imported, json.dumps(document).encode())
    assert report.changed
    exports_in_every_format(imported)


def test_two_new_people_of_one_name_are_not_both_added(tmp_path: Path) -> None:
    """The second person of a name already in the file is a conflict, not a duplicate."""
    document: dict[str, Any] = valid(tmp_path)
    twin = dict(document["tables"]["people"][0], id="p-twin")
    twin["name"] = "  " + twin["name"].upper() + " "
    document["tables"]["people"].append(twin)
    report = import_bytes(tmp_path / "new", json.dumps(document).encode())
    names = [p["name"] for p in snapshot(tmp_path / "new")["people"]]
    assert len(names) == len({str(name).casefold() for name in names})
    assert [conflict.id for conflict in report.conflicts] == ["p-twin"]


def test_an_unknown_field_nested_deep_is_refused_naming_the_limit(tmp_path: Path) -> None:
    """A field nested 200 deep (1,000 makes the JSON export impossible): refused."""
    raw = with_value(tmp_path, "people", "extra", "DEEP")
    raw = raw.replace(b'"DEEP"', b'{"x": ' * 200 + b"1" + b"}" * 200)
    refusal(tmp_path, raw, "nested more than 50 deep")


def exports_in_every_format(directory: Path) -> None:
    """Markdown, JSON and the calendar all export from `directory`."""
    store = Store.open(directory, read_only=True)
    guidance = load_guidance(content_dir())
    try:
        for kind in ExportFormat:
            exported = exporting.render(store, ExportRequest(kind), TODAY, guidance)
            assert exported.data
        assert store.people.all()
        assert store.commitments.find()
    finally:
        store.close()


def test_a_data_file_with_values_out_of_range_still_opens_and_exports(tmp_path: Path) -> None:
    """Written before these rules (or by hand): read at the nearest bound, never a crash."""
    source = tmp_path / "source"
    import_bytes(source, json.dumps(valid(tmp_path)).encode())
    raw = json.loads((source / "coach.json").read_bytes())
    tables = raw["tables"]
    person = next(iter(tables["people"].values()))
    person["created"] = "0001-01-01T00:00:00"
    commitment = next(iter(tables["commitments"].values()))
    commitment["due"] = "9999-12-31"
    commitment["created"] = "0001-01-01T00:00:00"
    conversation = next(c for c in tables["conversations"].values() if c.get("entries"))
    conversation["entries"][0]["at"] = "9999-12-31T23:59:59-14:00"
    conversation["date"] = "9999-12-31"
    (source / "coach.json").write_bytes(datafile.encode(tables, raw["coach"]["generation"]))
    exports_in_every_format(source)
    store = Store.open(source)
    try:
        due = [c.due for c in store.commitments.find() if c.due]
        assert max(due).year == 2200
        # Its JSON export imports again: the values out of range go out as they are read.
        again = exporting.render(
            store, ExportRequest(ExportFormat.JSON), TODAY, load_guidance(content_dir())
        )
    finally:
        store.close()
    report = import_bytes(tmp_path / "again", again.data)
    assert report.changed and not report.conflicts


def test_lists_and_records_read_a_date_the_same_way() -> None:
    """A due date in another form is no date to the lists either, so counts agree."""
    assert stored_day("20261101") is None
    assert stored_day("2026-W45-1") is None
    assert stored_day("2026-11-01") is not None
    with pytest.raises(ValueError):
        stored_day("20261101", strict=True)


@pytest.mark.parametrize("typed", ["9999-12-31", "1899-12-31", "+9999m"])
def test_the_app_refuses_a_date_outside_the_range(typed: str) -> None:
    """A date typed in the app or the shell obeys the same range."""
    from coach.dates import parse_date

    with pytest.raises(InvalidInput):
        parse_date(typed, TODAY)


def test_the_app_refuses_a_name_with_a_nul() -> None:
    """A name typed in the app follows the import's rule: one line, no NUL."""
    from coach.store.people import check_name

    assert check_name("Ann\nLee") == "Ann Lee"
    with pytest.raises(InvalidInput, match="NUL"):
        check_name("Ann\x00")


def test_a_field_an_older_coach_stored_nested_deep_still_saves_and_exports(tmp_path: Path) -> None:
    """An older import let a field nested 600 deep in: the data opens, saves, exports.

    Imports now stop at 50 levels, but data already on disk is coach's to carry: the
    JSON export (whose keys are sorted at every level) once failed on it.
    """
    source = tmp_path / "source"
    import_bytes(source, json.dumps(valid(tmp_path)).encode())
    raw = json.loads((source / "coach.json").read_bytes())
    person = next(iter(raw["tables"]["people"].values()))
    person["from_an_older_import"] = "DEEP"
    encoded = datafile.encode(raw["tables"], raw["coach"]["generation"])
    (source / "coach.json").write_bytes(encoded.replace(b'"DEEP"', b"[" * 600 + b"]" * 600))
    store = Store.open(source)
    try:
        store.people.add("Bea Ortiz")
    finally:
        store.close()
    exports_in_every_format(source)
    store = Store.open(source, read_only=True)
    try:
        document = json.loads(archive.encode(archive.export_tables(store)))
    finally:
        store.close()
    deep = next(p for p in document["tables"]["people"] if "from_an_older_import" in p)
    depth, value = 0, deep["from_an_older_import"]
    while isinstance(value, list) and value:
        depth, value = depth + 1, value[0]
    assert depth == 599  # the innermost list is empty: 600 levels kept as they were
