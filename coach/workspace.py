"""What every screen works with: the store, the background writer, and today's date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from coach.store.store import Store
from coach.writer import Writer


@dataclass
class Workspace:
    """Handed by the app to each screen, so no screen reaches for a global."""

    store: Store
    writer: Writer
    # A function, not a value: a session left open overnight must see the new day.
    today: Callable[[], date] = field(default=date.today)

    @property
    def read_only(self) -> bool:
        """Whether edits are refused because another coach holds the data."""
        return self.store.read_only
