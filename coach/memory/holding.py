"""How the leader held their conversations, month by month: whether understanding was
checked (the summary played back) and confirmed, and the look-back ratings.

Read from stored views, so `coach report` gives the same figures as a person's page
without opening the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from coach.guidance.look_back import YES, rating_keys
from coach.memory.ledger import MONTHS, month_starts, sparkline
from coach.store.views import ConversationView


@dataclass
class HeldMonth:
    """One month: meetings held, understanding checked and confirmed, ratings given."""

    start: date
    held: int = 0
    checked: int = 0  # the summary was played back: confirmed, or a correction kept
    confirmed: int = 0
    # statement key -> [ratings given]
    ratings: dict[str, list[int]] = field(default_factory=dict)

    def yes_share(self, key: str) -> float | None:
        """The share of this month's ratings of `key` that were yes (None: none given)."""
        given = self.ratings.get(key, [])
        return sum(1 for rating in given if rating == YES) / len(given) if given else None


@dataclass
class Holding:
    """The last months one by one (oldest first), and their sum."""

    months: list[HeldMonth]

    @property
    def held(self) -> int:
        """Meetings held over the months."""
        return sum(month.held for month in self.months)

    @property
    def checked(self) -> int:
        """Of them, those whose summary was played back."""
        return sum(month.checked for month in self.months)

    @property
    def confirmed(self) -> int:
        """Of them, those whose summary they confirmed."""
        return sum(month.confirmed for month in self.months)

    def rated(self, key: str) -> tuple[int, int]:
        """(yes, ratings given) for one statement over the months."""
        given = [rating for month in self.months for rating in month.ratings.get(key, [])]
        return sum(1 for rating in given if rating == YES), len(given)

    def confirmed_trend(self) -> str:
        """A bar a month: the share of meetings held whose summary they confirmed."""
        return sparkline([m.confirmed / m.held if m.held else None for m in self.months])

    def yes_trend(self, key: str) -> str:
        """A bar a month: the share of a statement's ratings that were yes."""
        return sparkline([month.yes_share(key) for month in self.months])


def holding(
    conversations: Iterable[ConversationView], today: date, months: int = MONTHS
) -> Holding:
    """How the meetings held in the last `months` months (this one last) went."""
    result = Holding([HeldMonth(start) for start in month_starts(today, months)])
    by_month = {month.start: month for month in result.months}
    keys = set(rating_keys())
    for conversation in conversations:
        if not conversation.held:
            continue
        month = by_month.get(conversation.day.replace(day=1))
        if month is None:
            continue
        month.held += 1
        if conversation.summary_confirmed or conversation.correction:
            month.checked += 1
        if conversation.summary_confirmed:
            month.confirmed += 1
        for key, rating in conversation.look_back.items():
            if key in keys:
                month.ratings.setdefault(key, []).append(rating)
    return result


def described(found: Holding) -> list[str]:
    """The figures in words, a line each ([] when no meeting was held in the months)."""
    from coach.guidance.look_back import ratings

    if not found.held:
        return []
    meetings = f"{found.held} meeting{'s' if found.held != 1 else ''}"
    # One line at 80 columns: the months are those of the reliability line above it.
    lines = [
        f"Understanding checked {found.checked} of {meetings}, confirmed "
        f"{found.confirmed} · by month: {found.confirmed_trend()}"
    ]
    rated = []
    for rating in ratings():
        yes, given = found.rated(rating.key)
        if given:
            statement = rating.statement.rstrip(".")
            rated.append(f"{statement}: yes {yes} of {given} {found.yes_trend(rating.key)}")
    if rated:
        lines.append("Looking back: " + " · ".join(rated))
    return lines
