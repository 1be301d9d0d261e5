"""`coach add TEXT --person NAME`: a new commitment, from the shell."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands import changing
from coach.commands.commitments import OWNERS

NAME = "add"
HELP = "add a commitment (who made it, to whom, by when)"
DESCRIPTION = (
    "Add a commitment made with someone: what was promised, who owns it (me, them or "
    "both; me unless said) and when it is due. The person must be stored (a unique piece "
    "of the name will do) unless --new-person says to add them."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """TEXT, --person, --owner, --due, --allow-past, --new-person."""
    parser.add_argument("text", metavar="TEXT", nargs="+", help="what was promised")
    parser.add_argument("--person", metavar="NAME", required=True, help="with whom")
    parser.add_argument("--owner", choices=OWNERS, default="me", help="whose it is (default me)")
    parser.add_argument(
        "--due", metavar="DATE", help="when: 2026-12-04, fri, next fri, eow, 3d, in 2 weeks …"
    )
    parser.add_argument(
        "--allow-past", action="store_true", help="keep a due date that has already passed"
    )
    parser.add_argument(
        "--new-person", action="store_true", help="add the person if no one of that name is stored"
    )
    changing.add_common(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Add it, here or through the open app."""
    from coach.model import new_id
    from coach.relay.protocol import Action, Change

    today = changing.today_of(args)
    due = changing.read_due(args.due, today, allow_past=args.allow_past) if args.due else None
    change = Change(
        Action.ADD,
        today.isoformat(),
        text=" ".join(args.text),
        person=args.person,
        owner=args.owner,
        due=due.isoformat() if due else None,
        commitment_id=new_id(),
        new_person=args.new_person,
    )
    return changing.show(changing.deliver(directory, change), as_json=args.json)
