"""The `coach` command: opens the app, or runs a sub-command without it.

Textual is imported only when the app is opened, so sub-commands and --version
start as fast as Python does.  Errors go to stderr as one plain sentence with a
non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from types import ModuleType

from coach import __version__
from coach.commands import commitments, demo, doctor, export, import_file, live, report
from coach.commands.output import forgiving_streams, say
from coach.errors import CoachError
from coach.launch import open_app
from coach.locations import DATA_DIR_VARIABLE, data_dir

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

# Each sub-command is a module in coach/commands; adding one means adding it here.
COMMANDS: tuple[ModuleType, ...] = (
    demo,
    live,
    export,
    import_file,
    commitments,
    report,
    doctor,
)


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options and every sub-command."""
    parser = argparse.ArgumentParser(
        prog="coach",
        description=(
            "Prepare, hold and follow through on alliance conversations. "
            "Run without a command to open the app."
        ),
        epilog=f"Data lives in the platform's data directory unless --data-dir or "
        f"${DATA_DIR_VARIABLE} says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep the data in DIR (default: ${DATA_DIR_VARIABLE}, or the platform's place)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_arguments(
            subparsers.add_parser(command.NAME, help=command.HELP, description=command.DESCRIPTION)
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run coach with these arguments; returns the exit code."""
    forgiving_streams()
    args = build_parser().parse_args(argv)
    directory = data_dir(args.data_dir)
    try:
        for command in COMMANDS:
            if args.command == command.NAME:
                code: int = command.run(args, directory)
                return code
        return open_app(directory)
    except CoachError as error:
        # Messages hold paths, which may hold control characters: never send those raw.
        say(f"coach: {error}", to_errors=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
