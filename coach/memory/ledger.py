"""The reliability ledger: how often I keep my commitments on time, and how often they do.

Pure functions over commitments, no I/O.  The rules are written for people in
docs/reliability.md (and the help); each commitment gets one verdict as of a day,
by walking its changes of date from the due date first agreed:

- a new date agreed on or before the due date in force moves the deadline, honestly:
  it is judged on the new date as if it had been agreed so;
- a new date given after the due date has passed moves it too, but the commitment
  has slipped: the lateness counts in the rate whatever happens next;
- done, not slipped, and by the deadline (or with none): kept on time;
  done otherwise: kept late;
- dropped with a reason, not slipped, on or before the deadline (or with none):
  renegotiated in time: counted apart, neither kept nor broken;
- dropped after the deadline, after a slip, or with no reason: broken;
- open past the deadline ("due today" is not): broken;
- open and slipped, its new date still to come: slipped;
- open otherwise: open, counted apart from the rest.

Owner "both" counts on both sides.  A verdict is dated by when it happened (done,
dropped; for broken-while-open and slipped, the deadline that was missed), and that
date places it in its month and in the 90-day window; open ones, broken-while-open
and slipped are counted in the window as they stand today, since they are still owed
however long ago they fell due.  The on-time rate is kept on time over kept on time +
kept late + slipped + broken; with none of those there is no rate.
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
# What every sparkline shows, said beside it.
TREND_LABEL = f"on time, by month, last {MONTHS} months"


class Result(StrEnum):
    """What became of a commitment, for the ledger."""

    ON_TIME = "kept on time"
    LATE = "kept late"
    RENEGOTIATED = "renegotiated in time"  # dropped by its due date: not counted in the rate
    SLIPPED = "slipped"  # a new date after the due date, still open: counts as not on time
    BROKEN = "broken"  # dropped after its due date (or a slip), or open past it
    OPEN = "open"  # not yet due: not counted in the rate


# The results the on-time rate is over (the rest are counted apart).
COUNTED = (Result.ON_TIME, Result.LATE, Result.SLIPPED, Result.BROKEN)
# The results still owed today: in the window however long ago they fell due.
STILL_OWED = (Result.SLIPPED, Result.BROKEN)


@dataclass(frozen=True)
class Verdict:
    """One commitment judged as of a day."""

    result: Result
    deadline: date | None  # the due date in force at the end (after renegotiations)
    slipped: bool  # a renegotiation came after the deadline it moved
    on: date | None  # when the result happened; None while simply open
    overdue_when_dropped: bool = False


def deadline_walk(commitment: Commitment) -> tuple[date | None, bool, date | None]:
    """The deadline in force after every change of date, whether any change came after
    the deadline it moved, and the first deadline so missed."""
    deadline, missed = commitment.original_due, None
    for change in commitment.history:
        if deadline is not None and change.changed_on > deadline and missed is None:
            missed = deadline
        deadline = change.new_due
    # The stored due date is the last renegotiated one, unless a correction made in
    # the meeting (a typo fixed, not a slip) changed it since: that correction wins.
    return commitment.due, missed is not None, missed


def judge(commitment: Commitment, today: date) -> Verdict:
    """The verdict on one commitment as of `today`."""
    deadline, slipped, missed = deadline_walk(commitment)
    # Records from before coach kept these dates: the deadline, else the day it was made,
    # and never a day to come (it has happened already).
    fallback = min(deadline or commitment.created.date(), today)
    if commitment.status is CommitmentStatus.DONE:
        on = commitment.done_on or fallback
        in_time = not slipped and (deadline is None or on <= deadline)
        return Verdict(Result.ON_TIME if in_time else Result.LATE, deadline, slipped, on)
    if commitment.status is CommitmentStatus.DROPPED:
        on = commitment.dropped_on or fallback
        overdue = slipped or (deadline is not None and on > deadline)
        # Honest only with its reason said (records from before reasons were kept have none).
        agreed = not overdue and bool(commitment.drop_reason)
        result = Result.RENEGOTIATED if agreed else Result.BROKEN
        return Verdict(result, deadline, slipped, on, overdue)
    if deadline is not None and deadline < today:
        return Verdict(Result.BROKEN, deadline, slipped, missed or deadline)
    if slipped:
        return Verdict(Result.SLIPPED, deadline, slipped, missed)
    return Verdict(Result.OPEN, deadline, slipped, None)


@dataclass
class Tally:
    """How many commitments ended each way (one side: mine or theirs)."""

    on_time: int = 0
    late: int = 0
    renegotiated: int = 0  # dropped in time: not counted in the rate
    slipped: int = 0
    broken: int = 0
    open: int = 0  # still open and not yet due: not counted in the rate

    def add(self, result: Result) -> None:
        """Count one more verdict."""
        name = {
            Result.ON_TIME: "on_time",
            Result.LATE: "late",
            Result.RENEGOTIATED: "renegotiated",
            Result.SLIPPED: "slipped",
            Result.BROKEN: "broken",
            Result.OPEN: "open",
        }[result]
        setattr(self, name, getattr(self, name) + 1)

    @property
    def counted(self) -> int:
        """The commitments the rate is over: kept on time, kept late, slipped, broken."""
        return self.on_time + self.late + self.slipped + self.broken

    @property
    def rate(self) -> float | None:
        """The share kept on time (0 to 1), or None when nothing counts yet."""
        return self.on_time / self.counted if self.counted else None

    def as_dict(self) -> dict[str, int | float | None]:
        """The figures by name (for JSON)."""
        return {
            "on_time": self.on_time,
            "late": self.late,
            "renegotiated": self.renegotiated,
            "slipped": self.slipped,
            "broken": self.broken,
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
        owed = verdict.result in STILL_OWED and commitment.status is CommitmentStatus.OPEN
        if since < verdict.on <= today or owed:
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
    """'12 of 15 on time', or 'nothing due yet'."""
    return f"{tally.on_time} of {tally.counted} on time" if tally.counted else "nothing due yet"


def said(tally: Tally, who: str) -> str:
    """'I kept 5 of 6 on time (83%)', or 'they had nothing due' (`who`: 'I' or 'they'),
    with the renegotiated in time after it: '· 1 renegotiated in time'."""
    words = (
        f"{who} kept {kept(tally)} ({percent(tally.rate)})"
        if tally.counted
        else f"{who} had nothing due"
    )
    if tally.renegotiated:
        words += f", {tally.renegotiated} renegotiated in time"
    return words


def headline(book: Ledger, room: int | None = None) -> str:
    """'I kept 1 of 6 on time · they kept 0 of 8 · mine on time, by month, last 12 months
    ▂▃▅▇' for the last WINDOW_DAYS days; the trend only where `room` has space for it whole."""
    mine, theirs = book.window.mine, book.window.theirs
    parts = [
        f"I kept {kept(mine)}" if mine.counted else "I had nothing due",
        f"they kept {theirs.on_time} of {theirs.counted}"
        if theirs.counted
        else "they had nothing due",
    ]
    if any(rate is not None for rate in book.trend()):
        trend = f"mine {TREND_LABEL} {sparkline(book.trend())}"
        if room is None or len(" · ".join([*parts, trend])) <= room:
            parts.append(trend)
    return " · ".join(parts)
