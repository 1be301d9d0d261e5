"""`coach manual`: the manual page, coach.1, made from the real parser.

Every command, argument and option is read from `coach.cli.build_parser()`, so the
page can never disagree with `--help`; only the sections around them (files,
environment, exit status) are written here.  Plain roff of the man(7) macros, which
every man reader renders: `coach manual | man -l -`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from coach import __version__
from coach.locations import DATA_DIR_VARIABLE

NAME = "manual"
HELP = "print the manual page (coach.1)"
DESCRIPTION = (
    "Print coach's manual page in roff, made from the same command line as --help: "
    "read it with `coach manual | man -l -`, or install it with "
    "`coach manual > ~/.local/share/man/man1/coach.1`."
)
NEEDS_KEY = False  # it reads no data

_FILES = """\
.TP
.I coach.json
the data: a header and the tables, replaced whole and atomically
.TP
.I coach.journal
the changes since, one checksummed line each, flushed before they are acknowledged
.TP
.I coach.lock
held by the one coach that may write
.TP
.I coach.sock
where the open app takes changes from the shell (add, done, undo, due, drop)
.TP
.I backups/
rotating copies of the data
"""
_EXIT = """\
.TP
.B 0
done
.TP
.B 1
an error or a refusal, said on standard error; nothing was changed
.TP
.B 2
the command line was not understood
.TP
.B 3
.B import
only: some records were left out because of conflicts (listed)
.TP
.B 4
.BR done ", " undo ", " due ", " drop :
the REF could mean several commitments (listed); nothing was changed
.TP
.B 141
the reader of the output went away (as for any command in a pipe)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments of its own."""


def run(args: argparse.Namespace, directory: Path) -> int:
    """Print the page."""
    from coach.cli import build_parser

    sys.stdout.write(page(build_parser()))
    return 0


def page(parser: argparse.ArgumentParser) -> str:
    """The manual page for `parser` (coach's), in roff."""
    lines = [
        f'.TH COACH 1 "{date.today():%Y-%m-%d}" "coach {__version__}" "User Commands"',
        ".SH NAME",
        r"coach \- " + roff(parser.description or ""),
        ".SH SYNOPSIS",
        r".B coach",
        r"[\fB\-\-data\-dir\fR \fIDIR\fR] [\fICOMMAND\fR [\fIARGS\fR]]",
        ".SH DESCRIPTION",
        roff(parser.epilog or ""),
        ".SH OPTIONS",
        *_options(parser),
        ".SH COMMANDS",
    ]
    for name, sub in _commands(parser):
        usage = sub.format_usage().removeprefix("usage: ").strip()
        lines += [f".SS {roff(name)}", ".nf", roff(" ".join(usage.split())), ".fi"]
        lines += [".PP", roff(sub.description or "")]
        lines += _options(sub, shared=("help", "data_dir"))
        if sub.epilog:
            lines += [".PP", roff(sub.epilog)]
    lines += [
        ".SH ENVIRONMENT",
        f".TP\n.B {DATA_DIR_VARIABLE}",
        "the data directory, unless --data-dir is given",
        ".TP\n.B COACH_CONFIG_DIR",
        "the settings and your own questions (default: the platform's config directory)",
        ".TP\n.B NO_COLOR",
        "a monochrome app",
        ".SH FILES",
        "In the data directory:",
        _FILES.rstrip(),
        ".SH EXIT STATUS",
        _EXIT.rstrip(),
    ]
    return "\n".join(lines) + "\n"


def _commands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def _options(parser: argparse.ArgumentParser, shared: tuple[str, ...] = ()) -> list[str]:
    """Each argument and option: a tagged paragraph (`shared` ones, said once above, left out)."""
    lines = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        if action.dest in shared:
            continue
        if action.option_strings:
            value = f" \\fI{roff(str(action.metavar or action.dest.upper()))}\\fR"
            takes = action.nargs != 0
            name = ", ".join(f"\\fB{roff(o)}\\fR" for o in action.option_strings)
            head = name + (value if takes and not action.choices else "")
            if action.choices and takes:
                head += " " + "|".join(roff(str(c)) for c in action.choices)
        else:
            head = f"\\fI{roff(str(action.metavar or action.dest))}\\fR"
        lines += [".TP", head, roff(action.help or "")]
    return lines


def roff(text: str) -> str:
    """Text safe in a roff line: backslashes and dashes escaped, no line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        "\\&" + line if line.startswith((".", "'")) else line for line in text.split("\n")
    )
