"""Pages that read their rows on a worker: the keys typed meanwhile, and what they say
when the history they need cannot be read.

The review and a person's page read the settled years (coach.store.placement) on a
worker the first time they are needed; if a part of them is damaged the data on
disk is left exactly as it is and the leader is told what to do, while the rest
of coach (the dashboard, preparing, live capture) goes on working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from coach.errors import StoreError
from coach.key_order import KeyOrder

# How long keys typed on a page wait for its first rows: long enough for a person's page
# (~0.2 s with 5,000 conversations, a busy machine twice that), short enough that with
# years of history (seconds) a key that needs no rows is not kept waiting long.  Escape
# never waits.
ROWS_PATIENCE = 1.0


def keys_wait_for_rows(screen: Screen[Any]) -> Callable[[], None]:
    """Keep the keys typed from now on waiting until `screen` shows its first rows (call
    the function returned then), ROWS_PATIENCE at most: so that Enter or a move typed
    right after opening the page acts on its rows, not on an empty table."""
    keys = getattr(screen.app, "key_order", None)
    if not isinstance(keys, KeyOrder):
        return lambda: None  # (an app without coach's key order: keys are not queued)
    return keys.hold_for(ROWS_PATIENCE, ended_by=("escape",))


def history_unreadable(screen: Screen[Any], error: StoreError) -> None:
    """Say, on `screen`, that the settled history could not be read, and what to do."""
    screen.notify(
        f"{error}\n\nThe rest of your data is fine and nothing has been changed. "
        "In a shell, `coach doctor` checks every part, and `coach doctor --restore` puts "
        "back the newest backup (after you quit coach).",
        title="Part of your history cannot be read",
        severity="error",
        markup=False,
        timeout=60,
    )
