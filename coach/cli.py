"""The `coach` command: opens the app, or runs a sub-command without it.

Textual is imported only when the app is opened, so sub-commands and --version
start as fast as Python does.  Errors go to stderr as one plain sentence with a
non-zero exit code, never as a traceback; a reader that goes away early (`| head`)
ends the command quietly, as it ends other shell tools.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from coach import __version__
from coach.commands import (
    add,
    commitments,
    completion,
    decrypt,
    demo,
    doctor,
    done,
    drop,
    due,
    encrypt,
    export,
    import_file,
    live,
    manual,
    passphrase,
    report,
    search,
    undo,
)
from coach.commands.output import forgiving_streams, say
from coach.errors import CoachError
from coach.launch import open_app
from coach.locations import DATA_DIR_VARIABLE, data_dir

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130
# What a shell shows for a command ended by SIGPIPE (128 + 13), as `yes | head` does.
EXIT_READER_GONE = 141

# Each sub-command is a module in coach/commands; adding one means adding it here.
COMMANDS: tuple[ModuleType, ...] = (
    demo,
    live,
    commitments,
    add,
    done,
    undo,
    due,
    drop,
    search,
    report,
    export,
    import_file,
    doctor,
    encrypt,
    decrypt,
    passphrase,
    completion,
    manual,
)
EPILOG = (
    f"Data lives in the platform's data directory unless --data-dir or ${DATA_DIR_VARIABLE} "
    "says otherwise; --data-dir may come before or after the command. `coach COMMAND --help` "
    "tells more of each; `coach manual` prints the manual page (coach manual > coach.1, or "
    "read it now with: coach manual | man -l -), and `coach completion bash|zsh|fish` "
    "prints tab completion for your shell."
)


def _global_options(*, in_command: bool) -> argparse.ArgumentParser:
    """The options every command takes, before the command or after it.

    In a command's own parser they default to SUPPRESS, so one given before the
    command is not overwritten by the command's parser not seeing it again.
    """
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS if in_command else None,
        help=f"keep the data in DIR (default: ${DATA_DIR_VARIABLE}, or the platform's place)",
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options and every sub-command."""
    parser = argparse.ArgumentParser(
        prog="coach",
        description=(
            "Prepare, hold and follow through on alliance conversations. "
            "Run without a command to open the app."
        ),
        epilog=EPILOG,
        parents=[_global_options(in_command=False)],
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    shared = _global_options(in_command=True)
    for command in COMMANDS:
        command.add_arguments(
            subparsers.add_parser(
                command.NAME, help=command.HELP, description=command.DESCRIPTION, parents=[shared]
            )
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run coach with these arguments; returns the exit code."""
    forgiving_streams()
    try:
        code = _run(argv)
        # What is still buffered goes now, while a reader gone away can be told apart.
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    return code


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    directory = data_dir(args.data_dir)
    try:
        for command in COMMANDS:
            if args.command == command.NAME:
                return _run_command(command, args, directory)
        return open_app(directory)
    except CoachError as error:
        # Messages hold paths, which may hold control characters: never send those raw.
        say(f"coach: {error}", to_errors=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _run_command(command: ModuleType, args: argparse.Namespace, directory: Path) -> int:
    """Run one command; if the data turns out to be encrypted, ask for its passphrase (or
    find it in COACH_PASSPHRASE_FILE or the keyring) and run it again.

    Asked only when the data must be read: a change handed to the open app over its
    socket, or data in use by another coach, needs no passphrase.  Every command reads
    before it writes or prints, so running it again repeats nothing.
    """
    from coach.storage.unlocking import PassphraseNeeded

    try:
        code: int = command.run(args, directory)
    except PassphraseNeeded:
        from coach.commands.passphrases import unlock

        unlock(directory)  # the terminal asks, or the file or the keyring says
        code = command.run(args, directory)
    return code


def _reader_gone() -> int:
    """The reader of our output went away (`coach commitments | head -1`): stop quietly.

    Python's own recipe: what is left in the buffers can never be written, so the
    streams are pointed at the null device, or the interpreter's last flush on the
    way out would print a traceback after all.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(devnull, stream.fileno())
        os.close(devnull)
    return EXIT_READER_GONE
