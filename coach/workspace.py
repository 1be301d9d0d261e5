"""What every screen works with: the store, the background writer, the guidance, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from coach.guidance.library import Guidance, builtin_guidance
from coach.model import now
from coach.store.store import Store
from coach.writer import Writer

# (The question rules are compiled, their module imported, after the dashboard is drawn.)
if TYPE_CHECKING:
    from coach.guidance.question_hints import QuestionRules
    from coach.review.search import SearchIndex


@dataclass
class Workspace:
    """Handed by the app to each screen, so no screen reaches for a global."""

    store: Store
    writer: Writer
    # Functions, not values: a session left open overnight must see the new day.
    today: Callable[[], date] = field(default=date.today)
    now: Callable[[], datetime] = field(default=now)  # the time, for the meeting's clock
    # coach's step guides and purposes, with the user's own content once the app has read it.
    guidance: Guidance = field(default_factory=builtin_guidance)
    # Whether weak questions get a hint (the user's setting; the palette turns it off or on).
    question_hints: bool = True
    # The review's search index, kept between visits so that coming back reads only the
    # conversations changed since (coach.review.search.build_index's `reuse`).
    search_index: SearchIndex | None = None

    @property
    def question_rules(self) -> QuestionRules | None:
        """The rules that recognise a weak question, or None while hints are turned off."""
        return self.guidance.question_rules if self.question_hints else None

    def close(self) -> None:
        """Finish every queued save, then release the data (when the app has stopped)."""
        self.writer.close(timeout=30)
        self.store.close()

    @property
    def read_only(self) -> bool:
        """Whether edits are refused because another coach holds the data."""
        return self.store.read_only
