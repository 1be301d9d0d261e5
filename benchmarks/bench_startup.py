"""Time to a usable dashboard and peak memory: fresh processes, coach against the floor.

    python -m benchmarks.bench_startup [SIZES...]      (default: 5000)

Each run starts a new Python process (benchmarks/startup_probe.py) that runs the
app headless at 80x24 and reports when its table shows rows.  coach and the
floor app (benchmarks/floor.py) take turns, so both see the same machine load.
Peak memory is the child's own peak resident set size (see startup_probe.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import HERE, compile_sources, demo_data, machine

RUNS = 11
TIMEOUT = 60  # seconds a start may take before it counts as hung (more with more data)
ROOT = HERE.parent


@dataclass
class Run:
    """One start of one app: seconds to the first screen and to rows, and peak memory."""

    painted: float
    usable: float
    peak_mb: float
    quit: float  # from pressing ctrl+q until the process has exited


@dataclass
class Startup:
    """Every run of coach and of the floor at one data size."""

    coach: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)


def start_once(which: str, directory: Path | None, patience: float = TIMEOUT) -> Run:
    """Start the probe for `which` and time it from before the process exists."""
    read_end, write_end = os.pipe()
    command = [sys.executable, "-m", "benchmarks.startup_probe", which, str(write_end)]
    if directory is not None:
        command.append(str(directory))
    started = time.perf_counter()
    child = subprocess.Popen(
        command, pass_fds=(write_end,), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    os.close(write_end)
    moments: dict[str, float] = {}
    peak_kb = 0
    # A child that hangs (say, another coach holds the data) is killed, not waited for.
    watchdog = threading.Timer(patience, child.kill)
    watchdog.start()
    try:
        with os.fdopen(read_end, "rb") as said:
            for line in said:
                word, *value = line.decode().split()
                if word == "peak":
                    peak_kb = int(value[0])
                else:
                    moments[word] = time.perf_counter() - started
        ended = time.perf_counter()  # the pipe closes as the process exits
    finally:
        watchdog.cancel()
    assert child.stderr is not None
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    child.wait()
    if "usable" not in moments or not peak_kb:
        raise RuntimeError(f"{which} never showed rows (exit {child.returncode}):\n{errors}")
    return Run(
        moments["painted"],
        moments["usable"],
        peak_kb / 1024,
        ended - started - moments["quitting"],
    )


def taking_turns(conversations: int, apps: tuple[str, ...], runs: int) -> dict[str, list[Run]]:
    """Starts of each app in `apps` (probe names), one after another, `runs` rounds; coach
    on a private copy of the demo data."""
    found: dict[str, list[Run]] = {name: [] for name in apps}
    compile_sources()
    patience = TIMEOUT + conversations / 500  # 100,000 conversations on a loaded machine
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        shutil.copytree(demo_data(conversations), directory)

        def start(name: str) -> Run:
            return start_once(name, directory if name == "coach" else None, patience)

        # Starts first: coach's takes the hourly backup, which the measured starts then
        # skip, and they warm the disk cache for every app alike.
        for _ in range(2):
            for name in apps:
                start(name)
        os.sync()  # the copy and the backup on disk, not written back during the starts
        for _ in range(runs):
            for name in apps:
                found[name].append(start(name))
    return found


def bench(conversations: int, runs: int = RUNS) -> Startup:
    """Alternate coach and floor starts on a private copy of the demo data."""
    found = taking_turns(conversations, ("floor", "coach"), runs)
    return Startup(coach=found["coach"], floor=found["floor"])


def main(sizes: list[int]) -> None:
    """Print the medians for each size."""
    from statistics import median

    print(f"Machine: {machine()}\n")
    for size in sizes:
        found = bench(size)
        for name, runs in (("floor", found.floor), ("coach", found.coach)):
            print(
                f"{size:>6} {name}: first screen {median(r.painted for r in runs) * 1000:.0f} ms, "
                f"rows {median(r.usable for r in runs) * 1000:.0f} ms, "
                f"peak {median(r.peak_mb for r in runs):.1f} MB"
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [5000])
