"""Python's cycle collector, paused while stored data is parsed.

Parsing JSON allocates hundreds of thousands of dicts and lists, none of them in a
cycle, so the collector can find nothing to free in them; yet every few hundred
allocations it walks the young objects, and as the heap grows it walks the whole of
it again. With the app's own objects in that heap (Textual's, in the tens of
thousands) that is most of what reading the data costs: at 5,000 conversations,
opening the store took 59-80 ms with the collector running and 35-47 without it;
reading 20,000 conversations' settled history took 500-900 ms, and 350 without
(benchmarks/RESULTS.md, "The collector").

Threads may parse at once (the review's reading beside a start's), so the pause is
counted: the collector runs again when the last parse ends, and only if it ran before
the first began.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


class _Pause:
    """How many parses are under way, and whether the collector ran before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.parsing = 0
        self.was_enabled = False


_pause = _Pause()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cycle collection until the block ends (however it ends)."""
    with _pause.lock:
        if _pause.parsing == 0:
            _pause.was_enabled = gc.isenabled()
            gc.disable()
        _pause.parsing += 1
    try:
        yield
    finally:
        with _pause.lock:
            _pause.parsing -= 1
            if _pause.parsing == 0 and _pause.was_enabled:
                gc.enable()


def keep_for_good() -> None:
    """Never walk what is in memory now again (what was just read lives as long as the
    process and holds no cycles: each full collection would walk all of it).

    Whatever cyclic garbage the process made while the collector was paused is kept
    too; that happens once per read of the history, so it is bounded by what a screen
    makes in those seconds.
    """
    gc.freeze()
