"""Two coach processes saving to the same data at once: one at a time, told clearly, nothing lost.

Each process makes 500 saves, opening the data for each one as a script calling
coach would, and tries again when the other one has it.  Every refusal must be
the clear "in use" message (never a traceback), the two may never write at the
same time, and at the end all 1,000 commitments must be there, each once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from coach.store.store import Store

SAVES = 500

CHILD = textwrap.dedent(
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
