"""`coach commitments` from the shell: the open commitments, plain or JSON, read fast."""

from __future__ import annotations

import json
from pathlib import Path

from coach.model import Commitment, Owner
from coach.storage.durable import DurableStorage
from coach.storage.layout import DATA_NAME, JOURNAL_NAME
from coach.store.store import Store
from coach.user_text import cells_wide
from tests.support.processes import coach, data, modules_after
from tests.support.review_data import seed


def test_commitments_plain_overdue_first(data_dir: Path) -> None:
    """Open ones only, overdue first, aligned, with a count; each with its REF."""
    seed(data_dir)
    store = Store.open(data_dir)
    store.commitments.add(
        Commitment("Call [bold]back\x1b[2J", Owner.THEM, "p-sam", due=None, id="a1b2c3d4")
    )
    store.close()
    result = data(data_dir, "commitments")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Ref    Due          Who   With             Commitment",
        "k-dra  2 days late  me    Zoë Ångström     Send the budget draft",
        "a1b2   no date      them  Sam [red]Lee[/]  Call [bold]back␛[2J",
        "",
        "2 open, 1 overdue.",
    ]


def test_commitments_line_up_whatever_the_width_of_the_characters(data_dir: Path) -> None:
    """A name in characters two cells wide: its row's commitment starts in the same
    column of the terminal as every other row's."""
    seed(data_dir)
    store = Store.open(data_dir)
    wang = store.people.add("王芳")
    store.commitments.add(Commitment("Share the notes", Owner.BOTH, wang.id, id="f00dcafe"))
    store.close()
    lines = data(data_dir, "commitments").stdout.splitlines()[:3]
    texts = ["Commitment", "Send the budget draft", "Share the notes"]
    starts = {cells_wide(line[: line.index(text)]) for line, text in zip(lines, texts, strict=True)}
    assert len(starts) == 1, lines
    assert lines[2].startswith("f00d   no date      both  王芳")


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
