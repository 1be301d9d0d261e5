"""`coach report`: the reliability ledger, for people (a small table) or scripts (--json).

The same figures as the dashboard and the person view (coach.memory.ledger), read
straight from the data file and its journal like `coach commitments`, without
Textual or TinyDB.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coach.commands.arguments import add_today
from coach.commands.output import note_if_no_data
from coach.folding import one_called
from coach.memory.holding import Holding, described, holding
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
from coach.storage import layout
from coach.user_text import cells_wide, collapse, terminal_safe

NAME = "report"
HELP = "how reliably commitments are kept, mine and theirs"
DESCRIPTION = (
    f"The reliability ledger: my commitments and theirs kept on time, kept late, "
    f"renegotiated in time, slipped and broken, over the last {WINDOW_DAYS} days and the "
    "last 12 months one by one, overall and for each person (the rules: docs/reliability.md). "
    "Plain text for people, --json for scripts."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--person, --json."""
    parser.add_argument("--person", metavar="NAME", help="only the commitments with this person")
    parser.add_argument("--json", action="store_true", help="print JSON (for scripts)")
    add_today(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Print the ledger."""
    from coach.storage.loading import read_tables
    from coach.store.views import CommitmentView, ConversationView, PersonView

    today: date = args.today or date.today()
    note_if_no_data(directory)
    tables = read_tables(directory)
    people = [PersonView.of(doc) for doc in tables.get(layout.PEOPLE, {}).values()]
    names = {person.id: person.name for person in people}
    person_id = one_called(names, args.person) if args.person else None
    views = [CommitmentView.of(doc) for doc in tables.get(layout.COMMITMENTS, {}).values()]
    commitments = [v.whole() for v in views if person_id is None or v.person_id == person_id]
    overall = ledger(commitments, today)
    talks = [ConversationView.of(doc) for doc in tables.get(layout.CONVERSATIONS, {}).values()]
    held = holding([v for v in talks if person_id is None or v.person_id == person_id], today)
    by_person = [] if person_id else _by_person(commitments, names, today)
    if args.json:
        _print_json(overall, by_person, names.get(person_id or ""), today, held)
    else:
        _print_plain(overall, by_person, names.get(person_id or ""), today, held)
    return 0


def _by_person(
    commitments: list[Commitment], names: dict[str, str], today: date
) -> list[tuple[str, str, Ledger]]:
    """Each person with commitments: (id, name, ledger), by name."""
    grouped: dict[str, list[Commitment]] = {}
    for commitment in commitments:
        grouped.setdefault(commitment.person_id, []).append(commitment)
    found = [(key, names.get(key, "?"), ledger(made, today)) for key, made in grouped.items()]
    return sorted(found, key=lambda item: item[1].casefold())


def _print_json(
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


def _print_plain(
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
