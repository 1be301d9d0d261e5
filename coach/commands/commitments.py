"""`coach commitments`: the open commitments, for people (plain text) or scripts (--json).

Meant to be run from a shell prompt, so it starts as fast as Python can parse the
data: it reads the data file and its journal directly (exactly as the app does,
so changes not yet folded into the data file are seen) and imports neither
Textual nor the app.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.commands.arguments import add_today
from coach.commands.output import note_if_no_data
from coach.dates import show_due
from coach.folding import one_called
from coach.relay.refs import short_refs
from coach.storage import layout
from coach.user_text import cells_wide, collapse, terminal_safe

# Imported where used: every start of coach imports this module, to list the command.
if TYPE_CHECKING:
    from coach.store.views import CommitmentView, PersonView

Tables = dict[str, dict[str, Any]]

NAME = "commitments"
HELP = "list the open commitments (overdue first)"
DESCRIPTION = (
    "List the open commitments, overdue first, then by due date, undated last: plain text "
    "for people, or --json for scripts."
)
OWNERS = ("me", "them", "both")


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


def run(args: argparse.Namespace, directory: Path) -> int:
    """Print the open commitments that pass the filters."""
    from coach.relay.refs import SHORTEST, SHORTEST_UNSEEN
    from coach.storage.loading import read_at_hand, take_later
    from coach.store.views import CommitmentView, PersonView

    today: date = args.today or date.today()
    if not args.due:  # a prompt's line stays silent
        note_if_no_data(directory)
    # Open commitments, people and the conversations of the last months are at hand,
    # whatever the length of the history: the settled rest is not read, nor the data
    # file's later section (coach.store.placement): people, open commitments and each
    # person's last conversation (their rhythm, for --due) are all before it.
    # Of those, only the tables it shows (written first: coach.storage.datafile).
    wanted = (layout.PEOPLE, layout.COMMITMENTS) + ((layout.CONVERSATIONS,) if args.due else ())
    loaded = read_at_hand(directory, leave_later=True, only=wanted)
    if args.due and loaded.journaled.get(layout.CONVERSATIONS):
        # A conversation changed since the file was written (one removed, a date moved):
        # the one before it, which makes the rhythm then, may be in the later section,
        # maybe left on disk: then read again, with it (data and journal together).
        if loaded.later_unread:
            loaded = read_at_hand(directory, only=wanted)
        else:
            take_later(directory, loaded)
    tables = loaded.tables
    people = [PersonView.of(doc) for doc in tables.get(layout.PEOPLE, {}).values()]
    names = {person.id: person.name for person in people}
    person_id = one_called(names, args.person) if args.person else None
    stored = tables.get(layout.COMMITMENTS, {})
    # Only open ones are listed (most at hand are closed, the ledger's year of them).
    commitments = [
        CommitmentView.of(doc) for doc in stored.values() if doc.get("status", "open") == "open"
    ]
    if args.due:
        _print_due(
            tables,
            commitments,
            people,
            today,
            person_id=person_id,
            owner=args.owner,
            as_json=args.json,
        )
        return 0
    found = [
        commitment
        for commitment in commitments
        if commitment.is_open
        and (person_id is None or commitment.person_id == person_id)
        and (args.owner is None or commitment.owner == args.owner)
        and (not args.overdue or commitment.is_overdue(today))
    ]
    found.sort(key=lambda c: (c.due is None, c.due or date.max, c.created))
    # Short enough to type, unique among every commitment (undo takes settled ones too).
    shortest = SHORTEST_UNSEEN if loaded.parts else SHORTEST
    every_id = (str(doc.get("id")) for doc in stored.values())
    refs = short_refs(every_id, shortest, only=[commitment.id for commitment in found])
    if args.json:
        _print_json(found, names, refs, today)
    else:
        filtered = bool(args.person or args.owner or args.overdue)
        _print_plain(found, names, refs, today, filtered)
    return 0


def _print_due(
    tables: Tables,
    commitments: list[CommitmentView],
    everyone: list[PersonView],
    today: date,
    *,
    person_id: str | None,
    owner: str | None,
    as_json: bool,
) -> None:
    from coach.memory.nudges import gather, status_line
    from coach.store.views import ConversationView

    dues = [
        commitment.due
        for commitment in commitments
        if commitment.is_open
        and (person_id is None or commitment.person_id == person_id)
        and (owner is None or commitment.owner == owner)
    ]
    people = [person for person in everyone if person_id is None or person.id == person_id]
    # Only the conversations of people with a rhythm can make anyone due one.
    rhythmic = {person.id for person in people if person.cadence}
    conversations = [
        view
        for doc in tables.get(layout.CONVERSATIONS, {}).values()
        if (view := ConversationView.of(doc)).person_id in rhythmic
    ]
    nudges = gather(dues, people, conversations, today)
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


def _print_json(
    found: list[CommitmentView], names: dict[str, str], refs: dict[str, str], today: date
) -> None:
    listed = [
        {
            "id": commitment.id,
            "ref": refs[commitment.id],
            "text": commitment.text,
            "owner": commitment.owner,
            "person": names.get(commitment.person_id, ""),
            "person_id": commitment.person_id,
            "conversation_id": commitment.conversation_id,
            "due": commitment.due.isoformat() if commitment.due else None,
            "overdue": commitment.is_overdue(today),
            "created": commitment.created,
        }
        for commitment in found
    ]
    # ASCII: any text survives any terminal or pipe, and every JSON reader decodes it.
    sys.stdout.write(json.dumps(listed, ensure_ascii=True, indent=2) + "\n")


def _padded(row: tuple[str, ...], widths: list[int]) -> str:
    cells = (row[i] + " " * (widths[i] - cells_wide(row[i]) + 2) for i in range(len(widths)))
    return "".join(cells) + row[len(widths)]


def _flat(text: str) -> str:
    # One line, shown safely: nothing stored can drive or garble the terminal.
    return collapse(terminal_safe(text))


def _print_plain(
    found: list[CommitmentView],
    names: dict[str, str],
    refs: dict[str, str],
    today: date,
    filtered: bool,
) -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A lone surrogate pasted from a terminal cannot be encoded; show it as ?.
        sys.stdout.reconfigure(errors="replace")
    if not found:
        print("No open commitments match." if filtered else "No open commitments.")
        return
    shown = {person_id: _flat(name) for person_id, name in names.items()}  # once a person
    rows = [
        (
            refs[commitment.id],
            show_due(commitment.due, today),
            commitment.owner,
            shown.get(commitment.person_id, "?"),
            _flat(commitment.text),
        )
        for commitment in found
    ]
    header = ("Ref", "Due", "Who", "With", "Commitment")
    table = [header, *rows]
    widths = [max(map(cells_wide, [row[i] for row in table])) for i in range(4)]
    # A row of ASCII (most) is padded by one format, a character a cell; any other by
    # measuring its cells (a wide character takes two).
    ascii_row = "  ".join(f"{{:<{width}}}" for width in widths) + "  {}"
    lines = [
        ascii_row.format(*row) if "".join(row[:4]).isascii() else _padded(row, widths)
        for row in table
    ]
    overdue = sum(commitment.is_overdue(today) for commitment in found)
    lines.append("")
    lines.append(f"{len(found)} open" + (f", {overdue} overdue" if overdue else "") + ".")
    sys.stdout.write("\n".join(lines) + "\n")
