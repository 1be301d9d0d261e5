"""Reading typed dates: every accepted form, and every malformed one refused clearly."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.dates import (
    FORMS,
    NotADate,
    PastDate,
    due_date,
    is_past,
    parse_date,
    show_date,
    show_due,
)
from coach.errors import InvalidInput
from coach.guidance.library import help_text
from tests.conftest import TODAY  # Friday 20 November 2026

README = Path(__file__).resolve().parents[2] / "README.md"
# One week, Monday 16 to Sunday 22 November 2026 (TODAY is its Friday).
WEEK = [date(2026, 11, 16) + timedelta(days=n) for n in range(7)]


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
        ("3d", date(2026, 11, 23)),
        ("0d", TODAY),
        ("2w", date(2026, 12, 4)),
        ("1m", date(2026, 12, 20)),
        ("2M", date(2027, 1, 20)),
        ("in 3 days", date(2026, 11, 23)),
        ("in 1 day", date(2026, 11, 21)),
        ("in 2 weeks", date(2026, 12, 4)),
        ("in a week", date(2026, 11, 27)),
        ("in one week", date(2026, 11, 27)),
        ("in a month", date(2026, 12, 20)),
        ("in 6 months", date(2027, 5, 20)),
        ("In  2   Weeks", date(2026, 12, 4)),
        ("in 3d", date(2026, 11, 23)),
        ("in 2W", date(2026, 12, 4)),
        ("eow", TODAY),  # TODAY is a Friday: the end of its working week is today
        ("EOW", TODAY),
        ("eom", date(2026, 11, 30)),
        ("next fri", date(2026, 11, 27)),
        ("next friday", date(2026, 11, 27)),
        ("  NEXT \t Mon ", date(2026, 11, 23)),
        ("next thu", date(2026, 11, 26)),
        ("dec 25", date(2026, 12, 25)),
        ("25 dec", date(2026, 12, 25)),
        ("25 december", date(2026, 12, 25)),
        ("December 25", date(2026, 12, 25)),
        ("dec 25th", date(2026, 12, 25)),
        ("1st jan", date(2027, 1, 1)),
        ("sept 3", date(2027, 9, 3)),
        ("nov 20", TODAY),  # today is not past: this year's
        ("20 nov", TODAY),
        ("nov 19", date(2027, 11, 19)),  # passed yesterday: next year's
        ("nov 21", date(2026, 11, 21)),
        ("  dec   25  ", date(2026, 12, 25)),
    ],
)
def test_accepted_forms(typed: str, meant: date) -> None:
    """Each form a leader might type means the date they expect."""
    assert parse_date(typed, TODAY) == meant


def test_month_offset_keeps_to_the_end_of_short_months() -> None:
    """+1m from 31 January lands on the last day of February, not in March."""
    assert parse_date("+1m", date(2027, 1, 31)) == date(2027, 2, 28)
    assert parse_date("1m", date(2028, 1, 31)) == date(2028, 2, 29)  # a leap year
    assert parse_date("in a month", date(2026, 10, 31)) == date(2026, 11, 30)
    assert parse_date("1m", date(2026, 12, 31)) == date(2027, 1, 31)  # across the year
    assert parse_date("2w", date(2026, 12, 25)) == date(2027, 1, 8)
    assert parse_date("in 3 days", date(2028, 2, 27)) == date(2028, 3, 1)


@pytest.mark.parametrize(
    ("today", "fri", "next_fri", "eow"),
    [
        (WEEK[0], date(2026, 11, 20), date(2026, 11, 27), date(2026, 11, 20)),  # Monday
        (WEEK[3], date(2026, 11, 20), date(2026, 11, 27), date(2026, 11, 20)),  # Thursday
        (WEEK[4], date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 20)),  # Friday
        (WEEK[5], date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 27)),  # Saturday
        (WEEK[6], date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 27)),  # Sunday
    ],
)
def test_fri_next_fri_and_eow_through_a_week(
    today: date, fri: date, next_fri: date, eow: date
) -> None:
    """fri is the next Friday after today; next fri the Friday of next week; eow this Friday.

    They part only where the definitions say: on Monday to Thursday, next fri is a
    week after fri; eow is today on a Friday and the coming Friday at the weekend.
    """
    assert parse_date("fri", today) == fri
    assert parse_date("next fri", today) == next_fri
    assert parse_date("eow", today) == eow


@pytest.mark.parametrize("today", WEEK)
def test_every_weekday_named_from_every_day(today: date) -> None:
    """A weekday is 1 to 7 days ahead; next weekday falls in the following Monday-Sunday week."""
    next_monday = today + timedelta(days=7 - today.weekday())
    for offset, name in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]):
        day = parse_date(name, today)
        assert day is not None and day.weekday() == offset and 1 <= (day - today).days <= 7
        assert parse_date(f"next {name}", today) == next_monday + timedelta(days=offset)


@pytest.mark.parametrize(
    ("today", "end"),
    [
        (date(2026, 11, 20), date(2026, 11, 30)),
        (date(2026, 11, 30), date(2026, 11, 30)),  # on the last day: today
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 2, 3), date(2027, 2, 28)),
        (date(2028, 2, 3), date(2028, 2, 29)),  # a leap year
        (date(2100, 2, 3), date(2100, 2, 28)),  # not a leap year (a century)
        (date(2000, 2, 3), date(2000, 2, 29)),  # a leap year (four centuries)
    ],
)
def test_eom_is_the_last_day_of_this_month(today: date, end: date) -> None:
    """eom is the month's last day, February's in leap years and others."""
    assert parse_date("eom", today) == end


def test_eow_across_the_end_of_a_month_and_a_year() -> None:
    """The coming Friday may be in the next month or the next year."""
    assert parse_date("eow", date(2026, 12, 28)) == date(2027, 1, 1)
    assert parse_date("next fri", date(2026, 12, 31)) == date(2027, 1, 8)
    assert parse_date("fri", date(2027, 1, 1)) == date(2027, 1, 8)


@pytest.mark.parametrize(
    ("typed", "today", "meant"),
    [
        ("dec 25", date(2026, 12, 25), date(2026, 12, 25)),  # today
        ("dec 25", date(2026, 12, 26), date(2027, 12, 25)),  # passed: next year
        ("jan 1", date(2026, 12, 31), date(2027, 1, 1)),
        ("dec 31", date(2026, 12, 31), date(2026, 12, 31)),
        ("29 feb", date(2026, 11, 20), date(2028, 2, 29)),  # the next 29 February there is
        ("29 feb", date(2028, 2, 29), date(2028, 2, 29)),
        ("29 feb", date(2028, 3, 1), date(2032, 2, 29)),
        ("29 feb", date(2096, 3, 1), date(2104, 2, 29)),  # 2100 is no leap year
        ("28 feb", date(2028, 2, 29), date(2029, 2, 28)),
    ],
)
def test_a_day_of_the_year_is_the_next_one(typed: str, today: date, meant: date) -> None:
    """dec 25 is this year's if it has not passed (today counts), else next year's."""
    assert parse_date(typed, today) == meant


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
    [
        "next week",
        "next month",
        "next",
        "next dec",
        "fr",
        "+3x",
        "+d",
        "27/11/2026",
        "[/]",
        "\x1b[31m",
        "🙂",
        "+99999d",
        "3 d",  # the unit touches the number unless there is a plus
        "3 days",  # words need "in": "take 3 days off" is no date
        "in 3 d",
        "in +3d",
        "in two weeks",
        "in -2 days",
        "in weeks",
        "dec",
        "25",
        "dec 25 2027",
        "25 dec dec",
        "de 25",
        "next fr",
        "eoy",
        "fri\x1b",
    ],
)
def test_unknown_forms_are_refused_with_what_works(typed: str) -> None:
    """Anything else is refused with a message listing the forms that work."""
    with pytest.raises(NotADate) as refused:
        parse_date(typed, TODAY)
    assert f"use {FORMS}." in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31 apr", "'31 apr' is not a real date."),
        ("feb 30", "'feb 30' is not a real date."),
        ("0 dec", "'0 dec' is not a real date."),
        ("dec 32", "'dec 32' is not a real date."),
        ("2026-02-29", "'2026-02-29' is not a real date."),
    ],
)
def test_a_date_gone_wrong_is_told_apart_from_no_date(typed: str, message: str) -> None:
    """A known form with an impossible day is 'not a real date', not a list of forms."""
    with pytest.raises(InvalidInput) as refused:
        parse_date(typed, TODAY)
    assert not isinstance(refused.value, NotADate)
    assert str(refused.value) == message


def test_far_offsets_are_refused_not_crashing() -> None:
    """An offset or a named day beyond the calendar is refused cleanly."""
    with pytest.raises(InvalidInput, match="too far"):
        parse_date("+9999m", date(9990, 1, 1))
    with pytest.raises(InvalidInput, match="too far"):
        parse_date("in 9999 weeks", date(9990, 1, 1))
    with pytest.raises(InvalidInput, match="too far"):
        parse_date("jan 1", date(9999, 12, 31))
    last = date(9999, 12, 31)  # a Friday: eow is still in the calendar, but not in coach's years
    for typed in ("eow", "eom"):
        with pytest.raises(InvalidInput, match="between 1900 and 2200"):
            parse_date(typed, last)
    for typed in ("tomorrow", "next fri", "mon", "sat"):
        with pytest.raises(InvalidInput, match="beyond the calendar"):
            parse_date(typed, last)
    with pytest.raises(InvalidInput, match="beyond the calendar"):
        parse_date("yesterday", date(1, 1, 1))


def test_a_date_in_the_past_is_told_apart() -> None:
    """yesterday and past dates are read, and is_past says so; today is not past."""
    assert is_past(parse_date("yesterday", TODAY), TODAY)
    assert is_past(parse_date("2026-11-19", TODAY), TODAY)
    assert is_past(date(2025, 12, 31), TODAY)
    assert not is_past(parse_date("today", TODAY), TODAY)
    assert not is_past(parse_date("eow", TODAY), TODAY)
    assert not is_past(None, TODAY)


def test_a_due_date_in_the_past_is_questioned() -> None:
    """due_date refuses a past day with a message naming it, unless the past is allowed."""
    with pytest.raises(PastDate) as refused:
        due_date("yesterday", TODAY)
    assert refused.value.day == date(2026, 11, 19)
    assert str(refused.value) == ("That is in the past (Thu 19 Nov); a due date is today or later.")
    with pytest.raises(PastDate, match=r"\(Sun 30 Nov 2025\)"):
        due_date("2025-11-30", TODAY)
    assert due_date("yesterday", TODAY, allow_past=True) == date(2026, 11, 19)
    assert due_date("today", TODAY) == TODAY
    assert due_date("dec 25", TODAY) == date(2026, 12, 25)
    assert due_date("", TODAY) is None
    with pytest.raises(NotADate):
        due_date("someday", TODAY)


# One example of each form, as FORMS, the help and the README write it.
EXAMPLES = [
    "2026-11-27",
    "today",
    "tomorrow",
    "yesterday",
    "fri",
    "next fri",
    "dec 25",
    "25 dec",
    "eow",
    "eom",
    "3d",
    "2w",
    "1m",
    "+3d",
    "in 2 weeks",
]


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_form_is_in_the_forms_the_help_and_the_readme(example: str) -> None:
    """Each form works, and FORMS (shown under date fields), the help and README name it."""
    assert parse_date(example, TODAY) is not None
    assert example in FORMS
    assert f"`{example}`" in help_text()
    assert f"`{example}`" in README.read_text(encoding="utf-8")


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
