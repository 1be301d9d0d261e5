"""What encryption costs: unlocking, and opening, saving and searching sealed data against
the same data plain (issue 16: unlocking at most 0.5 s; the rest at most 1.15x).

    python -m benchmarks.bench_unlock [SIZES...]      (default: 5000 20000)

Each size's demo data set is copied twice, once left plain and once encrypted with
`coach encrypt`'s own conversion; then, taking turns so that both see the same
machine, each copy is:
- opened (the data file read, opened if sealed, parsed; the journal replayed), the
  store's `Store.open` as the app's first screen waits for it;
- saved to: an edit of a conversation's notes, appended to the journal (a sealed line)
  and flushed with fsync, 15 times a run;
- searched: the whole history read (every monthly part opened and parsed, as the
  review does when it opens) and the index built, then five searches.
The key is held beforehand, as after the passphrase: unlocking is timed on its own.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.common import demo_data, machine, median_ms, timed
from coach.guidance.library import builtin_guidance
from coach.review.search import build_index
from coach.storage import conversion, unlocking
from coach.storage.sealing import DataKey, KdfParameters, unwrap, wrap
from coach.store.store import Store

RUNS = 7
SAVES = 15  # a run: fsync's time varies with the disk's other work, so many are taken
PASSPHRASE = "correct horse battery staple"
QUERIES = ["budget", "career goals", "okafor migration", "design work", "priya"]


def bench_unlock(runs: int = RUNS) -> float:
    """Median milliseconds to open a key file with the passphrase (coach's own cost)."""
    key_file = wrap(DataKey.new(), PASSPHRASE, KdfParameters())
    return median_ms([timed(lambda: unwrap(key_file, PASSPHRASE)) for _ in range(runs)])


def _open(directory: Path) -> None:
    Store.open(directory, back_up=False).close()


def _saves(directory: Path, count: int = SAVES) -> list[float]:
    """Seconds each of `count` saves takes (after the first, which starts the journal)."""
    store = Store.open(directory, back_up=False)
    try:
        conversation = store.conversations.recent(1)[0]

        def save() -> None:
            words = {"outcome": f"Benchmark {os.urandom(4).hex()}"}
            store.conversations.set_notes(conversation.id, "objectives", words)

        save()
        return [timed(save) for _ in range(count)]
    finally:
        store.close()


def _search(directory: Path) -> None:
    store = Store.open(directory, back_up=False)
    try:
        store.read_everything()
        index = build_index(
            store.people.views(),
            store.conversations.views(),
            store.commitments.views(),
            builtin_guidance(),
        )
        for query in QUERIES:
            index.search(query)
    finally:
        store.close()


def bench_size(size: int, runs: int = RUNS) -> dict[str, tuple[float, float]]:
    """(plain, sealed) median milliseconds of opening, saving and searching at `size`."""
    scratch = Path(tempfile.mkdtemp(prefix="coach-bench-sealed-"))
    try:
        plain, sealed = scratch / "plain", scratch / "sealed"
        shutil.copytree(demo_data(size), plain)
        shutil.copytree(demo_data(size), sealed)
        conversion.encrypt(sealed, PASSPHRASE)
        figures: dict[str, tuple[list[float], list[float]]] = {
            "open": ([], []),
            "save": ([], []),
            "search": ([], []),
        }
        for _ in range(runs):
            for which, directory in enumerate((plain, sealed)):
                figures["open"][which].append(timed(partial(_open, directory)))
                figures["save"][which].extend(_saves(directory))
                figures["search"][which].append(timed(partial(_search, directory)))
        unlocking.let_go(sealed)
        return {name: (median_ms(a), median_ms(b)) for name, (a, b) in figures.items()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str]) -> None:
    """Print the figures."""
    sizes = [int(arg) for arg in argv] or [5000, 20000]
    print(f"{machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"unlock (scrypt N=2^16 r=8 p=1, then the data key unwrapped): {bench_unlock():.0f} ms")
    for size in sizes:
        found = bench_size(size)
        for name, (plain, sealed) in found.items():
            print(
                f"{size:>7,} conversations, {name:<6}: plain {plain:8.1f} ms, "
                f"sealed {sealed:8.1f} ms, {sealed / plain:.2f}x"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
