"""The reliability ledger printed for `coach report`: a small table, or JSON for scripts."""

from __future__ import annotations

import io
import json
import sys
from datetime import date, timedelta
from typing import Any

from coach.memory.holding import Holding, described
from coach.memory.ledger import (
    TREND_LABEL,
    WINDOW_DAYS,
    Ledger,
    Sides,
    Tally,
    ledger,
    percent,
    sparkline,
)
from coach.model import Commitment
from coach.user_text import cells_wide, collapse, terminal_safe


def by_person(
    commitments: list[Commitment], names: dict[str, str], today: date
) -> list[tuple[str, str, Ledger]]:
    """Each person with commitments: (id, name, ledger), by name."""
    grouped: dict[str, list[Commitment]] = {}
    for commitment in commitments:
        grouped.setdefault(commitment.person_id, []).append(commitment)
    found = [(key, names.get(key, "?"), ledger(made, today)) for key, made in grouped.items()]
    return sorted(found, key=lambda item: item[1].casefold())


def print_json(
    overall: Ledger,
    people: list[tuple[str, str, Ledger]],
    person: str | None,
    today: date,
    held: Holding,
) -> None:
    document: dict[str, Any] = {
        "as_of": today.isoformat(),
        "window_days": WINDOW_DAYS,
        "window": {
            "from": (today - timedelta(days=WINDOW_DAYS - 1)).isoformat(),
            "to": today.isoformat(),
        },
        "person": person,
        "last_days": _sides(overall.window),
        "months": [
            {"month": month.start.strftime("%Y-%m"), **_sides(month.sides)}
            for month in overall.months
        ],
    }
    if person is None:
        document["people"] = [
            {"person": name, "person_id": key, **_sides(book.window)} for key, name, book in people
        ]
    document["held"] = [
        {
            "month": month.start.strftime("%Y-%m"),
            "meetings": month.held,
            "understanding_checked": month.checked,
            "understanding_confirmed": month.confirmed,
            "look_back": {key: list(given) for key, given in month.ratings.items()},
        }
        for month in held.months
    ]
    sys.stdout.write(json.dumps(document, ensure_ascii=True, indent=2) + "\n")


def _sides(sides: Sides) -> dict[str, Any]:
    return {"mine": sides.mine.as_dict(), "theirs": sides.theirs.as_dict()}


def _row(label: str, tally: Tally) -> list[str]:
    return [
        label,
        str(tally.on_time),
        str(tally.late),
        str(tally.renegotiated),
        str(tally.slipped),
        str(tally.broken),
        str(tally.open),
        percent(tally.rate),
    ]


def _table(rows: list[list[str]], right_from: int = 1) -> list[str]:
    widths = [max(cells_wide(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            _pad(cell, widths[i], right=i >= right_from) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def _pad(text: str, width: int, *, right: bool) -> str:
    room = " " * (width - cells_wide(text))
    return room + text if right else text + room


def print_plain(
    overall: Ledger,
    people: list[tuple[str, str, Ledger]],
    person: str | None,
    today: date,
    held: Holding,
) -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")
    whose = f" with {_flat(person)}" if person else ""
    since = today - timedelta(days=WINDOW_DAYS - 1)
    lines = [
        f"Commitments{whose}, the last {WINDOW_DAYS} days: "
        f"{since:%a %d %b %Y} to {today:%a %d %b %Y}",
        "",
    ]
    header = ["", "on time", "late", "renegotiated", "slipped", "broken", "open", "on-time rate"]
    window = overall.window
    lines += _table([header, _row("Mine", window.mine), _row("Theirs", window.theirs)])
    first, last = overall.months[0].start, overall.months[-1].start
    lines += [
        "",
        f"The last {len(overall.months)} months, {first:%b %Y} to {last:%b %Y}: "
        "kept on time of those counted (on time/counted):",
        "",
    ]
    rows = [["", "mine", "rate", "theirs", "rate"]]
    for month in overall.months:
        mine, theirs = month.sides.mine, month.sides.theirs
        rows.append(
            [
                month.start.strftime("%b %Y"),
                _month_cell(mine),
                percent(mine.rate),
                _month_cell(theirs),
                percent(theirs.rate),
            ]
        )
    lines += _table(rows)
    lines += [
        "",
        f"Mine, {TREND_LABEL}:   {sparkline(overall.trend('mine'))}",
        f"Theirs, {TREND_LABEL}: {sparkline(overall.trend('theirs'))}",
    ]
    if people:
        lines += [
            "",
            f"By person, the last {WINDOW_DAYS} days, to {today:%a %d %b %Y} (on time/counted):",
            "",
        ]
        rows = [["", "mine", "rate", "theirs", "rate"]]
        for _key, name, book in people:
            mine, theirs = book.window.mine, book.window.theirs
            rows.append(
                [
                    _flat(name),
                    _month_cell(mine),
                    percent(mine.rate),
                    _month_cell(theirs),
                    percent(theirs.rate),
                ]
            )
        lines += _table(rows)
    if how := described(held):
        lines += ["", f"How I held the conversations{whose}, the last 12 months:", "", *how]
    sys.stdout.write("\n".join(lines) + "\n")


def _month_cell(tally: Tally) -> str:
    """'3/4': kept on time, of those that counted; '—' when none did."""
    return f"{tally.on_time}/{tally.counted}" if tally.counted else "—"


def _flat(text: str) -> str:
    # One line, shown safely: nothing stored can drive or garble the terminal.
    return collapse(terminal_safe(text))
