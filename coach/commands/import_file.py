"""`coach import FILE.json`: merge a JSON export into the data, overwriting nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.commands.output import say
from coach.errors import InvalidInput

NAME = "import"
HELP = "merge a JSON export into your data (nothing stored is overwritten)"
DESCRIPTION = (
    "Merge a JSON export (from `coach export --format json`) into your data. Records are "
    "matched by id: new ones are added, identical ones skipped, and one that differs from "
    "what is stored is reported as a conflict and left as it is stored. Importing the "
    "same file twice changes nothing. A damaged or foreign file is refused and nothing "
    "changes."
)
EPILOG = (
    "Exit status: 0 when everything in the file is now in your data, 3 when some records "
    "were left out because of conflicts (listed), 1 when the file was refused."
)
EXIT_CONFLICTS = 3
SHOWN_CONFLICTS = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE and --dry-run."""
    parser.epilog = EPILOG
    parser.add_argument("file", metavar="FILE", help="a JSON export (- reads standard input)")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be imported, change nothing"
    )


def run(args: argparse.Namespace, directory: Path) -> int:
    """Import and report what came in, what was already there, and every conflict."""
    from coach.sharing import archive
    from coach.sharing.importing import import_export
    from coach.store.store import Store

    if args.file == "-":
        export = archive.decode(read_standard_input(), "standard input")
    else:
        path = Path(args.file).expanduser()
        export = archive.decode(archive.read_export(path), str(path))
    # The backup waits until the file is known to be importable: "nothing was changed"
    # must hold for backups/ too.
    store = Store.open(directory, back_up=False)
    try:
        import_export(store, export, dry_run=True)  # refuses here, before any change
        if not args.dry_run:
            store.back_up()
        for warning in store.warnings:
            say(warning, to_errors=True)
        report = import_export(store, export, dry_run=args.dry_run)
    finally:
        store.close()
    added = ", ".join(f"{count} {table}" for table, count in report.added.items() if count)
    verb = "Would add" if args.dry_run else "Added"
    # Table names, ids, names and field names come from the file and the data: each
    # line goes through say(), so none can drive the terminal or fail to print.
    say(f"{verb} {added}." if added else "Nothing new to add.")
    if report.unchanged:
        say(f"{report.unchanged} already in your data, unchanged.")
    for conflict in report.conflicts[:SHOWN_CONFLICTS]:
        fields = f" (differs in: {', '.join(conflict.fields)})" if conflict.fields else ""
        say(f"Conflict, kept as stored: {conflict.what}{fields} [{conflict.id}]")
    if len(report.conflicts) > SHOWN_CONFLICTS:
        say(f"… and {len(report.conflicts) - SHOWN_CONFLICTS} more conflicts.")
    if report.left_out:
        say(
            f"Left out {len(report.left_out)} records with people not imported "
            "(see the conflicts above)."
        )
    if args.dry_run:
        say("Dry run: nothing was changed.")
    return EXIT_CONFLICTS if report.conflicts or report.left_out else 0


def read_standard_input() -> bytes:
    """What is piped in, refused past an export's largest size (read no further)."""
    from coach.sharing import archive

    if sys.stdin is None or sys.stdin.isatty():
        raise InvalidInput("Pipe a JSON export in to import from standard input (-).")
    raw = sys.stdin.buffer.read(archive.MOST_BYTES + 1)
    if len(raw) > archive.MOST_BYTES:
        raise archive.ImportRefused(
            f"Standard input cannot be imported, nothing was changed: an import may hold at "
            f"most {archive.MOST_BYTES / 1e6:g} MB."
        )
    return raw
