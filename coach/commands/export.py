"""`coach export`: conversations as Markdown, everything as JSON, dates as iCalendar."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, timedelta
from pathlib import Path

from coach.commands.arguments import add_today
from coach.commands.output import say
from coach.errors import InvalidInput
from coach.storage import layout

REMINDER = re.compile(r"^(\d{1,3})([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

NAME = "export"
HELP = "write conversations as Markdown, everything as JSON, or dates as iCalendar"
DESCRIPTION = (
    "Export your data. Markdown is a readable record of one conversation, one person's, "
    "or all of them; it leaves out your private preparation (the Safety and Transparency "
    "notes) unless you add --include-private. JSON is everything, lossless, for "
    "`coach import` or other tools; `coach export --schema` prints its JSON Schema. "
    "iCalendar (ics) holds every commitment as a to-do (open, completed or cancelled, so a "
    "calendar that imports the file again retires what is settled) and the next check-ins "
    "and prepared conversations as events. Without --output, or with --output -, the "
    "export is printed."
)
EPILOG = (
    "Files are written whole and private (0600); an existing file is only replaced with --force."
)
# Said after an export of encrypted data: the user asked for a file they can use elsewhere.
NOT_ENCRYPTED = (
    "The export is not encrypted: only you can read it here (0600), but anyone who gets the "
    "file can. Keep it safe, or remove it when done."
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
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of printing (- prints)"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument(
        "--remind",
        metavar="BEFORE",
        type=reminder,
        help="ics: a reminder this long before each due date and check-in (1d, 2h, 30m, 1w)",
    )
    parser.add_argument(
        "--schema",
        action="store_true",
        help="print the JSON export's schema (JSON Schema 2020-12), which says every field",
    )
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
    from coach.storage.unlocking import is_encrypted
    from coach.store.store import Store

    if args.schema:
        sys.stdout.buffer.write(schema())
        return 0
    chosen = ExportFormat(args.format)
    if args.remind is not None and chosen is not ExportFormat.ICS:
        raise InvalidInput("--remind is for the calendar: add --format ics.")
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
        raise InvalidInput(f"no coach data in {directory}: nothing to export.")
    store = Store.open(directory, read_only=True)
    try:
        request = ExportRequest(
            chosen,
            conversation_id=find_conversation(store, args.conversation).id
            if args.conversation
            else None,
            person_id=find_person(store, args.person).id if args.person else None,
            include_private=args.include_private,
            remind=args.remind,
        )
        exported = render(store, request, args.today or date.today(), builtin_guidance())
    finally:
        store.close()
    if args.output and args.output != "-":
        path = Path(args.output).expanduser()
        write_file(path, exported.data, replace=args.force)
        say(f"Exported to {path}.", to_errors=True)
        if is_encrypted(directory):
            say(NOT_ENCRYPTED, to_errors=True)
    else:
        sys.stdout.buffer.write(exported.data)
        sys.stdout.flush()
        if is_encrypted(directory) and sys.stdout.isatty() is False and sys.stderr.isatty():
            say(NOT_ENCRYPTED, to_errors=True)
    if exported.left_out_private:
        say(
            "Your private preparation (Safety, Transparency, unasked questions) is left out; "
            "add --include-private to include it.",
            to_errors=True,
        )
    return 0


def reminder(text: str) -> timedelta:
    """How long before: 30m, 2h, 1d or 1w (at least a minute, at most 52 weeks)."""
    found = REMINDER.match(text.lower())
    if not found or int(found.group(1)) == 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time before: give a number and m, h, d or w (30m, 2h, 1d, 1w)"
        )
    before = timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})
    if before > timedelta(weeks=52):
        raise argparse.ArgumentTypeError("at most 52 weeks before")
    return before


def schema() -> bytes:
    """The JSON export's schema, as installed with coach."""
    from importlib.resources import files  # here: every command would load it

    return files("coach.content").joinpath("export-format.schema.json").read_bytes()
