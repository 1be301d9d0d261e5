"""Reading typed dates: every accepted form, and every malformed one refused clearly."""

from __future__ import annotations

from datetime import date

import pytest

from coach.dates import parse_date, show_date, show_due
from coach.errors import InvalidInput
from tests.conftest import TODAY  # Friday 20 November 2026


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("2026-1-5", date(2026, 1, 5)),
        ("  2027-02-28 ", date(2027, 2, 28)),
        ("today", TODAY),
        ("TODAY", TODAY),
        ("tomorrow", date(2026, 11, 21)),
        ("tom", date(2026, 11, 21)),
        ("yesterday", date(2026, 11, 19)),
        ("fri", date(2026, 11, 27)),  # the next Friday, never today
        ("friday", date(2026, 11, 27)),
        ("Mon", date(2026, 11, 23)),
        ("thursday", date(2026, 11, 26)),
        ("sat", date(2026, 11, 21)),
        ("+3d", date(2026, 11, 23)),
        ("+0d", TODAY),
        ("+2w", date(2026, 12, 4)),
        ("+ 2w", date(2026, 12, 4)),
        ("+1m", date(2026, 12, 20)),
        ("+3m", date(2027, 2, 20)),
    ],
)
def test_accepted_forms(typed: str, meant: date) -> None:
    """Each form a leader might type means the date they expect."""
    assert parse_date(typed, TODAY) == meant


def test_month_offset_keeps_to_the_end_of_short_months() -> None:
    """+1m from 31 January lands on the last day of February, not in March."""
    assert parse_date("+1m", date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_blank_means_no_date(blank: str) -> None:
    """Leaving a date empty is allowed and means no date."""
    assert parse_date(blank, TODAY) is None


@pytest.mark.parametrize(
    "typed",
    ["2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01"],
)
def test_impossible_dates_are_refused_as_not_real(typed: str) -> None:
    """A date that does not exist gets a message saying so."""
    with pytest.raises(InvalidInput, match="not a real date"):
        parse_date(typed, TODAY)


@pytest.mark.parametrize(
    "typed",
    ["next week", "fr", "3d", "+3x", "+d", "27/11/2026", "[/]", "\x1b[31m", "🙂", "+99999d"],
)
def test_unknown_forms_are_refused_with_what_works(typed: str) -> None:
    """Anything else is refused with a message listing the forms that work."""
    with pytest.raises(InvalidInput) as refused:
        parse_date(typed, TODAY)
    assert "2026-11-27" in str(refused.value) or "too far" in str(refused.value)


def test_far_offsets_are_refused_not_crashing() -> None:
    """An offset beyond the calendar is refused cleanly."""
    with pytest.raises(InvalidInput, match="too far"):
        parse_date("+9999m", date(9990, 1, 1))


def test_showing_dates() -> None:
    """Dates read like a diary: weekday, day, month, and the year only when needed."""
    assert show_date(date(2026, 11, 27), TODAY) == "Fri 27 Nov"
    assert show_date(date(2027, 1, 4), TODAY) == "Mon 04 Jan 2027"
    assert show_date(None, TODAY) == ""


def test_showing_due_dates_relative_to_today() -> None:
    """Due dates say how near they are, and how late."""
    assert show_due(TODAY, TODAY) == "today"
    assert show_due(date(2026, 11, 21), TODAY) == "tomorrow"
    assert show_due(date(2026, 11, 19), TODAY) == "1 day late"
    assert show_due(date(2026, 11, 10), TODAY) == "10 days late"
    assert show_due(date(2026, 10, 30), TODAY) == "3 weeks late"
    assert show_due(date(2026, 4, 20), TODAY) == "7 months late"
    assert show_due(date(2026, 11, 27), TODAY) == "Fri 27 Nov"
    assert show_due(None, TODAY) == "no date"
