"""Reading the dates people type, and writing dates the way people read them.

Accepted: an ISO date (2026-11-27), today, tomorrow, yesterday, a weekday name or
its first three letters (the next such day after today), and offsets such as
+3d, +2w or +1m.  Anything else is refused with a message that says what works.
Stored days are read back with `stored_day`, the one reader of days on disk.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from coach.errors import InvalidInput
from coach.user_text import trim

FORMS = "a date like 2026-11-27, today, tomorrow, a weekday (fri), or +3d / +2w / +1m"

_WEEKDAYS = [name.lower() for name in calendar.day_name]
_OFFSET = re.compile(r"^\+\s*(\d{1,4})\s*([dwm])$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str, today: date) -> date | None:
    """The date `text` means, relative to `today`; None for blank text."""
    word = trim(text).lower()
    if not word:
        return None
    if word in ("today", "tod"):
        return today
    if word in ("tomorrow", "tom", "tmr"):
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    weekday = _weekday(word)
    if weekday is not None:
        ahead = (weekday - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    offset = _OFFSET.match(word)
    if offset:
        return _add(today, int(offset.group(1)), offset.group(2))
    iso = _ISO.match(word)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise InvalidInput(f"{trim(text)!r} is not a real date.") from None
    raise InvalidInput(f"{trim(text)!r} is not a date coach understands: use {FORMS}.")


def _weekday(word: str) -> int | None:
    if len(word) < 3:
        return None
    for index, name in enumerate(_WEEKDAYS):
        if name.startswith(word):
            return index
    return None


def _add(today: date, amount: int, unit: str) -> date:
    if unit == "d":
        days = amount
    elif unit == "w":
        days = amount * 7
    else:
        month_index = today.month - 1 + amount
        year, month = today.year + month_index // 12, month_index % 12 + 1
        if year > date.max.year:
            raise InvalidInput(f"+{amount}{unit} is too far ahead.")
        return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    try:
        return today + timedelta(days=days)
    except OverflowError:
        raise InvalidInput(f"+{amount}{unit} is too far ahead.") from None


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

    A malformed value is None too, for the lists that read raw documents; the
    store's record codecs read with `strict`, which raises ValueError instead,
    so a damaged date is never silently taken for "no date" in a record.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
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
