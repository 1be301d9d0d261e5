"""Every benchmark in one run, written to benchmarks/RESULTS.md.

    python -m benchmarks [--sizes 500 5000 20000 100000] [--runs 11] [--output FILE]

Measures, on the demo data set at each size: the time to a usable dashboard, to
quit, and the peak memory of a fresh process against the floor app, a durable save
of one edit against stock TinyDB (up to 20,000 conversations: beyond, one stock
save takes seconds), full-text search, and `coach commitments`.  Takes a
few minutes; the demo data sets are made once and kept in benchmarks/.data/.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from benchmarks import bench_commitments, bench_startup, bench_store, search_figures
from benchmarks.common import HERE, demo_data
from benchmarks.report import Measured, write_report


def main() -> None:
    """Run everything and write the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000, 100000])
    parser.add_argument("--runs", type=int, default=bench_startup.RUNS, help="starts per app")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    started = time.monotonic()
    measured = Measured(sizes=args.sizes)
    for size in args.sizes:
        print(f"{size:,} conversations: making the demo data (once)…", flush=True)
        demo_data(size)
        print("  starting coach and the floor app in turn…", flush=True)
        measured.startup[size] = bench_startup.bench(size, args.runs)
        print("  saving, against stock TinyDB…", flush=True)
        measured.store[size] = bench_store.bench(size)
        print("  searching…", flush=True)
        measured.search[size] = search_figures.bench(size)
        print("  coach commitments…", flush=True)
        measured.commands[size] = bench_commitments.commands(size, beside=args.sizes[0])
        done = [measured_size for measured_size in args.sizes if measured_size in measured.commands]
        if len(done) > 1:  # written as each size is done, so a run cut short keeps its figures
            measured.minutes = (time.monotonic() - started) / 60
            write_report(replace(measured, sizes=done), args.output)
    measured.minutes = (time.monotonic() - started) / 60
    report = write_report(measured, args.output)
    print(report)
    print(f"Written to {args.output}.")


if __name__ == "__main__":
    main()
