"""Full-text search across every conversation, when coach has it (coach.search).

    python -m benchmarks.bench_search [SIZES...]      (default: 5000)

The search module is being built separately; until it exists this benchmark
prints a note and measures nothing.  It expects `coach.search.search(store,
text)`, and times the first search (which may build an index) apart from the
searches after it.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import demo_data, median_ms, timed
from coach.store import Store

RUNS = 5
# A common word, a rarer one, a name, a phrase, and a word found nowhere.
QUERIES = ["budget", "mentor", "Chloe", "next step", "zyzzyva"]


def search_function() -> Callable[[Store, str], Any] | None:
    """coach.search.search, or None (with a note saying why) when it is not there."""
    try:
        module = importlib.import_module("coach.search")
    except ImportError:
        print("search: coach.search does not exist yet, so the search row is left out.")
        return None
    found = getattr(module, "search", None)
    if not callable(found):
        print("search: coach.search has no search(store, text) function; row left out.")
        return None
    return found  # type: ignore[no-any-return]


def bench(conversations: int, runs: int = RUNS) -> dict[str, float] | None:
    """First search and the median of later ones, in milliseconds; None without search."""
    search = search_function()
    if search is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        shutil.copytree(demo_data(conversations), directory)
        store = Store.open(directory, read_only=True)
        try:
            first = timed(lambda: search(store, QUERIES[0]))
            later = [timed(partial(search, store, query)) for _ in range(runs) for query in QUERIES]
        except TypeError as error:
            print(f"search: coach.search.search(store, text) did not fit ({error}); row left out.")
            return None
        finally:
            store.close()
    return {"first search": first * 1000, "search": median_ms(later)}


if __name__ == "__main__":
    for size in [int(arg) for arg in sys.argv[1:]] or [5000]:
        print(size, bench(size))
