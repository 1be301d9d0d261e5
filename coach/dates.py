"""Reading the dates people type, and writing dates the way people read them.

One date language for the app and the shell.  Case does not matter and any run of
spaces counts as one.  Accepted, relative to today:

    2026-11-27              that date (the ISO form; the year is never guessed)
    today, tomorrow         also tod, tom, tmr
    yesterday               accepted, but a due date in the past is questioned (due_date)
    fri, friday             the next such day after today: never today itself
    next fri                the Friday of next week (weeks run Monday to Sunday):
                            a week after fri until Friday comes, then the same day
    eow                     the end of the working week: the coming Friday (today on a
                            Friday; on Saturday or Sunday, the Friday after)
    eom                     the last day of this month (today on that day)
    dec 25, 25 dec          also december 25, 25 december, dec 25th: the next such day,
                            this year if it has not passed (today counts), else next year
    3d, 2w, 1m              days, weeks or months from today; +3d works too; a month
                            from 31 January is the last day of February
    in 3 days, in 2 weeks   also in a week, in 1 month, in 3d

Weekday and month names are English whatever the locale, so a date typed means the
same on every machine.  Anything else is refused with a message that says what works.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.errors import InvalidInput
from coach.user_text import trim, words

FORMS = (
    "a date like 2026-11-27, today, tomorrow, yesterday, a weekday (fri), next fri, "
    "dec 25 or 25 dec, eow (the coming Friday), eom (this month's last day), "
    "3d / 2w / 1m (or +3d), or in 2 weeks"
)

# The days coach keeps: every command, screen and export can show and compute with
# them (a calendar event ends the day after; a time is shown in any zone).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
EARLIEST, LATEST = date(EARLIEST_YEAR, 1, 1), date(LATEST_YEAR, 12, 31)
RANGE = f"between {EARLIEST_YEAR} and {LATEST_YEAR}"
# The form coach writes a day in; fromisoformat also takes 20261127 and 2026-W48-5.
_STORED_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_FRIDAY = 4
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# "+3d", "+ 3 d" (as before) or "3d"; without the plus the unit must touch the number,
# so that "book 2 m" at the end of a capture line is not read as a date.
_OFFSET = re.compile(r"^(?:\+ ?(\d{1,4}) ?|(\d{1,4}))([dwm])$")
_DAY_OF_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
# The words only after "in": "in 3 days" reads as a date, "3 days" at the end of
# "take 3 days off" should not.  "in 3d" too, or "send it in 3d" would lose its "3d"
# to the date and keep a stray "in".
_IN = re.compile(r"^in (?:(\d{1,4}|an?|one) (day|week|month)s?|(\d{1,4})([dwm]))$")
# The longest gap between two 29 Februaries (2096 to 2104).
_LEAP_GAP = 8


class NotADate(InvalidInput):
    """Text in none of the forms coach reads as a date (not a date gone wrong)."""


class PastDate(InvalidInput):
    """A due date before today: the app asks to confirm it, the shell wants --allow-past."""

    def __init__(self, day: date, today: date) -> None:
        self.day = day
        super().__init__(
            f"That is in the past ({show_date(day, today)}); a due date is today or later."
        )


def parse_date(text: str, today: date) -> date | None:
    """The date `text` means, relative to `today`; None for blank text.

    Raises NotADate for text in none of the forms, and InvalidInput for a form with
    an impossible value (2026-02-30, 31 apr, +9999m from the year 9990).
    """
    phrase = " ".join(words(text)).lower()
    if not phrase:
        return None
    try:
        day = _read(phrase, today, trim(text))
    except OverflowError:  # a day beyond 9999-12-31 (or before year 1)
        raise InvalidInput(f"{trim(text)!r} is beyond the calendar.") from None
    if day is None:
        raise NotADate(f"{trim(text)!r} is not a date coach understands: use {FORMS}.")
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(f"{trim(text)!r} is {day:%Y}: coach keeps dates {RANGE}.")
    return day


def within_range(day: date) -> date:
    """`day`, or the nearest day coach keeps (for data written before the range was kept)."""
    return min(max(day, EARLIEST), LATEST)


def is_past(day: date | None, today: date) -> bool:
    """Whether `day` is before `today` (no date is never past)."""
    return day is not None and day < today


def due_date(text: str, today: date, *, allow_past: bool = False) -> date | None:
    """A due date typed: what parse_date reads, refused with PastDate if before today.

    The caller says how to keep a past date anyway (Enter again, --allow-past) and
    then calls again with `allow_past`.
    """
    day = parse_date(text, today)
    if not allow_past and day is not None and is_past(day, today):
        raise PastDate(day, today)
    return day


def _read(phrase: str, today: date, shown: str) -> date | None:
    """The date a normalised phrase means; None when it is in none of the forms."""
    named = _named_day(phrase, today)
    if named is not None:
        return named
    parts = phrase.split(" ")
    weekday = _weekday(phrase)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if len(parts) == 2 and parts[0] == "next":
        weekday = _weekday(parts[1])
        if weekday is not None:
            # The week after this one, not the seventh day after `fri`: said on a
            # Monday, "next fri" is eleven days away; on a Saturday, the coming Friday.
            monday = today - timedelta(days=today.weekday())
            return monday + timedelta(days=7 + weekday)
    offset = _OFFSET.match(phrase)
    if offset:
        return _add(today, int(offset.group(1) or offset.group(2)), offset.group(3), shown)
    within = _IN.match(phrase)
    if within:
        amount = within.group(1) or within.group(3)
        unit = (within.group(2) or within.group(4))[0]
        return _add(today, int(amount) if amount[0].isdigit() else 1, unit, shown)
    iso = _ISO.match(phrase)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise InvalidInput(f"{shown!r} is not a real date.") from None
    if len(parts) == 2:
        return _day_of_year(parts, today, shown)
    return None


def _named_day(phrase: str, today: date) -> date | None:
    """The days with a name of their own: today, tomorrow, yesterday, eow, eom."""
    if phrase in ("today", "tod"):
        return today
    if phrase in ("tomorrow", "tom", "tmr"):
        return today + timedelta(days=1)
    if phrase == "yesterday":
        return today - timedelta(days=1)
    if phrase == "eow":
        # Friday, not Sunday: a leader promising something "by the end of the week"
        # means the working week, and a task due on a Sunday sits unseen over the weekend.
        return today + timedelta(days=(_FRIDAY - today.weekday()) % 7)
    if phrase == "eom":
        return today.replace(day=_days_in(today.year, today.month))
    return None


def _days_in(year: int, month: int) -> int:
    """How many days `month` of `year` has: calendar.monthrange's, without importing the
    calendar module on every start (the dashboard's first frame has dates to show)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def _weekday(word: str) -> int | None:
    """Monday is 0: a weekday's name or any start of it of three letters or more."""
    return _named(word, _WEEKDAYS)


def _named(word: str, names: tuple[str, ...]) -> int | None:
    if len(word) < 3:
        return None
    return next((index for index, name in enumerate(names) if name.startswith(word)), None)


def _day_of_year(parts: list[str], today: date, shown: str) -> date | None:
    """'dec 25' or '25 dec': the next such day from today on; None if not that form."""
    for month_word, day_word in (parts, parts[::-1]):
        month = _named(month_word, _MONTHS)
        number = _DAY_OF_MONTH.match(day_word)
        if month is not None and number:
            return _next_day_of_year(month + 1, int(number.group(1)), today, shown)
    return None


def _next_day_of_year(month: int, day: int, today: date, shown: str) -> date:
    # Measured against a leap year, so that 29 February is real: it comes round.
    if not 1 <= day <= _days_in(2000, month):
        raise InvalidInput(f"{shown!r} is not a real date.")
    for year in range(today.year, min(today.year + _LEAP_GAP, date.max.year) + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February in a year that has none
        if candidate >= today:
            return candidate
    raise InvalidInput(f"{shown!r} is too far ahead.")


def _add(today: date, amount: int, unit: str, shown: str) -> date:
    if unit == "m":
        month_index = today.month - 1 + amount
        year, month = today.year + month_index // 12, month_index % 12 + 1
        if year > date.max.year:
            raise InvalidInput(f"{shown!r} is too far ahead.")
        return date(year, month, min(today.day, _days_in(year, month)))
    try:
        return today + timedelta(days=amount * (7 if unit == "w" else 1))
    except OverflowError:
        raise InvalidInput(f"{shown!r} is too far ahead.") from None


def show_date(day: date | None, today: date) -> str:
    """'Fri 27 Nov', with the year when it is not this year; '' for no date."""
    if day is None:
        return ""
    if day.year == today.year:
        return day.strftime("%a %d %b")
    return day.strftime("%a %d %b %Y")


def _how_long(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{days // 7} weeks"
    return f"{days // 30} months"


def show_due(day: date | None, today: date) -> str:
    """A due date with how near it is: 'today', 'tomorrow', '3 days late', 'Fri 27 Nov'."""
    if day is None:
        return "no date"
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta < 0:
        return f"{_how_long(-delta)} late"
    return show_date(day, today)


def stored_day(value: object, *, strict: bool = False) -> date | None:
    """A day as stored (ISO, "2026-11-27"); None when missing.

    A day outside the years coach keeps is read as the nearest it keeps, so data
    written before that rule still shows and exports.

    A malformed value is None too, for the lists that read raw documents; the
    store's record codecs read with `strict`, which raises ValueError instead,
    so a damaged date is never silently taken for "no date" in a record.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        if not _STORED_DAY.fullmatch(value):
            raise ValueError(f"{value!r} is not a day as coach writes it")
        return within_range(date.fromisoformat(value))
    except ValueError:
        if strict:
            raise
        return None


def day_of_moment(value: object) -> date | None:
    """The day of a stored moment ("2026-11-27T09:30:00+00:00"); None when missing or malformed."""
    return stored_day(value[:10]) if isinstance(value, str) else None


def show_short(day: date | None, today: date) -> str:
    """'20 Nov', with the year when it is not this year; '' for no date."""
    if day is None:
        return ""
    return f"{day:%d %b}" + (f" {day:%Y}" if day.year != today.year else "")
