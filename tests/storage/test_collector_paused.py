"""Reading the data pauses Python's cycle collector (coach.storage.collector), and
always lets it run again: a start, the settled history read for the review, a shell
command, a damaged file, and two threads reading at once."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coach.demo import sample
from coach.errors import CorruptDataError
from coach.storage import collector, datafile, parts
from coach.storage.layout import DATA_NAME
from coach.storage.loading import read_tables
from coach.store.store import Store


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Three years of conversations, most of them settled in monthly parts."""
    directory = tmp_path / "data"
    store = Store.open(directory)
    sample.fill(store, people=4, conversations=120, seed=3, today=date.today(), years=3)
    store.close()
    return directory


@pytest.fixture
def collecting() -> Iterator[None]:
    """The collector running, as in coach; and running again after the test, over
    everything (what was read is kept for good: not for the next test)."""
    gc.enable()
    yield
    gc.enable()
    gc.unfreeze()


@pytest.fixture
def seen_while_parsing(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was running, at each part parsed."""
    seen: list[bool] = []
    read = parts.read

    def noting(directory: Path, ref: parts.PartRef) -> dict[str, dict[str, object]]:
        seen.append(gc.isenabled())
        return read(directory, ref)

    monkeypatch.setattr(parts, "read", noting)
    return seen


@pytest.mark.usefixtures("collecting")
def test_opening_the_store_parses_with_the_collector_paused(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    as_written = datafile.as_written

    def noting(path: Path, raw: bytes, **how: Any) -> datafile.Snapshot | None:
        seen.append(gc.isenabled())
        return as_written(path, raw, **how)

    monkeypatch.setattr(datafile, "as_written", noting)
    store = Store.open(history)
    store.close()
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_reading_the_settled_history_pauses_the_collector_then_resumes_it(
    history: Path, seen_while_parsing: list[bool]
) -> None:
    store = Store.open(history)
    try:
        assert gc.isenabled()
        store.read_everything()
        assert seen_while_parsing, "the fixture's history has settled parts"
        assert not any(seen_while_parsing)
        assert gc.isenabled()
        assert store.everything_read
    finally:
        store.close()


@pytest.mark.usefixtures("collecting")
def test_a_shell_command_reading_everything_pauses_it_too(
    history: Path, seen_while_parsing: list[bool]
) -> None:
    tables = read_tables(history)
    assert tables["conversations"]
    assert seen_while_parsing and not any(seen_while_parsing)
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_a_damaged_data_file_leaves_the_collector_running(history: Path) -> None:
    (history / DATA_NAME).write_bytes(b'{"coach": {"format": "coach-data", "tabl')
    with pytest.raises(CorruptDataError):
        Store.open(history)
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_the_collector_waits_for_the_last_of_two_threads_reading() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with collector.paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with collector.paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first ended"] = gc.isenabled()
        seen["after both"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first ended": False, "after both": True}


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
