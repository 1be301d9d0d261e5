"""`coach commitments`: the open commitments, for people (plain text) or scripts (--json).

Meant to be run from a shell prompt, so it starts as fast as Python can parse the
data: it reads the data file and its journal directly (exactly as the app does,
so changes not yet folded into the data file are seen) and imports neither
Textual nor the app.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from coach.commands.arguments import add_today
from coach.dates import show_due
from coach.folding import one_called
from coach.user_text import cells_wide, collapse, visible

NAME = "commitments"
HELP = "list the open commitments (overdue first)"
DESCRIPTION = (
    "List the open commitments, overdue first, then by due date, undated last: plain text "
    "for people, or --json for scripts."
)
OWNERS = ("me", "them", "both")
# The file names DurableStorage uses (coach.storage.durable is not imported: it brings TinyDB).
DATA_NAME = "coach.json"
JOURNAL_NAME = "coach.journal"

Document = dict[str, Any]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--person, --owner, --overdue, --json."""
    parser.add_argument("--person", metavar="NAME", help="only those with this person")
    parser.add_argument("--owner", choices=OWNERS, help="only those made by me, them or both")
    parser.add_argument("--overdue", action="store_true", help="only those past their due date")
    parser.add_argument("--json", action="store_true", help="print JSON (for scripts)")
    parser.add_argument(
        "--due",
        action="store_true",
        help="one line of what is due now: commitments due today or overdue, people due a "
        "conversation (for a shell prompt or status bar; prints nothing when nothing is due)",
    )
    add_today(parser)


def read_tables(directory: Path) -> dict[str, dict[str, Any]]:
    """The data as stored (journal included), read as fast as Python parses JSON."""
    from coach.storage.loading import load

    # Parsing allocates millions of objects, none of them in cycles: the collector
    # would only walk them over and over (a quarter of the time), so it waits.
    gc.disable()
    try:
        return load(directory / DATA_NAME, directory / JOURNAL_NAME).tables
    finally:
        gc.freeze()  # what was read is kept to the end: never walk it
        gc.enable()


def run(args: argparse.Namespace, directory: Path) -> int:
    """Print the open commitments that pass the filters."""
    today: date = args.today or date.today()
    tables = read_tables(directory)
    people = tables.get("people", {})
    names = {key: str(doc.get("name", "")) for key, doc in people.items()}
    person_id = one_called(names, args.person) if args.person else None
    if args.due:
        _print_due(tables, person_id, args.owner, today, as_json=args.json)
        return 0
    found = [
        doc
        for doc in tables.get("commitments", {}).values()
        if doc.get("status", "open") == "open"
        and (person_id is None or doc.get("person_id") == person_id)
        and (args.owner is None or doc.get("owner") == args.owner)
        and (not args.overdue or _overdue(doc, today))
    ]
    found.sort(key=lambda d: (not d.get("due"), d.get("due") or "", str(d.get("created", ""))))
    if args.json:
        _print_json(found, names, today)
    else:
        filtered = bool(args.person or args.owner or args.overdue)
        _print_plain(found, names, today, filtered)
    return 0


def _overdue(doc: Document, today: date) -> bool:
    due = doc.get("due")
    return bool(due) and str(due) < today.isoformat()


def _print_due(
    tables: dict[str, dict[str, Any]],
    person_id: str | None,
    owner: str | None,
    today: date,
    *,
    as_json: bool,
) -> None:
    from coach.memory.cadence import meeting_of
    from coach.memory.nudges import gather, status_line
    from coach.store.records import person_from_record

    dues = [
        _day(doc.get("due"))
        for doc in tables.get("commitments", {}).values()
        if doc.get("status", "open") == "open"
        and (person_id is None or doc.get("person_id") == person_id)
        and (owner is None or doc.get("owner") == owner)
    ]
    people = [
        person_from_record(doc)
        for key, doc in tables.get("people", {}).items()
        if person_id is None or key == person_id
    ]
    # Only the conversations of people with a rhythm can make anyone due one.
    rhythmic = {person.id for person in people if person.cadence}
    meetings = [
        meeting_of(doc)
        for doc in tables.get("conversations", {}).values()
        if doc.get("person_id") in rhythmic
    ]
    nudges = gather(dues, people, meetings, today)
    if as_json:
        found = {
            "overdue": nudges.overdue,
            "due_today": nudges.due_today,
            "people_due": [
                {"person": r.name, "person_id": r.person_id, "due": r.next_due.isoformat()}
                for r in nudges.people
            ],
        }
        sys.stdout.write(json.dumps(found, ensure_ascii=True) + "\n")
        return
    line = status_line(nudges)
    if line:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(errors="replace")
        sys.stdout.write(_flat(line) + "\n")


def _print_json(found: list[Document], names: dict[str, str], today: date) -> None:
    listed = [
        {
            "id": doc.get("id"),
            "text": doc.get("text", ""),
            "owner": doc.get("owner", "me"),
            "person": names.get(str(doc.get("person_id")), ""),
            "person_id": doc.get("person_id"),
            "conversation_id": doc.get("conversation_id"),
            "due": doc.get("due"),
            "overdue": _overdue(doc, today),
            "created": doc.get("created"),
        }
        for doc in found
    ]
    # ASCII: any text survives any terminal or pipe, and every JSON reader decodes it.
    sys.stdout.write(json.dumps(listed, ensure_ascii=True, indent=2) + "\n")


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cells_wide(text))


def _flat(text: str) -> str:
    # One line, control characters as symbols: nothing stored can drive the terminal.
    return collapse(visible(text))


def _print_plain(found: list[Document], names: dict[str, str], today: date, filtered: bool) -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A lone surrogate pasted from a terminal cannot be encoded; show it as ?.
        sys.stdout.reconfigure(errors="replace")
    if not found:
        print("No open commitments match." if filtered else "No open commitments.")
        return
    rows = [
        (
            show_due(_day(doc.get("due")), today),
            str(doc.get("owner", "me")),
            _flat(names.get(str(doc.get("person_id")), "?")),
            _flat(str(doc.get("text", ""))),
        )
        for doc in found
    ]
    header = ("Due", "Who", "With", "Commitment")
    widths = [max(cells_wide(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        lines.append("  ".join(_pad(row[i], widths[i]) for i in range(3)) + "  " + row[3])
    overdue = sum(_overdue(doc, today) for doc in found)
    lines.append("")
    lines.append(f"{len(found)} open" + (f", {overdue} overdue" if overdue else "") + ".")
    sys.stdout.write("\n".join(lines) + "\n")


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None
