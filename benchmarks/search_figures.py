"""Full-text search across every conversation, when coach has it (coach.review.search).

    python -m benchmarks.search_figures [SIZES...]      (default: 5000)

Full-text search is built separately; until coach.review.search exists this prints a
note and measures nothing.  It uses coach.review.search's `build_index(people,
conversations, commitments, guidance)` (views as from the store's shelves) and the
index's `search(text)`, and times building the index apart from the searches.
"""

from __future__ import annotations

import importlib
import sys
from functools import partial
from types import ModuleType

from benchmarks.common import demo_data, median_ms, timed
from benchmarks.search_before import build_scanning_index
from coach.guidance.library import builtin_guidance
from coach.store.store import Store

RUNS = 5
# A common word, a rarer one, a name, two words, and a word found nowhere.
QUERIES = ["budget", "mentor", "chloe", "next step", "zyzzyva"]


def search_module() -> ModuleType | None:
    """coach.review.search, or None (with a note saying why) when it is missing or does not fit."""
    try:
        module = importlib.import_module("coach.review.search")
    except ImportError:
        print("search: coach.review.search does not exist yet, so the search rows are left out.")
        return None
    if not callable(getattr(module, "build_index", None)):
        print("search: coach.review.search has no build_index(); the search rows are left out.")
        return None
    return module


def bench(conversations: int, runs: int = RUNS) -> dict[str, float] | None:
    """Index build and the median search, in milliseconds; None without coach.review.search."""
    search = search_module()
    if search is None:
        return None
    store = Store.open(demo_data(conversations), read_only=True)
    try:
        views = (store.people.views(), store.conversations.views(), store.commitments.views())
        tables = (*views, builtin_guidance())
    finally:
        store.close()
    figures: dict[str, float] = {}
    for name, build in (
        ("", partial(search.build_index, *tables)),
        (" (before the inverted index)", partial(build_scanning_index, *tables)),
    ):
        builds = [timed(build) for _ in range(3)]
        index = build()
        # A fresh query each time: the index may narrow a query that extends the last one.
        searches = []
        for _ in range(runs):
            for query in QUERIES:
                index.search("")
                searches.append(timed(partial(index.search, query)))
        figures |= {f"first search{name}": median_ms(builds), f"search{name}": median_ms(searches)}
    return figures


if __name__ == "__main__":
    for size in [int(arg) for arg in sys.argv[1:]] or [5000]:
        print(f"{size:,} conversations: {bench(size)}")
