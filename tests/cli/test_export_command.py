"""`coach export` from the shell: Markdown, JSON and iCalendar, to a file or stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import data
from tests.support.review_data import MARKUP, seed


def test_markdown_of_one_conversation_by_the_start_of_its_id(data_dir: Path) -> None:
    """--conversation takes the id or its first characters; private parts are left out."""
    seed(data_dir)
    result = data(data_dir, "export", "--conversation", "c-bu")
    assert result.returncode == 1 and "at least its first 6" in result.stderr
    result = data(data_dir, "export", "--conversation", "c-budge")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Zoë Ångström · Building trust · Fri 13 Nov 2026")
    assert "headcount" not in result.stdout
    assert "--include-private" in result.stderr
    private = data(data_dir, "export", "--conversation", "c-budget", "--include-private")
    assert "headcount freeze" in private.stdout and private.stderr == ""


def test_markdown_of_one_person_by_part_of_their_name(data_dir: Path) -> None:
    """--person finds Zoë by 'zoe'; user text stays literal Markdown."""
    seed(data_dir)
    result = data(data_dir, "export", "--person", "zoe")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Conversations with Zoë Ångström")
    sam = data(data_dir, "export", "--person", "Sam [red]Lee[/]")
    # The dot of app.quit escaped too: GitHub's readers would take app.quit for a domain.
    assert "\\[bold\\]Read\\[/\\] the \\[@click=app\\.quit\\]contract" in sam.stdout
    assert MARKUP not in sam.stdout
    nobody = data(data_dir, "export", "--person", "nobody")
    assert nobody.returncode == 1 and "No one called 'nobody'" in nobody.stderr


def test_output_files_are_private_and_never_silently_replaced(
    data_dir: Path, tmp_path: Path
) -> None:
    """--output writes a 0600 file; an existing file needs --force."""
    seed(data_dir)
    target = tmp_path / "all.json"
    result = data(data_dir, "export", "--format", "json", "--output", str(target))
    assert result.returncode == 0 and f"Exported to {target}" in result.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    target.write_text("mine")
    again = data(data_dir, "export", "--format", "json", "--output", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert target.read_text() == "mine"
    forced = data(data_dir, "export", "--format", "json", "--output", str(target), "--force")
    assert forced.returncode == 0 and json.loads(target.read_text())["format"] == "coach-export"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json", "--person", "zoe"], "always holds everything"),
        (["--format", "ics", "--include-private"], "--include-private is for Markdown"),
        (["--output", "/nonexistent-folder/x.md"], "does not exist"),
    ],
)
def test_export_mistakes_are_explained(data_dir: Path, args: list[str], message: str) -> None:
    """Options that do not fit, or a folder that is not there: one clear sentence, exit 1."""
    seed(data_dir)
    result = data(data_dir, "export", *args)
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_ics_from_the_shell(data_dir: Path) -> None:
    """The calendar is printed with CRLF line endings."""
    seed(data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "export", "--format", "ics"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_remind_adds_alarms_to_the_calendar_only(data_dir: Path) -> None:
    """--remind 1d: a VALARM a day before; refused for other formats and for nonsense."""
    seed(data_dir)
    calendar = data(data_dir, "export", "--format", "ics", "--remind", "1d")
    assert calendar.returncode == 0 and "TRIGGER;RELATED=END:-P1D" in calendar.stdout
    markdown = data(data_dir, "export", "--remind", "1d")
    assert markdown.returncode == 1 and "--remind is for the calendar" in markdown.stderr
    for wrong in ("0d", "soon", "60w"):
        refused = data(data_dir, "export", "--format", "ics", "--remind", wrong)
        assert refused.returncode == 2 and "--remind" in refused.stderr
