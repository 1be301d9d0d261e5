"""Whatever an import accepts can be shown, exported in all three formats and imported back.

Issue 19's rule "nothing that was accepted can later stop coach" as a property:
Hypothesis writes export files whose values sit on and around every rule's edges
(years 1900 and 2200, offsets of ±14:00 and beyond, names at the length limit or
with a line break, control characters, lone surrogates, odd date forms, unknown
fields).  Each file is either refused, changing nothing, or accepted; once accepted,
the shell's listings and report show it without a control character reaching the
terminal, Markdown, JSON and the calendar export it, and the JSON export imports
into an empty folder to the same bytes.  (tests/screens/test_import_shown.py opens
the app on such data.)

COACH_FUZZ_EXAMPLES sets how many files each run tries (25 by default, the same
ones every run; see tests/conftest.py for exploring new ones from a seed).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import icalendar
from hypothesis import HealthCheck, given, settings

from coach import cli
from coach.guidance.library import load_guidance
from coach.locations import content_dir
from coach.sharing import archive, exporting
from coach.sharing.archive import ImportRefused
from coach.sharing.exporting import ExportFormat, ExportRequest
from coach.sharing.importing import import_export
from coach.store.store import Store
from coach.user_text import has_controls
from tests.conftest import TODAY
from tests.support.import_files import export_files

EXAMPLES = int(os.environ.get("COACH_FUZZ_EXAMPLES", "25"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def tables_of(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """What `directory` holds, table by table, as the JSON export gives it."""
    store = Store.open(directory, read_only=True)
    try:
        return archive.export_tables(store)
    finally:
        store.close()


def import_into(directory: Path, raw: bytes) -> None:
    """Import `raw` into `directory` as `coach import` does."""
    store = Store.open(directory)
    try:
        import_export(store, archive.decode(raw, "file.json"))
    finally:
        store.close()


def run_command(*argv: str) -> tuple[int, str]:
    """`coach ARGV` in this process: its exit code and everything it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        code = cli.main(list(argv))
    return code, printed.getvalue()


def exports(directory: Path) -> dict[ExportFormat, bytes]:
    """Every format's export of everything in `directory`."""
    store = Store.open(directory, read_only=True)
    guidance = load_guidance(content_dir())
    try:
        return {
            kind: exporting.render(store, ExportRequest(kind), TODAY, guidance).data
            for kind in ExportFormat
        }
    finally:
        store.close()


@PROPERTY
@given(document=export_files())
def test_what_an_import_accepts_is_shown_exported_and_imported_back(
    document: dict[str, Any],
) -> None:
    """Refused and nothing changed, or accepted and usable by every command and export."""
    raw = json.dumps(document).encode()
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "data"
        try:
            import_into(target, raw)
        except ImportRefused:
            assert not any(tables_of(target).values()), "a refused import changed the data"
            return

        for argv in (
            ["commitments"],
            ["commitments", "--due"],
            ["commitments", "--overdue"],
            ["commitments", "--json"],
            ["report"],
            ["report", "--json"],
            ["doctor"],
        ):
            code, shown = run_command("--data-dir", str(target), *argv)
            assert code == 0, f"coach {' '.join(argv)} failed: {shown}"
            assert not has_controls(shown.replace("\n", "")), f"coach {' '.join(argv)}"

        made = exports(target)
        markdown = made[ExportFormat.MARKDOWN].decode("utf-8")
        assert not has_controls(markdown.replace("\n", "").replace("\t", ""))
        calendar = icalendar.Calendar.from_ical(made[ExportFormat.ICS])
        assert calendar.name == "VCALENDAR"

        again = Path(scratch) / "again"
        import_into(again, made[ExportFormat.JSON])
        assert exports(again)[ExportFormat.JSON] == made[ExportFormat.JSON]


def test_the_files_tried_reach_both_answers() -> None:
    """The property is only worth something if the files tried are both refused and taken."""
    answers: set[str] = set()

    @settings(max_examples=40, deadline=None, database=None, derandomize=True)
    @given(document=export_files())
    def classify(document: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            try:
                import_into(Path(scratch) / "data", json.dumps(document).encode())
            except ImportRefused:
                answers.add("refused")
            else:
                answers.add("accepted")

    classify()
    assert answers == {"refused", "accepted"}
