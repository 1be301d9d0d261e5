"""Looking at a data directory the way a second coach, or a person, would: for the storage tests.

What is on disk is read back by opening another (read-only) store on the directory,
or byte for byte; a crash is a copy of the directory taken while the store is open,
since everything acknowledged must already be in those files.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from coach.model import Commitment, Owner
from coach.storage import layout
from coach.store.store import Store

DATA = layout.DATA_NAME
JOURNAL = layout.JOURNAL_NAME


def names(store: Store) -> list[str]:
    """Everyone's name, in the store's order (by name)."""
    return [person.name for person in store.people.all()]


def names_on_disk(directory: Path) -> list[str]:
    """The names a second coach opening `directory` read-only would see."""
    reader = Store.open(directory, read_only=True)
    try:
        return names(reader)
    finally:
        reader.close()


def disk(directory: Path) -> dict[str, bytes | None]:
    """The data file and the journal, byte for byte (None when absent)."""
    return {
        name: (directory / name).read_bytes() if (directory / name).exists() else None
        for name in (DATA, JOURNAL)
    }


def temp_files(directory: Path) -> list[str]:
    """Temporary files left in `directory` itself (those of the data file and the journal)."""
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".tmp"))


def temp_files_anywhere(directory: Path) -> list[str]:
    """Temporary files anywhere under the data directory (backups included)."""
    return sorted(path.name for path in directory.rglob("*.tmp"))


def header(directory: Path) -> dict[str, Any]:
    """The data file's header."""
    document = json.loads((directory / DATA).read_bytes())
    assert isinstance(document, dict)
    found = document["coach"]
    assert isinstance(found, dict)
    return found


def stored_tables(directory: Path) -> dict[str, Any]:
    """The tables written in the data file itself, its later section's records with the
    rest (not counting the journal)."""
    document = json.loads((directory / DATA).read_bytes())
    assert isinstance(document, dict)
    tables = document["tables"]
    assert isinstance(tables, dict)
    for name, table in document.get("later", {}).items():
        tables.setdefault(name, {}).update(table)
    return tables


def journal_lines(directory: Path) -> int:
    """How many lines the journal holds (0 when there is none)."""
    path = directory / JOURNAL
    return path.read_bytes().count(b"\n") if path.exists() else 0


def mode(path: Path) -> int:
    """The permission bits of `path`."""
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def opened(directory: Path) -> Iterator[Store]:
    """A writable store on `directory`, closed afterwards."""
    store = Store.open(directory)
    try:
        yield store
    finally:
        store.close()


def data_file_with(tmp_path: Path, *people: str) -> bytes:
    """The bytes of a data file holding these people, made by coach itself."""
    scratch = tmp_path / ("scratch-" + "-".join(people))
    with opened(scratch) as store:
        for name in people:
            store.people.add(name)
    return (scratch / DATA).read_bytes()


def crashed_copy(tmp_path: Path, *people: str) -> Path:
    """A data directory as a coach killed after adding `people` would leave it.

    The first person creates the data file; the rest go to the journal.
    """
    live = tmp_path / "live"
    crashed = tmp_path / "crashed"
    with opened(live) as store:
        for name in people:
            store.people.add(name)
        shutil.copytree(live, crashed)
    assert (crashed / JOURNAL).exists()
    return crashed


def failing(code: int, message: str) -> Callable[..., Any]:
    """A stand-in for an os function that fails with this error."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, message)

    return fail


def commitment(text: str, person_id: str) -> Commitment:
    """A commitment of mine to someone."""
    return Commitment(text=text, owner=Owner.ME, person_id=person_id)


STAGES = ["first-write", "new-journal", "append"]


def store_at(stage: str, directory: Path) -> Store:
    """An open store about to make its first write, start its journal, or append to it."""
    store = Store.open(directory)
    if stage != "first-write":
        store.people.add("Ann")
    if stage == "append":
        store.people.add("Ben")
    assert (directory / DATA).exists() == (stage != "first-write")
    assert (directory / JOURNAL).exists() == (stage == "append")
    return store
