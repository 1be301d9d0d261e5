"""Crash test: SIGKILL a writing coach at random moments; nothing acknowledged is lost.

A child process (tests/support/crash_child.py) opens the store and works through a
deterministic plan, printing "begin N" / "ack N" around each operation, with
compaction made frequent so that kills land in it too.  After each kill the
store must open, hold exactly the plan's result up to the last acknowledged
operation (or one more: the one in flight may or may not have landed), and
leave no temporary files behind.  One data directory is reused so the data
accumulates from kill to kill.

The run goes on until it has made COACH_CRASH_KILLS kills (default 100) and the
children have acknowledged COACH_CRASH_WRITES writes between them (default 300),
which CI runs in well under a minute; `COACH_CRASH_KILLS=1000
COACH_CRASH_WRITES=5000` is the long run.  COACH_CRASH_SEED sets the seed for
the plans and the kill moments, to reproduce a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.storage import unlocking
from coach.storage.layout import DATA_NAME, JOURNAL_NAME, PARTS_DIR
from coach.store.store import Store
from tests.support.crash_child import Operation, State, plan, replay, state_of
from tests.support.disk import temp_files
from tests.support.sealed import starts_sealed

# Every test here runs on plain data, then on data sealed with a passphrase's key.
pytestmark = pytest.mark.usefixtures("form")

KILLS = int(os.environ.get("COACH_CRASH_KILLS", "100"))
WRITES = int(os.environ.get("COACH_CRASH_WRITES", "300"))
SEED = int(os.environ.get("COACH_CRASH_SEED", "20261120"))
CHILD = Path(__file__).parents[1] / "support" / "crash_child.py"


@dataclass
class Killed:
    """What a killed child had said: the last operation begun and the last acknowledged."""

    begun: int
    acked: int
    finished: bool  # it ran out of work and closed before the kill


def run_and_kill(directory: Path, seed: int, rng: random.Random) -> Killed:
    """Start a child on `directory`, kill it at a random moment, and read what it said."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(directory), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        # Mostly kill while it works; sometimes while it opens (tidying what the last kill left).
        # While it works, the kill comes after a number of acknowledged writes and then a
        # moment more: counted in writes, not seconds, so that a loaded machine (two test
        # suites at once) kills as deep into the work as an idle one, compactions included.
        while_opening = rng.random() < 0.15
        cue = b"opening\n" if while_opening else f"ack {rng.randint(1, 40)}\n".encode()
        said: list[bytes] = []
        while not said or said[-1] != cue:
            line = child.stdout.readline()
            if not line:
                break
            said.append(line)
        time.sleep(rng.uniform(0, 0.005 if while_opening else 0.02))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        said += child.stdout.read().splitlines(keepends=True)
        errors = child.stderr.read().decode(errors="replace")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    words = [line.decode().split() for line in said if line.endswith(b"\n")]
    finished = ["done"] in words
    assert child.returncode == -signal.SIGKILL or finished, (
        f"the child failed on its own (exit {child.returncode}):\n{errors}"
    )
    begun = max((int(w[1]) for w in words if len(w) == 2 and w[0] == "begin"), default=0)
    acked = max((int(w[1]) for w in words if len(w) == 2 and w[0] == "ack"), default=0)
    return Killed(begun=begun, acked=acked, finished=finished)


def generation(directory: Path) -> int:
    """The data file's generation (-1 when there is none yet)."""
    path = directory / DATA_NAME
    if not path.exists():
        return -1
    found = json.loads(data_file(directory))["coach"]["generation"]
    assert isinstance(found, int)
    return found


def data_file(directory: Path) -> bytes:
    """The data file's bytes, opened if sealed (the test holds the key then)."""
    path = directory / DATA_NAME
    return unlocking.unseal(directory, path, path.read_bytes(), unlocking.DATA_ROLE)


def stale_journal(directory: Path) -> bool:
    """Whether the journal continues an older data file (a compaction was cut short)."""
    path = directory / JOURNAL_NAME
    if not path.exists() or b"\n" not in path.read_bytes():
        return False
    first = path.read_bytes().split(b"\n", 1)[0]
    return bool(json.loads(first[9:])["journal_for"] < generation(directory))


def part_files(directory: Path) -> tuple[set[str], set[str]]:
    """The part files the data file names, and those on disk (temporary ones included)."""
    folder = directory / PARTS_DIR
    on_disk = {path.name for path in folder.iterdir()} if folder.is_dir() else set()
    if not (directory / DATA_NAME).exists():
        return set(), on_disk
    named = json.loads(data_file(directory)).get("parts", {})
    return {entry["file"] for entry in named.values()}, on_disk


def torn_journal(directory: Path) -> bool:
    """Whether the journal ends in the middle of a line."""
    path = directory / JOURNAL_NAME
    return path.exists() and not path.read_bytes().endswith(b"\n")


def describe_difference(found: State, wanted: State) -> str:
    """What differs between two states, briefly."""
    lines = []
    for name in ("people", "commitments"):
        have, want = getattr(found, name), getattr(wanted, name)
        missing = sorted(set(want) - set(have))
        extra = sorted(set(have) - set(want))
        changed = sorted(k for k in set(have) & set(want) if have[k] != want[k])
        lines.append(f"{name}: missing {missing[:5]}, extra {extra[:5]}, changed {changed[:5]}")
    return "; ".join(lines)


def test_nothing_acknowledged_is_lost_when_killed(tmp_path: Path, form: str) -> None:
    """After each SIGKILL the store opens, holds every acknowledged change, and leaves no temp."""
    directory = tmp_path / "data"
    rng = random.Random(SEED)
    state = State()
    compacted_runs = 0  # runs in which the child rewrote the data file itself
    temps_left = 0  # kills that left a temporary file for the next open to clear
    stale_left = 0  # kills between a compaction's rename and its removal of the journal
    torn_left = 0  # kills in the middle of writing a journal line
    parts_left = 0  # kills between writing a fold's new parts and the data file naming them
    settled = 0  # kills after which some of the history was in parts
    acknowledged = 0  # writes the children were told had landed, over all kills
    sizes: list[int] = []  # the data file's size after each kill
    started = time.monotonic()
    kill = 0
    # Sealed, half as many: the sealing adds no moment to kill in that plain data lacks
    # (a line or a file is sealed whole before it is written), and the suite has a budget.
    kills, writes = (KILLS, WRITES) if form == "plain" else (KILLS // 2, WRITES // 2)
    while kill < kills or acknowledged < writes:
        kill += 1
        seed = SEED * 1000 + kill
        before = generation(directory)
        killed = run_and_kill(directory, seed, rng)
        acknowledged += killed.acked
        context = f"kill {kill} (COACH_CRASH_SEED={SEED}, child seed {seed}), {killed}"
        compacted_runs += generation(directory) > max(before, 0)
        temps_left += bool(temp_files(directory))
        stale_left += stale_journal(directory)
        torn_left += torn_journal(directory)
        named, on_disk = part_files(directory)
        assert named <= on_disk, f"{context}: the data file names parts that are not there"
        parts_left += bool(on_disk - named)
        settled += bool(named)

        operations: list[Operation] = plan(seed, state) if killed.begun else []
        allowed = [replay(state, operations[: killed.acked])]
        if killed.begun > killed.acked:  # the one in flight may or may not have landed
            allowed.append(replay(state, operations[: killed.begun]))

        reader = Store.open(directory, read_only=True)
        try:
            seen_read_only = state_of(reader)
        finally:
            reader.close()
        store = Store.open(directory)
        try:
            found = state_of(store)
            assert temp_files(directory) == [], f"{context}: temporary files left after open"
            named, on_disk = part_files(directory)
            assert on_disk == named, f"{context}: part files no data file names: {on_disk - named}"
        finally:
            store.close()
        assert found in allowed, (
            f"{context}: the store does not match the acknowledged operations: "
            + describe_difference(found, allowed[-1])
        )
        assert seen_read_only == found, f"{context}: a read-only open saw something else"
        state = found
        if (directory / DATA_NAME).exists():
            sizes.append((directory / DATA_NAME).stat().st_size)

    elapsed = time.monotonic() - started
    grew = sum(later > earlier for earlier, later in itertools.pairwise(sizes))
    shrank = sum(later < earlier for earlier, later in itertools.pairwise(sizes))
    print(
        f"{kill} kills and {acknowledged} acknowledged writes in {elapsed:.1f}s; the data "
        f"file grew after {grew} kills and shrank after {shrank} "
        f"({min(sizes, default=0):,} to {max(sizes, default=0):,} bytes); "
        f"{len(state.people)} people and "
        f"{len(state.commitments)} commitments at the end; the child compacted in "
        f"{compacted_runs} runs; {temps_left} kills left a temporary file, "
        f"{stale_left} a stale journal, {torn_left} a torn journal line, {parts_left} parts "
        f"not yet named; the history was in parts after {settled} kills"
    )
    assert state.people and state.commitments, "the children never got any work done"
    assert compacted_runs >= kill // 10, "compaction was too rare to be interrupted"
    assert acknowledged >= writes
    assert grew and shrank, "the data file should both grow and shrink over the run"
    assert settled >= kill // 2, "the settled history should have been in parts most of the run"
    assert parts_left, "no kill landed between a fold's new parts and its data file"
    sealed = [starts_sealed(path.read_bytes()) for path in directory.rglob("*.json")]
    assert sealed and all(sealed) == (form == "sealed"), "not every file was in the form tested"
