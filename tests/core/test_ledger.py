"""The reliability ledger's arithmetic, on a hand-made history with known answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.memory.ledger import (
    Result,
    Tally,
    headline,
    judge,
    ledger,
    month_starts,
    percent,
    said,
    sparkline,
)
from coach.model import Commitment, CommitmentStatus, Owner, Renegotiation
from tests.conftest import TODAY  # Fri 20 Nov 2026

DONE, DROPPED = CommitmentStatus.DONE, CommitmentStatus.DROPPED


def nov(day: int) -> date:
    return date(2026, 11, day)


def promise(
    owner: Owner,
    due: date | None,
    status: CommitmentStatus = CommitmentStatus.OPEN,
    on: date | None = None,
    history: list[Renegotiation] | None = None,
) -> Commitment:
    """A commitment; `on` is when it was done or dropped; `due` is the current due date."""
    return Commitment(
        "something",
        owner,
        "p",
        due=due,
        status=status,
        done_on=on if status is DONE else None,
        dropped_on=on if status is DROPPED else None,
        drop_reason="no longer needed" if status is DROPPED else "",
        history=history or [],
    )


def moved(on: date, old: date | None, new: date | None) -> Renegotiation:
    return Renegotiation(on, old, new, "")


# Each: (the commitment, its expected result), one for every rule of docs/reliability.md.
# ME and BOTH count as mine; THEM and BOTH as theirs.
HISTORY = {
    "done before it was due": (promise(Owner.ME, nov(10), DONE, nov(8)), Result.ON_TIME),
    "due today, open": (promise(Owner.ME, TODAY), Result.OPEN),
    "due today, done today": (promise(Owner.ME, TODAY, DONE, TODAY), Result.ON_TIME),
    "no due date, open": (promise(Owner.ME, None), Result.OPEN),
    "no due date, done": (promise(Owner.ME, None, DONE, nov(1)), Result.ON_TIME),
    "no due date, dropped": (promise(Owner.ME, None, DROPPED, nov(2)), Result.RENEGOTIATED),
    "renegotiated twice before due, done by the new date": (
        promise(
            Owner.ME,
            nov(15),
            DONE,
            nov(14),
            [moved(date(2026, 10, 30), nov(1), nov(8)), moved(nov(7), nov(8), nov(15))],
        ),
        Result.ON_TIME,
    ),
    "renegotiated twice before due, done after the new date": (
        promise(
            Owner.ME,
            nov(15),
            DONE,
            nov(16),
            [moved(date(2026, 10, 30), nov(1), nov(8)), moved(nov(7), nov(8), nov(15))],
        ),
        Result.LATE,
    ),
    "renegotiated twice, the second after the deadline (slipped), done by the new date": (
        promise(
            Owner.ME,
            nov(15),
            DONE,
            nov(12),
            [moved(date(2026, 10, 30), nov(1), nov(8)), moved(nov(10), nov(8), nov(15))],
        ),
        Result.LATE,
    ),
    "dropped after the due date": (promise(Owner.ME, nov(5), DROPPED, nov(12)), Result.BROKEN),
    "theirs, done late": (promise(Owner.THEM, nov(12), DONE, nov(16)), Result.LATE),
    "both, done on the day": (promise(Owner.BOTH, nov(3), DONE, nov(3)), Result.ON_TIME),
    "theirs, open past due": (promise(Owner.THEM, nov(18)), Result.BROKEN),
    "mine, open past due by a day": (promise(Owner.ME, nov(19)), Result.BROKEN),
    "both, kept in August (outside the 90 days)": (
        promise(Owner.BOTH, date(2026, 8, 1), DONE, date(2026, 8, 1)),
        Result.ON_TIME,
    ),
    "theirs, dropped before it was due": (
        promise(Owner.THEM, nov(30), DROPPED, nov(2)),
        Result.RENEGOTIATED,
    ),
    "mine, dropped on the day it was due": (
        promise(Owner.ME, nov(6), DROPPED, nov(6)),
        Result.RENEGOTIATED,
    ),
    "renegotiated in time, open until the new date": (
        promise(Owner.ME, date(2026, 12, 1), history=[moved(nov(14), nov(15), date(2026, 12, 1))]),
        Result.OPEN,
    ),
    "slipped (a new date 2 days after the due date), still open": (
        promise(Owner.ME, date(2026, 12, 1), history=[moved(nov(12), nov(10), date(2026, 12, 1))]),
        Result.SLIPPED,
    ),
    "slipped, then dropped before the new date": (
        promise(
            Owner.ME,
            date(2026, 12, 1),
            DROPPED,
            nov(14),
            [moved(nov(12), nov(10), date(2026, 12, 1))],
        ),
        Result.BROKEN,
    ),
    "both, done early": (promise(Owner.BOTH, nov(19), DONE, nov(4)), Result.ON_TIME),
}


@pytest.mark.parametrize("name", list(HISTORY))
def test_each_commitment_is_judged_as_the_rules_say(name: str) -> None:
    """One verdict per commitment, for every rule and edge case the ledger must get right."""
    commitment, expected = HISTORY[name]
    assert judge(commitment, TODAY).result is expected


def test_the_verdict_keeps_the_details_the_person_view_shows() -> None:
    """Slipped, the deadline in force, the date of the outcome, overdue when dropped."""
    slipped = judge(
        HISTORY[
            "renegotiated twice, the second after the deadline (slipped), done by the new date"
        ][0],
        TODAY,
    )
    assert (slipped.slipped, slipped.deadline, slipped.on) == (True, nov(15), nov(12))
    in_time = judge(HISTORY["renegotiated twice before due, done by the new date"][0], TODAY)
    assert (in_time.slipped, in_time.deadline) == (False, nov(15))
    assert judge(HISTORY["dropped after the due date"][0], TODAY).overdue_when_dropped
    assert not judge(HISTORY["theirs, dropped before it was due"][0], TODAY).overdue_when_dropped
    past_due = judge(HISTORY["theirs, open past due"][0], TODAY)
    assert past_due.on == nov(18)  # dated by its deadline
    assert judge(HISTORY["due today, open"][0], TODAY).on is None
    late_open = judge(
        HISTORY["slipped (a new date 2 days after the due date), still open"][0], TODAY
    )
    assert late_open.slipped and late_open.on == nov(10)  # dated by the deadline it missed


def test_a_renegotiation_on_the_deadline_itself_is_in_time() -> None:
    """Asking for more time on the day it is due is not a slip."""
    asked_on_the_day = promise(Owner.ME, nov(20), DONE, nov(19), [moved(nov(10), nov(10), nov(20))])
    assert judge(asked_on_the_day, TODAY).result is Result.ON_TIME
    a_day_late = promise(Owner.ME, nov(20), DONE, nov(19), [moved(nov(11), nov(10), nov(20))])
    assert judge(a_day_late, TODAY).result is Result.LATE


def test_dropping_theirs_before_it_was_due_leaves_nothing_due() -> None:
    """The issue's first report: dropped before its date, with a reason, is not broken."""
    book = ledger([promise(Owner.THEM, nov(30), DROPPED, nov(18))], TODAY)
    assert book.window.theirs.counted == 0 and book.window.theirs.renegotiated == 1
    assert headline(book) == "I had nothing due · they had nothing due"
    assert said(book.window.theirs, "they") == "they had nothing due, 1 renegotiated in time"


def test_a_new_date_after_the_due_date_keeps_the_lateness_in_the_rate() -> None:
    """The issue's second report: 4 days late, given a new date: still 0 of 2, not 0 of 1."""
    late = promise(Owner.ME, nov(16))
    slipped = promise(Owner.ME, nov(27), history=[moved(nov(20), nov(16), nov(27))])
    assert said(ledger([late, promise(Owner.ME, nov(16))], TODAY).window.mine, "I") == (
        "I kept 0 of 2 on time (0%)"
    )
    book = ledger([late, slipped], TODAY)
    assert (book.window.mine.broken, book.window.mine.slipped) == (1, 1)
    assert said(book.window.mine, "I") == "I kept 0 of 2 on time (0%)"


def test_the_last_90_days_mine_and_theirs() -> None:
    """Exact counts: 'both' on each side, August left out, open and renegotiated apart."""
    book = ledger([c for c, _ in HISTORY.values()], TODAY)
    mine, theirs = book.window.mine, book.window.theirs
    # mine: on time = done before, due today done, no date done, twice in time, both on the
    # day, both early; late = twice then after, slipped then done; renegotiated = no date
    # dropped, dropped on the day; slipped = slipped open; broken = dropped after, past due
    # by a day, slipped then dropped; open = due today, no date, in time until the new date.
    assert (
        mine.on_time,
        mine.late,
        mine.renegotiated,
        mine.slipped,
        mine.broken,
        mine.open,
    ) == (6, 2, 2, 1, 3, 3)
    assert (
        theirs.on_time,
        theirs.late,
        theirs.renegotiated,
        theirs.slipped,
        theirs.broken,
        theirs.open,
    ) == (2, 1, 1, 0, 1, 0)
    assert mine.counted == 12 and mine.rate == pytest.approx(6 / 12)
    assert theirs.counted == 4 and theirs.rate == pytest.approx(2 / 4)


def test_month_by_month() -> None:
    """Twelve months, this one last; months with nothing to count have no rate."""
    book = ledger([c for c, _ in HISTORY.values()], TODAY)
    assert [m.start for m in book.months] == month_starts(TODAY)
    assert book.months[0].start == date(2025, 12, 1) and book.months[-1].start == nov(1)
    rates = book.trend("mine")
    assert rates[-1] == pytest.approx(6 / 12)  # November: as in the window
    assert rates[8] == 1.0  # August: the one kept then
    assert [rate for index, rate in enumerate(rates) if index not in (8, 11)] == [None] * 10
    assert book.trend("theirs")[-1] == pytest.approx(0.5)
    august = book.months[8].sides
    assert (august.mine.on_time, august.theirs.on_time) == (1, 1)


def test_the_window_is_the_last_90_days_to_today() -> None:
    """Done 90 days ago is out; 89 days ago is in; a month outside the 12 is in neither."""
    edge = TODAY - timedelta(days=90)
    inside = TODAY - timedelta(days=89)
    long_ago = TODAY - timedelta(days=500)
    book = ledger(
        [
            promise(Owner.ME, edge, DONE, edge),
            promise(Owner.ME, inside, DONE, inside),
            promise(Owner.ME, long_ago, DONE, long_ago),
        ],
        TODAY,
    )
    assert book.window.mine.on_time == 1
    assert sum(m.sides.mine.on_time for m in book.months) == 2


def test_nothing_due_has_no_rate() -> None:
    """Only open commitments not yet due: no rate, no trend, said in words."""
    book = ledger([promise(Owner.ME, nov(30)), promise(Owner.THEM, None)], TODAY)
    assert book.window.mine.rate is None and book.window.mine.open == 1
    assert book.trend() == [None] * 12
    assert headline(book) == "I had nothing due · they had nothing due"
    assert percent(None) == "—"


def test_the_headline_and_the_sparkline() -> None:
    """What the dashboard's top line says for the hand-made history."""
    book = ledger([c for c, _ in HISTORY.values()], TODAY)
    assert headline(book) == (
        "I kept 6 of 12 on time · they kept 2 of 4"
        " · mine on time, by month, last 12 months ········█··▅"
    )
    # Where the trend does not fit whole, it is left out rather than cut.
    assert headline(book, room=60) == "I kept 6 of 12 on time · they kept 2 of 4"
    assert sparkline([None, 0.0, 0.5, 1.0, 0.99]) == "·▁▅██"
    assert percent(4 / 7) == "57%"


def test_tally_as_json() -> None:
    """Named figures, the rate rounded."""
    tally = Tally(on_time=2, late=1)
    assert tally.as_dict() == {
        "on_time": 2,
        "late": 1,
        "renegotiated": 0,
        "slipped": 0,
        "broken": 0,
        "open": 0,
        "rate": 0.6667,
    }


def test_long_overdue_and_still_open_counts_now() -> None:
    """Past due a year ago and still open: counted in the last 90 days (it is still owed),
    and in its own month of the trend when that is within the 12."""
    year_ago = promise(Owner.THEM, TODAY - timedelta(days=365))
    spring = promise(Owner.THEM, date(2026, 4, 1))
    book = ledger([year_ago, spring], TODAY)
    assert book.window.theirs.broken == 2
    assert book.months[4].sides.theirs.broken == 1  # April
    assert sum(m.sides.theirs.broken for m in book.months) == 1
