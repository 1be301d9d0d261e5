"""`coach commitments` against a bare Python that only parses the same data file.

    python -m benchmarks.bench_commitments [CONVERSATIONS]      (default: 5000)

Both are run as new processes, alternately, several times; the figures are
medians of wall-clock time.  coach is run as a person types it, `coach
commitments`, finding its data in the platform's place (XDG_DATA_HOME points
at a copy of the demo data).  The bar: coach takes at most 1.5 times as long.
`coach commitments --due` (for a shell prompt) and `coach report` are timed the
same way.
A second round adds a journal of 100 changes (as while the app is open), which
coach must replay and the bare parse does not.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import TODAY, demo_data, machine, median_ms
from coach.model import Commitment, Owner
from coach.store.store import Store

RUNS = 21


def command() -> list[str]:
    """The installed `coach` beside this Python, else `python -m coach`."""
    script = Path(sys.executable).with_name("coach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coach"]


def race(directory: Path, *args: str) -> tuple[float, float]:
    """Median seconds of `coach commitments ARGS` and of the bare parse, run alternately."""
    assert directory.name == "coach"
    environment = {**os.environ, "XDG_DATA_HOME": str(directory.parent)}
    environment.pop("COACH_DATA_DIR", None)
    coach = [*command(), *(args or ("commitments",))]
    bare = [
        sys.executable,
        "-c",
        f"import json; json.load(open({str(directory / 'coach.json')!r}))",
    ]
    times: dict[str, list[float]] = {"coach": [], "bare": []}
    for _ in range(RUNS):
        for name, argv in (("coach", coach), ("bare", bare)):
            started = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, env=environment)
            times[name].append(time.perf_counter() - started)
    return median_ms(times["coach"]), median_ms(times["bare"])


NAMES = ("commitments", "commitments --due")
BESIDE = " beside"  # the same command on the smallest data, run in turn with it
RATIO = " ratio"  # the median of each turn's ratio of the two


def commands(conversations: int, runs: int = 21, beside: int | None = None) -> dict[str, float]:
    """Median ms of `coach commitments` and `coach commitments --due` on a copy of the data;
    with `beside`, also on a copy of that size's, the two taking turns (name + BESIDE), so
    that a ratio of the two is not a machine that slowed down between sizes, and the
    median of each turn's ratio (name + RATIO): on a shared machine whose speed wanders
    within a run, two runs side by side are slowed alike, where the ratio of two medians
    moved by a tenth between runs."""
    sizes = [conversations] if beside in (None, conversations) else [conversations, beside]
    found: dict[tuple[int, str], list[float]] = {(s, name): [] for s in sizes for name in NAMES}
    with tempfile.TemporaryDirectory() as scratch:
        environments = {}
        for size in sizes:
            directory = Path(scratch) / str(size) / "coach"
            shutil.copytree(demo_data(size), directory)
            environments[size] = {**os.environ, "XDG_DATA_HOME": str(directory.parent)}
            environments[size].pop("COACH_DATA_DIR", None)
        # The copy (hundreds of MB at 100,000) is written back to disk first: otherwise the
        # kernel's writeback runs during the timed commands, and only at the largest size.
        os.sync()
        for turn in range(runs):
            for name in NAMES:
                for size in sizes if turn % 2 == 0 else sizes[::-1]:  # which goes first, too
                    argv = [*command(), *name.split()]
                    started = time.perf_counter()
                    subprocess.run(
                        argv, stdout=subprocess.DEVNULL, check=True, env=environments[size]
                    )
                    found[(size, name)].append(time.perf_counter() - started)
    figures = {
        name + ("" if size == conversations else BESIDE): median_ms(times)
        for (size, name), times in found.items()
    }
    if beside is not None and beside != conversations:
        for name in NAMES:
            turns = zip(found[(conversations, name)], found[(beside, name)], strict=True)
            figures[name + RATIO] = statistics.median(mine / theirs for mine, theirs in turns)
    return figures


def main(conversations: int) -> None:
    """Print a Markdown table of the figures."""
    source = demo_data(conversations)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "coach"  # $XDG_DATA_HOME/coach
        shutil.copytree(source, directory)
        size = (directory / "coach.json").stat().st_size / 1e6
        rows.append(("data file only", *race(directory)))
        rows.append(("`--due`, data file only", *race(directory, "commitments", "--due")))
        rows.append(("`coach report`, data file only", *race(directory, "report")))
        # The app open meanwhile, with 100 changes in its journal not yet folded in.
        store = Store.open(directory)
        try:
            person = store.people.all()[0]
            for number in range(100):
                store.commitments.add(Commitment(f"Follow up {number}", Owner.ME, person.id))
            rows.append(("data file + journal of 100 changes", *race(directory)))
        finally:
            store.close()
    print(
        f"Machine: {machine()}; demo data as of {TODAY}, {conversations:,} conversations, "
        f"{size:.1f} MB; medians of {RUNS} alternating runs.\n"
    )
    print("| data | coach commitments | bare json.load | ratio |\n| --- | --- | --- | --- |")
    for name, coach, bare in rows:
        print(f"| {name} | {coach:.0f} ms | {bare:.0f} ms | {coach / bare:.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
