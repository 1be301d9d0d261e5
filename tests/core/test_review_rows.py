"""The review table's rows: filters by person, purpose, status and dates; sort orders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.errors import InvalidInput
from coach.guidance.library import builtin_guidance
from coach.review.rows import Filters, ReviewRow, parse_bound, review_rows, sort_rows
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.review_data import seed


@pytest.fixture
def rows(data_dir: Path) -> list[ReviewRow]:
    seed(data_dir)
    store = Store.open(data_dir, read_only=True)
    return review_rows(
        store.people.views(),
        store.conversations.views(),
        store.commitments.views(),
        TODAY,
        builtin_guidance(),
    )


def ids(rows: list[ReviewRow], filters: Filters) -> list[str]:
    return sorted(row.id for row in rows if filters.admits(row))


def test_a_row_says_who_why_when_and_what_is_open(rows: list[ReviewRow]) -> None:
    """Person, purpose title, status, and open commitments with how many are overdue."""
    budget = next(r for r in rows if r.id == "c-budget")
    assert (budget.person, budget.purpose_title, budget.status) == (
        "Zoë Ångström",
        "Building trust",
        "held",
    )
    assert (budget.open, budget.overdue) == (1, 1)
    kickoff = next(r for r in rows if r.id == "c-kickoff")
    assert (kickoff.open, kickoff.overdue) == (0, 0)  # kept late and dropped are not open


def test_filters(rows: list[ReviewRow]) -> None:
    """Each filter narrows; together they all apply."""
    assert ids(rows, Filters()) == ["c-budget", "c-kickoff", "c-planned"]
    assert ids(rows, Filters(person_id="p-zoe")) == ["c-budget", "c-planned"]
    assert ids(rows, Filters(purpose="developing-people")) == ["c-kickoff"]
    assert ids(rows, Filters(status="preparing")) == ["c-planned"]
    assert ids(rows, Filters(person_id="p-zoe", status="held")) == ["c-budget"]
    assert ids(rows, Filters(person_id="p-sam", status="held")) == []


def test_date_range(rows: list[ReviewRow]) -> None:
    """From and to are inclusive; either may be left open."""
    week_ago = date(2026, 11, 13)
    assert ids(rows, Filters(start=week_ago)) == ["c-budget", "c-planned"]
    assert ids(rows, Filters(end=week_ago)) == ["c-budget", "c-kickoff"]
    assert ids(rows, Filters(start=week_ago, end=week_ago)) == ["c-budget"]


@pytest.mark.parametrize(
    ("column", "descending", "expected"),
    [
        ("date", True, ["c-planned", "c-budget", "c-kickoff"]),
        ("date", False, ["c-kickoff", "c-budget", "c-planned"]),
        ("person", False, ["c-kickoff", "c-budget", "c-planned"]),
        ("purpose", False, ["c-budget", "c-kickoff", "c-planned"]),
        ("status", False, ["c-kickoff", "c-budget", "c-planned"]),
        ("open", True, ["c-budget", "c-planned", "c-kickoff"]),
    ],
)
def test_sort_orders(
    rows: list[ReviewRow], column: str, descending: bool, expected: list[str]
) -> None:
    """Every column sorts, both ways."""
    assert [r.id for r in sort_rows(rows, column, descending)] == expected


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2025", False, date(2025, 1, 1)),
        ("2025", True, date(2025, 12, 31)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2024-02", False, date(2024, 2, 1)),
        ("-2w", False, date(2026, 11, 6)),
        ("-3m", False, date(2026, 8, 20)),
        ("-1y", False, date(2025, 11, 20)),
        ("today", True, TODAY),
        ("2026-10-01", False, date(2026, 10, 1)),
        ("", False, None),
    ],
)
def test_date_bounds_people_type(text: str, end: bool, expected: date | None) -> None:
    """Years, months, time ago, and whatever a due date accepts."""
    assert parse_bound(text, TODAY, end=end) == expected


@pytest.mark.parametrize("text", ["2025-13", "0000", "last year", "-5x", "2026-02-30"])
def test_bad_date_bounds_say_what_works(text: str) -> None:
    """Anything else is refused with the forms that work."""
    with pytest.raises(InvalidInput, match="2025-06"):
        parse_bound(text, TODAY, end=False)
