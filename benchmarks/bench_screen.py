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

import sys

from benchmarks.bench_startup import taking_turns
from benchmarks.common import machine, median_ms

APPS = ("floor", "floor-dashboard", "coach")


def main(runs: int, sizes: list[int]) -> None:
    """Print each app's median and the ratios, size by size."""
    print(f"Machine: {machine()}; {runs} starts of each app, taking turns\n")
    print(
        "| conversations | floor | dashboard-shaped floor | coach | coach / floor "
        "| shaped / floor | coach / shaped |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        found = taking_turns(size, APPS, runs)
        floor, shaped, coach = (median_ms([run.usable for run in found[name]]) for name in APPS)
        print(
            f"| {size:,} | {floor:.0f} ms | {shaped:.0f} ms | {coach:.0f} ms "
            f"| {coach / floor:.2f}x | {shaped / floor:.2f}x | {coach / shaped:.2f}x |"
        )


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:]]
    main(numbers[0] if numbers else 15, numbers[1:] or [500, 100_000])
