"""`coach export`: conversations as Markdown, everything as JSON, dates as iCalendar."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from coach.commands.arguments import add_today
from coach.commands.output import say
from coach.errors import InvalidInput
from coach.storage import layout

NAME = "export"
HELP = "write conversations as Markdown, everything as JSON, or dates as iCalendar"
DESCRIPTION = (
    "Export your data. Markdown is a readable record of one conversation, one person's, "
    "or all of them; it leaves out your private preparation (the Safety and Transparency "
    "notes) unless you add --include-private. JSON is everything, lossless, for "
    "`coach import` or other tools (docs/export-format.md). iCalendar (ics) holds the next "
    "check-ins and the due dates of open commitments, for any calendar. Without --output "
    "the export is printed."
)
EPILOG = (
    "Files are written whole and private (0600); an existing file is only replaced with --force."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--format, --conversation or --person, --include-private, --output, --force."""
    parser.epilog = EPILOG
    parser.add_argument(
        "--format",
        choices=("markdown", "json", "ics"),
        default="markdown",
        help="(default markdown)",
    )
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument(
        "--conversation", metavar="ID", help="one conversation (its id, or the start of it)"
    )
    scope.add_argument("--person", metavar="NAME", help="every conversation with this person")
    parser.add_argument(
        "--include-private",
        action="store_true",
        help="Markdown: include your private preparation (Safety, Transparency)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of printing")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_today(parser)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Export and say where it went."""
    from coach.guidance.library import builtin_guidance
    from coach.sharing.exporting import (
        ExportFormat,
        ExportRequest,
        find_conversation,
        find_person,
        render,
        write_file,
    )
    from coach.store.store import Store

    chosen = ExportFormat(args.format)
    if chosen is not ExportFormat.MARKDOWN and (args.conversation or args.person):
        raise InvalidInput(
            f"--conversation and --person choose what goes into a Markdown export; "
            f"the {chosen.value} export always holds everything."
        )
    if chosen is not ExportFormat.MARKDOWN and args.include_private:
        raise InvalidInput(
            f"--include-private is for Markdown; the {chosen.value} export is your own and "
            "holds everything."
        )
    if not (directory / layout.DATA_NAME).exists():
        raise InvalidInput(f"There is no data in {directory} to export.")
    store = Store.open(directory, read_only=True)
    try:
        request = ExportRequest(
            chosen,
            conversation_id=find_conversation(store, args.conversation).id
            if args.conversation
            else None,
            person_id=find_person(store, args.person).id if args.person else None,
            include_private=args.include_private,
        )
        exported = render(store, request, args.today or date.today(), builtin_guidance())
    finally:
        store.close()
    if args.output:
        path = Path(args.output).expanduser()
        write_file(path, exported.data, replace=args.force)
        say(f"Exported to {path}.", to_errors=True)
    else:
        sys.stdout.buffer.write(exported.data)
        sys.stdout.flush()
    if exported.left_out_private:
        say(
            "Your private preparation (Safety, Transparency, unasked questions) is left out; "
            "add --include-private to include it.",
            to_errors=True,
        )
    return 0
