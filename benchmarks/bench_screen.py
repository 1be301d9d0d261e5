"""How much of coach's start beyond the floor is the shape of its screen.

    python -m benchmarks.bench_screen [RUNS] [SIZES...]   (default: 15 runs, 500 100000)

Three apps take turns, each a fresh process timed to the first frame showing rows
(benchmarks/startup_probe.py): the floor (one table), a second floor drawn like
coach's dashboard with fixed rows and none of coach's code
(benchmarks/floor_dashboard.py), and coach on a private copy of the demo data.
coach over the second floor is what coach itself adds: its modules, reading the
data, making its rows; the second floor over the first is the dashboard's shape.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_startup import TIMEOUT, start_once
from benchmarks.common import compile_sources, demo_data, machine, median_ms

APPS = ("floor", "floor-dashboard", "coach")


def bench(conversations: int, runs: int) -> dict[str, list[float]]:
    """Seconds to rows of each app, taking turns, on a private copy of the demo data."""
    found: dict[str, list[float]] = {name: [] for name in APPS}
    patience = TIMEOUT + conversations / 500
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        shutil.copytree(demo_data(conversations), directory)
        for name in APPS:  # coach's first start takes the hourly backup; all warm the cache
            start_once(name, directory if name == "coach" else None, patience)
        os.sync()
        for _ in range(runs):
            for name in APPS:
                run = start_once(name, directory if name == "coach" else None, patience)
                found[name].append(run.usable)
    return found


def main(runs: int, sizes: list[int]) -> None:
    """Print each app's median and the ratios, size by size."""
    compile_sources()
    print(f"Machine: {machine()}; {runs} starts of each app, taking turns\n")
    print(
        "| conversations | floor | dashboard-shaped floor | coach | coach / floor "
        "| shaped / floor | coach / shaped |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        found = bench(size, runs)
        floor, shaped, coach = (median_ms(found[name]) for name in APPS)
        print(
            f"| {size:,} | {floor:.0f} ms | {shaped:.0f} ms | {coach:.0f} ms "
            f"| {coach / floor:.2f}x | {shaped / floor:.2f}x | {coach / shaped:.2f}x |"
        )


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:]]
    main(numbers[0] if numbers else 15, numbers[1:] or [500, 100_000])
