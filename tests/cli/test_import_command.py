"""`coach import` from the shell: what it added, its conflicts, and bad files refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.processes import coach, data
from tests.support.review_data import seed


def test_import_reports_and_twice_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    """What came in, then nothing new; exit 0 both times."""
    seed(data_dir)
    exported = tmp_path / "x.json"
    data(data_dir, "export", "--format", "json", "--output", str(exported))
    target = tmp_path / "other"
    first = coach("--data-dir", str(target), "import", str(exported))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Added 2 people, 3 conversations, 4 commitments.")
    second = coach("--data-dir", str(target), "import", str(exported))
    assert second.returncode == 0
    assert second.stdout.splitlines() == [
        "Nothing new to add.",
        "9 already in your data, unchanged.",
    ]


def test_import_lists_conflicts_with_exit_status_3(data_dir: Path, tmp_path: Path) -> None:
    """A changed record is named with the fields that differ, and kept as stored."""
    seed(data_dir)
    exported = tmp_path / "x.json"
    data(data_dir, "export", "--format", "json", "--output", str(exported))
    document = json.loads(exported.read_text())
    document["tables"]["people"][0]["role"] = "Changed"
    exported.write_text(json.dumps(document))
    result = coach("--data-dir", str(data_dir), "import", str(exported))
    assert result.returncode == 3
    assert "Conflict, kept as stored: person 'Sam [red]Lee[/]' (differs in: role)" in result.stdout


def test_import_refuses_a_bad_file_and_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    """Exit 1, one sentence, no traceback; the data file is byte for byte the same."""
    seed(data_dir)
    before = (data_dir / "coach.json").read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "somebody-else", "version": 1}')
    result = coach("--data-dir", str(data_dir), "import", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith("coach: ") and "not a coach export" in result.stderr
    missing = coach("--data-dir", str(data_dir), "import", str(tmp_path / "missing.json"))
    assert missing.returncode == 1 and "Could not read" in missing.stderr
    assert (data_dir / "coach.json").read_bytes() == before
    assert not (data_dir / "coach.journal").exists()
