"""What a screen says when the history it needs cannot be read.

The review and a person's page read the settled years (coach.store.placement) on a
worker the first time they are needed; if a part of them is damaged the data on
disk is left exactly as it is and the leader is told what to do, while the rest
of coach (the dashboard, preparing, live capture) goes on working.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from coach.errors import StoreError


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
