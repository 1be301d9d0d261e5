"""One writer: a second coach is refused, naming the holder; nothing is lost either way.

Two coach processes saving to the same data at once: one at a time, told clearly.

Each process makes 500 saves, opening the data for each one as a script calling
coach would, and tries again when the other one has it.  Every refusal must be
the clear "in use" message (never a traceback), the two may never write at the
same time, and at the end all 1,000 commitments must be there, each once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coach.errors import DataInUseError, ReadOnlyError
from coach.store.store import Store
from tests.support.disk import commitment, disk, names, names_on_disk, opened
from tests.support.sealed import HOLD_TEST_KEY

# Every test here runs on plain data, then on data sealed with a passphrase's key.
pytestmark = pytest.mark.usefixtures("form")

SAVES = 500

CHILD = HOLD_TEST_KEY + textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from coach.errors import DataInUseError
    from coach.model import Commitment, Owner
    from coach.store.store import Store

    directory, name, person_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    count = int(sys.argv[4])
    print("ready", flush=True)
    input()  # both start together
    refusals = 0
    for number in range(count):
        while True:
            try:
                store = Store.open(directory)
            except DataInUseError as error:
                refusals += 1
                if refusals == 1:
                    print("told:", error, flush=True)
                time.sleep(0.001)
                continue
            try:
                store.commitments.add(Commitment(f"{name} {number}", Owner.ME, person_id))
            finally:
                store.close()
            break
    print("refusals:", refusals, flush=True)
    """
)


def test_two_processes_saving_at_once_lose_nothing(data_dir: Path) -> None:
    """500 saves each, contended: all 1,000 land, refusals are clear, no traceback."""
    store = Store.open(data_dir)
    person = store.people.add("Alex Kim")
    store.close()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir), name, person.id, str(SAVES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.close()
            child.stdin = None  # communicate() must not flush it again
        outputs = [child.communicate(timeout=300) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    said = ""
    for child, (out, errors) in zip(children, outputs, strict=True):
        assert child.returncode == 0, errors
        assert errors == "", errors  # no traceback, no warning
        said += out
    told = [line for line in said.splitlines() if line.startswith("told:")]
    assert told, "the two never wanted the data at the same moment"
    for line in told:
        assert f"The data in {data_dir} is in use by coach (" in line

    reader = Store.open(data_dir, read_only=True)
    try:
        texts = sorted(c.text for c in reader.commitments.find())
    finally:
        reader.close()
    expected = sorted(f"{name} {n}" for name in ("first", "second") for n in range(SAVES))
    assert texts == expected


def test_a_second_coach_is_told_who_has_the_data(data_dir: Path) -> None:
    """The command line names the process holding the data, in one line, without a traceback."""
    store = Store.open(data_dir)
    store.people.add("Alex Kim")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "demo"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        store.close()
    assert result.returncode == 1
    assert result.stderr.startswith(f"coach: The data in {data_dir} is in use by coach (process ")
    assert "Traceback" not in result.stderr
    reader = Store.open(data_dir, read_only=True)
    assert [p.name for p in reader.people.all()] == ["Alex Kim"]
    reader.close()


# -- one writer ---------------------------------------------------------------------------


def test_second_writer_is_refused_naming_the_holder(file_store: Store, data_dir: Path) -> None:
    """A second coach on the same data is told which process has it."""
    file_store.people.add("Ann")
    with pytest.raises(DataInUseError) as caught:
        Store.open(data_dir)
    assert str(os.getpid()) in str(caught.value)
    assert caught.value.holder.pid == os.getpid()
    file_store.people.add("Ben")  # the refused attempt did not disturb the writer
    assert names_on_disk(data_dir) == ["Ann", "Ben"]


def test_read_only_sees_the_data_and_refuses_writes(file_store: Store, data_dir: Path) -> None:
    """A read-only coach shows the data, refuses changes, and leaves the files alone."""
    file_store.people.add("Ann")
    file_store.people.add("Ben")
    before = disk(data_dir)
    reader = Store.open(data_dir, read_only=True)
    try:
        assert reader.read_only
        assert names(reader) == ["Ann", "Ben"]
        with pytest.raises(ReadOnlyError, match="read-only"):
            reader.people.add("Cy")
        ann = reader.people.named("Ann")
        assert ann is not None
        with pytest.raises(ReadOnlyError):
            reader.commitments.add(commitment("Call back", ann.id))
        assert names(reader) == ["Ann", "Ben"]
    finally:
        reader.close()
    assert disk(data_dir) == before
    file_store.people.add("Cy")  # the writer carries on
    assert names_on_disk(data_dir) == ["Ann", "Ben", "Cy"]


HOLD_THE_DATA = HOLD_TEST_KEY + textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from coach.store.store import Store

    store = Store.open(Path(sys.argv[1]))
    store.people.add("Held")
    print("ready", flush=True)
    time.sleep(120)
    """
)


def test_lock_of_a_killed_process_does_not_block(data_dir: Path) -> None:
    """While another coach runs it holds the data; once it is killed, coach opens at once."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_DATA, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line == b"ready\n", child.stderr.read() if child.stderr else line
        with pytest.raises(DataInUseError) as caught:
            Store.open(data_dir)
        assert f"process {child.pid}" in str(caught.value)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    with opened(data_dir) as store:
        assert names(store) == ["Held"]
