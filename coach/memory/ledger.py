"""The reliability ledger: how often I keep my commitments on time, and how often they do.

Pure functions over commitments, no I/O.  Each commitment gets one verdict as of
a day, by walking its renegotiations from the due date first agreed:

- a renegotiation made on or before the current deadline moves the deadline;
- one made after it moves the deadline too, but the commitment has slipped:
  it counts as late whatever happens next;
- done, not slipped, and by the deadline (or with none): kept on time;
  done otherwise: kept late;
- dropped: dropped (dropped after the deadline is still dropped; the verdict
  says it was overdue when dropped);
- open with the deadline before today: open past due ("due today" is not);
  open otherwise: open, counted apart from the rest.

Owner "both" counts on both sides.  A verdict is dated by when it happened
(done, dropped, or for open past due the deadline), and that date places it in
its month and in the 90-day window; open ones, past due or not, are counted in
the window as they stand today, since they are still owed however long ago they
fell due.  The on-time rate is on time over on time + late + dropped + open past
due; with none of those there is no rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from coach.model import Commitment, CommitmentStatus, Owner

WINDOW_DAYS = 90
MONTHS = 12
BARS = "▁▂▃▄▅▆▇█"
NO_RATE = "·"


class Result(StrEnum):
    """What became of a commitment, for the ledger."""

    ON_TIME = "kept on time"
    LATE = "kept late"
    DROPPED = "dropped"
    PAST_DUE = "open past due"
    OPEN = "open"


@dataclass(frozen=True)
class Verdict:
    """One commitment judged as of a day."""

    result: Result
    deadline: date | None  # the due date in force at the end (after renegotiations)
    slipped: bool  # a renegotiation came after the deadline it moved
    on: date | None  # when the result happened; None while simply open
    overdue_when_dropped: bool = False


def deadline_walk(commitment: Commitment) -> tuple[date | None, bool]:
    """The deadline in force after every renegotiation, and whether any came too late."""
    deadline, slipped = commitment.original_due, False
    for change in commitment.history:
        if deadline is not None and change.changed_on > deadline:
            slipped = True
        deadline = change.new_due
    # The stored due date is the last renegotiated one, unless a correction made in
    # the meeting (a typo fixed, not a slip) changed it since: that correction wins.
    return commitment.due, slipped


def judge(commitment: Commitment, today: date) -> Verdict:
    """The verdict on one commitment as of `today`."""
    deadline, slipped = deadline_walk(commitment)
    # Records from before coach kept these dates: the deadline, else the day it was made,
    # and never a day to come (it has happened already).
    fallback = min(deadline or commitment.created.date(), today)
    if commitment.status is CommitmentStatus.DONE:
        on = commitment.done_on or fallback
        in_time = not slipped and (deadline is None or on <= deadline)
        return Verdict(Result.ON_TIME if in_time else Result.LATE, deadline, slipped, on)
    if commitment.status is CommitmentStatus.DROPPED:
        on = commitment.dropped_on or fallback
        overdue = deadline is not None and on > deadline
        return Verdict(Result.DROPPED, deadline, slipped, on, overdue)
    if deadline is not None and deadline < today:
        return Verdict(Result.PAST_DUE, deadline, slipped, deadline)
    return Verdict(Result.OPEN, deadline, slipped, None)


@dataclass
class Tally:
    """How many commitments ended each way (one side: mine or theirs)."""

    on_time: int = 0
    late: int = 0
    dropped: int = 0
    past_due: int = 0
    open: int = 0  # still open and not past due: not counted in the rate

    def add(self, result: Result) -> None:
        """Count one more verdict."""
        name = {
            Result.ON_TIME: "on_time",
            Result.LATE: "late",
            Result.DROPPED: "dropped",
            Result.PAST_DUE: "past_due",
            Result.OPEN: "open",
        }[result]
        setattr(self, name, getattr(self, name) + 1)

    @property
    def counted(self) -> int:
        """The commitments the rate is over: on time, late, dropped and open past due."""
        return self.on_time + self.late + self.dropped + self.past_due

    @property
    def rate(self) -> float | None:
        """The share kept on time (0 to 1), or None when nothing counts yet."""
        return self.on_time / self.counted if self.counted else None

    def as_dict(self) -> dict[str, int | float | None]:
        """The figures by name (for JSON)."""
        return {
            "on_time": self.on_time,
            "late": self.late,
            "dropped": self.dropped,
            "past_due": self.past_due,
            "open": self.open,
            "rate": None if self.rate is None else round(self.rate, 4),
        }


@dataclass
class Sides:
    """My commitments and theirs, tallied apart."""

    mine: Tally = field(default_factory=Tally)
    theirs: Tally = field(default_factory=Tally)

    def add(self, owner: Owner, result: Result) -> None:
        """Count a verdict on the side (or both sides) that made the commitment."""
        if owner in (Owner.ME, Owner.BOTH):
            self.mine.add(result)
        if owner in (Owner.THEM, Owner.BOTH):
            self.theirs.add(result)


@dataclass
class Month:
    """One calendar month of the trend."""

    start: date  # its first day
    sides: Sides = field(default_factory=Sides)


@dataclass
class Ledger:
    """The last WINDOW_DAYS days, and the last MONTHS months one by one (oldest first)."""

    today: date
    window: Sides
    months: list[Month]

    def trend(self, side: str = "mine") -> list[float | None]:
        """The on-time rate of each month (None for a month with nothing to count)."""
        return [getattr(month.sides, side).rate for month in self.months]


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months, this one last."""
    starts = []
    year, month = today.year, today.month
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def ledger(
    commitments: Iterable[Commitment],
    today: date,
    *,
    window_days: int = WINDOW_DAYS,
    months: int = MONTHS,
) -> Ledger:
    """The ledger of `commitments` as of `today`."""
    since = today - timedelta(days=window_days)
    result = Ledger(today, Sides(), [Month(start) for start in month_starts(today, months)])
    by_month = {month.start: month for month in result.months}
    for commitment in commitments:
        verdict = judge(commitment, today)
        if verdict.on is None:
            result.window.add(commitment.owner, verdict.result)  # open: counted as it stands
            continue
        # Still owed today, however long ago it fell due: it counts now.
        if since < verdict.on <= today or verdict.result is Result.PAST_DUE:
            result.window.add(commitment.owner, verdict.result)
        month = by_month.get(verdict.on.replace(day=1))
        if month is not None and verdict.on <= today:
            month.sides.add(commitment.owner, verdict.result)
    return result


def sparkline(rates: list[float | None]) -> str:
    """One character a month: a bar as high as the on-time rate, · for a month with none."""
    return "".join(
        NO_RATE if rate is None else BARS[min(int(rate * len(BARS)), len(BARS) - 1)]
        for rate in rates
    )


def percent(rate: float | None) -> str:
    """'83%', or '—' when there is no rate."""
    return "—" if rate is None else f"{round(rate * 100)}%"


def kept(tally: Tally) -> str:
    """'12/15 on time', or 'nothing due yet'."""
    return f"{tally.on_time}/{tally.counted} on time" if tally.counted else "nothing due yet"


def said(tally: Tally, who: str) -> str:
    """'I kept 5/6 on time (83%)', or 'they had nothing due' (`who`: 'I' or 'they')."""
    if not tally.counted:
        return f"{who} had nothing due"
    return f"{who} kept {tally.on_time}/{tally.counted} on time ({percent(tally.rate)})"


def headline(book: Ledger) -> str:
    """'I kept 12/15 on time · they kept 8/9 · trend ▂▃▅▇' for the last WINDOW_DAYS days."""
    mine, theirs = book.window.mine, book.window.theirs
    parts = [
        f"I kept {kept(mine)}" if mine.counted else "I had nothing due",
        f"they kept {theirs.on_time}/{theirs.counted}"
        if theirs.counted
        else "they had nothing due",
    ]
    if any(rate is not None for rate in book.trend()):
        parts.append(f"trend {sparkline(book.trend())}")
    return " · ".join(parts)
