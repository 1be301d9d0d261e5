"""`coach due REF DATE`: a new due date agreed, the old one kept in the history."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands import changing

NAME = "due"
HELP = "give a commitment a new due date (a renegotiation: the old date is kept)"
DESCRIPTION = (
    "Give an open commitment a new due date, agreed with the other person: a "
    "renegotiation, recorded with the date it replaces, so a slip is never silent "
    "(the ledger counts one made in time as kept faith). The new date is a day to come."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """REF, DATE and --note."""
    parser.add_argument("ref", metavar="REF", help=changing.REF_HELP)
    parser.add_argument(
        "date", metavar="DATE", nargs="+", help="the new date: 2026-12-04, fri, next fri, 3d …"
    )
    parser.add_argument("--note", metavar="TEXT", default="", help="why it moved (optional)")
    changing.add_common(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Give it the new date, here or through the open app."""
    from coach.relay.protocol import Action, Change

    today = changing.today_of(args)
    new_due = changing.read_due(" ".join(args.date), today, allow_past=False)
    change = Change(
        Action.DUE,
        today.isoformat(),
        ref=args.ref,
        due=new_due.isoformat() if new_due else None,
        reason=args.note,
    )
    return changing.show(changing.deliver(directory, change), as_json=args.json)
