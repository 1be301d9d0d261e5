"""`coach export`, `coach import` and `coach commitments` from the shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.model import Commitment, Owner
from coach.storage.durable import DurableStorage
from coach.storage.layout import DATA_NAME, JOURNAL_NAME
from coach.store.store import Store
from tests.core.test_import_hygiene import modules_after
from tests.support.review_data import MARKUP, seed


def coach(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "coach",
            *args,
            *(["--today", "2026-11-20"] if "import" not in args else []),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )


def data(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return coach("--data-dir", str(directory), *args)


# -- export ---------------------------------------------------------------------------


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
    assert "\\[bold\\]Read\\[/\\] the \\[@click=app.quit\\]contract" in sam.stdout
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


# -- import ---------------------------------------------------------------------------


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


# -- commitments ----------------------------------------------------------------------


def test_commitments_plain_overdue_first(data_dir: Path) -> None:
    """Open ones only, overdue first, aligned, with a count."""
    seed(data_dir)
    store = Store.open(data_dir)
    store.commitments.add(Commitment("Call [bold]back\x1b[2J", Owner.THEM, "p-sam", due=None))
    store.close()
    result = data(data_dir, "commitments")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Due          Who   With             Commitment",
        "2 days late  me    Zoë Ångström     Send the budget draft",
        "no date      them  Sam [red]Lee[/]  Call [bold]back␛[2J",
        "",
        "2 open, 1 overdue.",
    ]


def test_commitments_filters_and_json(data_dir: Path) -> None:
    """--person, --owner, --overdue narrow; --json is for scripts."""
    seed(data_dir)
    listed = json.loads(data(data_dir, "commitments", "--json", "--person", "ZOE").stdout)
    assert [(c["id"], c["person"], c["overdue"], c["due"]) for c in listed] == [
        ("k-draft", "Zoë Ångström", True, "2026-11-18"),
    ]
    assert json.loads(data(data_dir, "commitments", "--json", "--owner", "them").stdout) == []
    assert len(json.loads(data(data_dir, "commitments", "--json", "--overdue").stdout)) == 1
    none = data(data_dir, "commitments", "--owner", "both")
    assert none.stdout == "No open commitments match.\n"


def test_commitments_see_changes_not_yet_folded_into_the_data_file(data_dir: Path) -> None:
    """While the app has the data open, a new commitment in its journal is listed."""
    seed(data_dir)
    store = Store.open(data_dir)  # holds the lock, like a running app
    try:
        store.commitments.add(Commitment("Fresh promise", Owner.ME, "p-sam", due=None))
        assert (data_dir / JOURNAL_NAME).exists()
        result = data(data_dir, "commitments")
        assert "Fresh promise" in result.stdout
    finally:
        store.close()


def test_commitments_reads_the_files_the_storage_writes(data_dir: Path) -> None:
    """The command reads the files DurableStorage writes: both take their names from
    coach.storage.layout (the command without importing the storage, which brings TinyDB)."""
    storage = DurableStorage(data_dir)
    assert (storage.path, storage.journal_path) == (data_dir / DATA_NAME, data_dir / JOURNAL_NAME)


def test_commitments_imports_neither_textual_nor_tinydb(data_dir: Path) -> None:
    """Fast enough for a shell prompt: no Textual, no TinyDB."""
    seed(data_dir)
    loaded = modules_after(
        f"from coach.cli import main\nmain(['--data-dir', {str(data_dir)!r}, 'commitments'])"
    )
    assert "coach.commands.commitments" in loaded
    assert "textual" not in loaded and "tinydb" not in loaded


def test_commitments_on_a_damaged_file_says_so(tmp_path: Path) -> None:
    """One sentence, exit 1, the file untouched."""
    (tmp_path / "coach.json").write_text("{broken")
    result = coach("--data-dir", str(tmp_path), "commitments")
    assert result.returncode == 1 and "cannot be read" in result.stderr
    assert (tmp_path / "coach.json").read_text() == "{broken"
