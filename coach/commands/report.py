"""`coach report`: the reliability ledger, for people (a small table) or scripts (--json).

The same figures as the dashboard and the person view (coach.memory.ledger), read
from the whole history. The ledger and its printing (coach.commands.reliability) are
imported when the report is asked for: every other command's start would pay for them.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coach.commands.arguments import add_today
from coach.commands.output import note_if_no_data
from coach.folding import one_called
from coach.storage import layout

NAME = "report"
HELP = "how reliably commitments are kept, mine and theirs"
WINDOW_DAYS = 90  # coach.memory.ledger's (a test holds them the same)
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
    from coach.commands.reliability import by_person, print_json, print_plain
    from coach.memory.holding import holding
    from coach.memory.ledger import ledger
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
    listed = [] if person_id else by_person(commitments, names, today)
    if args.json:
        print_json(overall, listed, names.get(person_id or ""), today, held)
    else:
        print_plain(overall, listed, names.get(person_id or ""), today, held)
    return 0
