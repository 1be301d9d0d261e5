"""Every I/O call of a save failing in turn, once and for good: the data is the old or the new.

For each kind of save (the first, the one that starts the journal, an append, a
compaction, closing, opening) the calls it makes to open, write, fsync (of files
and of the directory), replace and ftruncate are recorded.  Then the save is
repeated once per call with that call failing, either once or from then on.
Whatever fails, coach must report it as a StoreError (never another error), the
files must hold exactly the state before the save or after it (the old one when
the save was reported as failed, since the user was told so), memory must agree
with the files, a retry must work once the fault is gone, and the next start
must find no temporary files.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coach.errors import StoreError
from coach.storage import durable as storage
from coach.store.store import Store
from tests.support.disk import names, names_on_disk, temp_files_anywhere

# Every test here runs on plain data, then on data sealed with a passphrase's key.
pytestmark = pytest.mark.usefixtures("form")

KINDS = ("open", "write", "fsync", "fsync-dir", "replace", "ftruncate")


def _is_dir(fd: int) -> bool:
    try:
        return stat.S_ISDIR(os.fstat(fd).st_mode)
    except OSError:
        return False


@dataclass
class Faults:
    """Stands in for the os functions: counts their calls and fails the chosen one."""

    fail_at: int = -1  # the number of the call to fail (-1: none)
    for_good: bool = False  # also fail every later call of the same kind
    calls: list[str] = field(default_factory=list)
    failed_kind: str = ""

    def check(self, kind: str, what: object) -> None:
        """Count a call; raise EIO if it is the one to fail."""
        number = len(self.calls)
        self.calls.append(f"{kind} {what}")
        if number == self.fail_at or (self.for_good and kind == self.failed_kind):
            self.failed_kind = kind
            raise OSError(errno.EIO, "Input/output error")

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Route os.open, write, fsync, replace and ftruncate through `check`."""
        real = {name: getattr(os, name) for name in ("open", "write", "fsync", "replace")}
        real["ftruncate"] = os.ftruncate

        def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            self.check("open", Path(path).name)
            return int(real["open"](path, flags, *args, **kwargs))

        def fake_write(fd: int, data: Any) -> int:
            self.check("write", fd)
            return int(real["write"](fd, data))

        def fake_fsync(fd: int) -> None:
            self.check("fsync-dir" if _is_dir(fd) else "fsync", fd)
            real["fsync"](fd)

        def fake_replace(source: Any, target: Any, **kwargs: Any) -> None:
            self.check("replace", Path(target).name)
            real["replace"](source, target, **kwargs)

        def fake_ftruncate(fd: int, length: int) -> None:
            self.check("ftruncate", fd)
            real["ftruncate"](fd, length)

        fakes: dict[str, Callable[..., Any]] = {
            "open": fake_open,
            "write": fake_write,
            "fsync": fake_fsync,
            "replace": fake_replace,
            "ftruncate": fake_ftruncate,
        }
        for name, fake in fakes.items():
            setattr(os, name, fake)
        try:
            yield
        finally:
            for name, function in real.items():
                setattr(os, name, function)


# -- the saves ------------------------------------------------------------------------------


@dataclass
class Save:
    """A kind of save: how to get to it, what it does, and the names before and after."""

    prepare: Callable[[Path], Store | None]
    act: Callable[[Store | None, Path], Store | None]
    before: list[str]
    after: list[str]


def prepared(*people: str, role: str = "") -> Callable[[Path], Store]:
    """A store that has saved these people (the first makes the data file)."""

    def prepare(directory: Path) -> Store:
        store = Store.open(directory)
        for name in people:
            store.people.add(name, role=role)
        return store

    return prepare


def adding(name: str, role: str = "") -> Callable[[Store | None, Path], Store | None]:
    """The save: add one person."""

    def act(store: Store | None, directory: Path) -> Store | None:
        assert store is not None
        store.people.add(name, role=role)
        return store

    return act


def closing(store: Store | None, directory: Path) -> None:
    """The save: close, folding the journal into the data file."""
    assert store is not None
    store.close()


def crashed_with_journal(directory: Path) -> Store | None:
    """Files as a coach killed with changes in its journal leaves them (no backup yet)."""
    live = directory.with_name(directory.name + "-live")
    store = prepared("Ann", "Ben")(live)
    shutil.copytree(live, directory)
    store.close()
    return None  # opening is the save under test
    return None  # opening is the save under test


def opening(store: Store | None, directory: Path) -> Store:
    """The save: opening, which backs up, tidies and compacts what a crash left."""
    return Store.open(directory)


SAVES = {
    "first-save": Save(prepared(), adding("Ann"), [], ["Ann"]),
    "start-journal": Save(prepared("Ann"), adding("Ben"), ["Ann"], ["Ann", "Ben"]),
    "append": Save(prepared("Ann", "Ben"), adding("Cy"), ["Ann", "Ben"], ["Ann", "Ben", "Cy"]),
    "compaction": Save(
        prepared("Ann", "Ben"), adding("Cy", "x" * 3000), ["Ann", "Ben"], ["Ann", "Ben", "Cy"]
    ),
    "close": Save(prepared("Ann", "Ben"), closing, ["Ann", "Ben"], ["Ann", "Ben"]),
    "open": Save(crashed_with_journal, opening, ["Ann", "Ben"], ["Ann", "Ben"]),
}


def calls_made(save: Save, directory: Path) -> list[str]:
    """The I/O calls the save makes when nothing fails."""
    store = save.prepare(directory)
    faults = Faults()
    with faults.installed():
        store = save.act(store, directory)
    if store is not None:
        store.close()
    assert names_on_disk(directory) == save.after
    return faults.calls


@pytest.fixture(autouse=True)
def small_compactions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compact as soon as the journal outgrows the data file (the compaction save)."""
    monkeypatch.setattr(storage, "COMPACT_AT_LEAST", 2048)


@pytest.mark.parametrize("name", list(SAVES))
def test_every_io_call_failing_leaves_the_old_or_the_new_data(tmp_path: Path, name: str) -> None:
    """Fail each call in turn, once and for good: never a mix, never a lie, always retryable."""
    save = SAVES[name]
    calls = calls_made(save, tmp_path / "recorded")
    kinds = {call.split()[0] for call in calls}
    assert kinds >= {"write", "fsync"}, calls
    for number, call in enumerate(calls):
        for for_good in (False, True):
            directory = tmp_path / f"{number}-{'for-good' if for_good else 'once'}"
            context = f"{name}: call {number} ({call}) failing {'for good' if for_good else 'once'}"
            check_one_fault(save, directory, Faults(fail_at=number, for_good=for_good), context)


def check_one_fault(save: Save, directory: Path, faults: Faults, context: str) -> None:
    """Run the save under `faults` and check what it left."""
    store = save.prepare(directory)
    failed: StoreError | None = None
    with faults.installed():
        try:
            store = save.act(store, directory)
        except StoreError as error:
            failed = error
        except Exception as error:
            pytest.fail(f"{context}: {type(error).__name__} instead of a StoreError: {error}")
    expected = save.before if failed else save.after
    if save.act is opening and failed:
        store = None  # the open failed: there is no store
    assert names_on_disk(directory) == expected, f"{context}: the files hold neither old nor new"
    if failed:
        assert str(failed).startswith(("Could not", "The data file")), context
    if store is not None and save.act is not closing:
        assert names(store) == names_on_disk(directory), f"{context}: memory and disk disagree"
        if failed:
            store = save.act(store, directory)  # the fault is gone: the same save goes through
            assert names_on_disk(directory) == save.after, f"{context}: the retry was not saved"
        assert store is not None
        store.close()
    elif failed:
        store = save.act(store, directory)  # reopening works once the fault is gone
        if store is not None:
            store.close()
    reopened = Store.open(directory)
    try:
        assert names(reopened) == save.after, f"{context}: the retry did not last"
        assert temp_files_anywhere(directory) == [], (
            f"{context}: temporary files left after a start"
        )
    finally:
        reopened.close()


def test_a_change_reported_unsaved_never_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal line that could be neither flushed nor taken back is never applied later.

    The line is written, fsync fails, and cutting it off fails too: the user is told
    the change was not saved, so it must not appear after the next save and a crash.
    """
    directory = tmp_path / "data"
    store = prepared("Ann", "Ben")(directory)
    real_fsync, real_ftruncate = os.fsync, os.ftruncate
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", _failing)
        patch.setattr(os, "ftruncate", _failing)
        with pytest.raises(StoreError, match="Could not save"):
            store.people.add("Dee")
    assert (os.fsync, os.ftruncate) == (real_fsync, real_ftruncate)
    assert names(store) == ["Ann", "Ben"]
    store.people.add("Eve")  # the disk works again
    crashed = tmp_path / "crashed"
    shutil.copytree(directory, crashed)  # as if killed now, before closing
    store.close()
    for copy in (crashed, directory):
        assert names_on_disk(copy) == ["Ann", "Ben", "Eve"], copy.name


def _failing(*args: Any) -> None:
    raise OSError(errno.EIO, "Input/output error")
