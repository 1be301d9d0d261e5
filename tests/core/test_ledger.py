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


# Each: (the commitment, its expected result).  ME and BOTH count as mine; THEM and BOTH theirs.
HISTORY = {
    "done before it was due": (promise(Owner.ME, nov(10), DONE, nov(8)), Result.ON_TIME),
    "due today, open": (promise(Owner.ME, TODAY), Result.OPEN),
    "no due date, open": (promise(Owner.ME, None), Result.OPEN),
    "no due date, done": (promise(Owner.ME, None, DONE, nov(1)), Result.ON_TIME),
    "renegotiated twice in time, done by the new date": (
        promise(
            Owner.ME,
            nov(15),
            DONE,
            nov(14),
            [moved(date(2026, 10, 30), nov(1), nov(8)), moved(nov(7), nov(8), nov(15))],
        ),
        Result.ON_TIME,
    ),
    "renegotiated twice, the second after the deadline": (
        promise(
            Owner.ME,
            nov(15),
            DONE,
            nov(12),
            [moved(date(2026, 10, 30), nov(1), nov(8)), moved(nov(10), nov(8), nov(15))],
        ),
        Result.LATE,
    ),
    "dropped after the due date": (promise(Owner.ME, nov(5), DROPPED, nov(12)), Result.DROPPED),
    "theirs, done late": (promise(Owner.THEM, nov(12), DONE, nov(16)), Result.LATE),
    "both, done on the day": (promise(Owner.BOTH, nov(3), DONE, nov(3)), Result.ON_TIME),
    "theirs, open past due": (promise(Owner.THEM, nov(18)), Result.PAST_DUE),
    "mine, open past due by a day": (promise(Owner.ME, nov(19)), Result.PAST_DUE),
    "both, kept in August (outside the 90 days)": (
        promise(Owner.BOTH, date(2026, 8, 1), DONE, date(2026, 8, 1)),
        Result.ON_TIME,
    ),
    "theirs, dropped before it was due": (
        promise(Owner.THEM, nov(30), DROPPED, nov(2)),
        Result.DROPPED,
    ),
    "renegotiated in time, open until the new date": (
        promise(Owner.ME, date(2026, 12, 1), history=[moved(nov(14), nov(15), date(2026, 12, 1))]),
        Result.OPEN,
    ),
    "renegotiated too late, still open": (
        promise(Owner.ME, date(2026, 12, 1), history=[moved(nov(12), nov(10), date(2026, 12, 1))]),
        Result.OPEN,
    ),
}


@pytest.mark.parametrize("name", list(HISTORY))
def test_each_commitment_is_judged_as_the_rules_say(name: str) -> None:
    """One verdict per commitment, for every edge case the ledger must get right."""
    commitment, expected = HISTORY[name]
    assert judge(commitment, TODAY).result is expected


def test_the_verdict_keeps_the_details_the_person_view_shows() -> None:
    """Slipped, the deadline in force, the date of the outcome, overdue when dropped."""
    slipped = judge(HISTORY["renegotiated twice, the second after the deadline"][0], TODAY)
    assert (slipped.slipped, slipped.deadline, slipped.on) == (True, nov(15), nov(12))
    in_time = judge(HISTORY["renegotiated twice in time, done by the new date"][0], TODAY)
    assert (in_time.slipped, in_time.deadline) == (False, nov(15))
    assert judge(HISTORY["dropped after the due date"][0], TODAY).overdue_when_dropped
    assert not judge(HISTORY["theirs, dropped before it was due"][0], TODAY).overdue_when_dropped
    past_due = judge(HISTORY["theirs, open past due"][0], TODAY)
    assert past_due.on == nov(18)  # dated by its deadline
    assert judge(HISTORY["due today, open"][0], TODAY).on is None
    late_open = judge(HISTORY["renegotiated too late, still open"][0], TODAY)
    assert late_open.slipped and late_open.result is Result.OPEN


def test_a_renegotiation_on_the_deadline_itself_is_in_time() -> None:
    """Asking for more time on the day it is due is not a slip."""
    asked_on_the_day = promise(Owner.ME, nov(20), DONE, nov(19), [moved(nov(10), nov(10), nov(20))])
    assert judge(asked_on_the_day, TODAY).result is Result.ON_TIME
    a_day_late = promise(Owner.ME, nov(20), DONE, nov(19), [moved(nov(11), nov(10), nov(20))])
    assert judge(a_day_late, TODAY).result is Result.LATE


def test_the_last_90_days_mine_and_theirs() -> None:
    """Exact counts: 'both' on each side, August left out, open ones apart from the rate."""
    book = ledger([c for c, _ in HISTORY.values()], TODAY)
    mine, theirs = book.window.mine, book.window.theirs
    assert (mine.on_time, mine.late, mine.dropped, mine.past_due, mine.open) == (4, 1, 1, 1, 4)
    assert (theirs.on_time, theirs.late, theirs.dropped, theirs.past_due, theirs.open) == (
        1,
        1,
        1,
        1,
        0,
    )
    assert mine.counted == 7 and mine.rate == pytest.approx(4 / 7)
    assert theirs.counted == 4 and theirs.rate == pytest.approx(0.25)


def test_month_by_month() -> None:
    """Twelve months, this one last; months with nothing to count have no rate."""
    book = ledger([c for c, _ in HISTORY.values()], TODAY)
    assert [m.start for m in book.months] == month_starts(TODAY)
    assert book.months[0].start == date(2025, 12, 1) and book.months[-1].start == nov(1)
    rates = book.trend("mine")
    assert rates[-1] == pytest.approx(4 / 7)  # November: as in the window
    assert rates[8] == 1.0  # August: the one kept then
    assert [rate for index, rate in enumerate(rates) if index not in (8, 11)] == [None] * 10
    assert book.trend("theirs")[-1] == pytest.approx(0.25)
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
    assert headline(book) == "I kept 4/7 on time · they kept 1/4 · trend ········█··▅"
    assert sparkline([None, 0.0, 0.5, 1.0, 0.99]) == "·▁▅██"
    assert percent(4 / 7) == "57%"


def test_tally_as_json() -> None:
    """Named figures, the rate rounded."""
    tally = Tally(on_time=2, late=1)
    assert tally.as_dict() == {
        "on_time": 2,
        "late": 1,
        "dropped": 0,
        "past_due": 0,
        "open": 0,
        "rate": 0.6667,
    }


def test_long_overdue_and_still_open_counts_now() -> None:
    """Past due a year ago and still open: counted in the last 90 days (it is still owed),
    and in its own month of the trend when that is within the 12."""
    year_ago = promise(Owner.THEM, TODAY - timedelta(days=365))
    spring = promise(Owner.THEM, date(2026, 4, 1))
    book = ledger([year_ago, spring], TODAY)
    assert book.window.theirs.past_due == 2
    assert book.months[4].sides.theirs.past_due == 1  # April
    assert sum(m.sides.theirs.past_due for m in book.months) == 1
