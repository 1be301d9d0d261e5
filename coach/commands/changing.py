"""What `coach add`, `done`, `undo`, `due` and `drop` share: deliver a change, print the answer.

The change is made through the store by whoever may write: this process, when the
data is free (it takes the writer lock for the moment of the change), or the open
app, which holds the lock and takes the change over its socket (coach.relay).
Never two writers; an answer lost on the way is asked for again, which is safe
(coach.relay.protocol.Change).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.commands.arguments import add_today
from coach.commands.output import say
from coach.dates import PastDate, due_date
from coach.errors import CoachError, DataInUseError, InvalidInput
from coach.storage import layout
from coach.user_text import collapse, terminal_safe

# The change itself is imported where it is made: every command's start would pay for it
# (hashing, temporary files), `coach commitments` in a shell prompt included.
if TYPE_CHECKING:
    from coach.relay.protocol import Answer, Change

EXIT_REFUSED = 1
EXIT_AMBIGUOUS = 4
# How long to wait for the data while another command has it for a moment (an import,
# another `coach done`) or an app is still opening it: then say who has it.
WAIT_FOR_DATA = 5.0
_RETRY = 0.05

REF_HELP = (
    "the commitment: its REF from `coach commitments` (a start of its id), or a piece "
    "of its text that only it holds"
)
EPILOG = (
    "Works while the app is open in another terminal: the app makes the change and shows "
    "it at once. Exit status: 0 done, 1 refused or not found (nothing changed), "
    f"{EXIT_AMBIGUOUS} the REF could mean several (they are listed; nothing changed)."
)


def add_common(parser: argparse.ArgumentParser) -> None:
    """--json and the hidden --today, on every command that changes a commitment."""
    parser.epilog = EPILOG
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    add_today(parser)


def today_of(args: argparse.Namespace) -> date:
    """The day the change is made on (the tests fix it with --today)."""
    day: date = args.today or date.today()
    return day


def read_due(text: str, today: date, *, allow_past: bool) -> date | None:
    """A due date typed on the command line, a past one only with --allow-past."""
    try:
        return due_date(text, today, allow_past=allow_past)
    except PastDate as error:
        raise InvalidInput(f"{error} Add --allow-past to keep it.") from None


def deliver(directory: Path, change: Change) -> Answer:
    """Make `change` here if the data is free, else through the open app; its answer."""
    from coach.relay import changes, client
    from coach.store.store import Store

    if change.action.value != "add" and not _has_data(directory):
        raise InvalidInput(f"no coach data in {directory}")
    deadline = time.monotonic() + WAIT_FOR_DATA
    while True:
        try:
            store = Store.open(directory, back_up=False)
        except DataInUseError as busy:
            try:
                answer = client.send(directory, change)
            except client.NoAnswer:
                answer = None  # it was closing: ask again, of it or of the free data
            except OSError as error:
                raise CoachError(
                    f"{busy} It could not be asked to make the change: {error}."
                ) from None
            if answer is not None:
                return answer
            if time.monotonic() > deadline:
                raise CoachError(
                    f"{busy} It takes no changes from the shell (an import or a restore?); "
                    "nothing was changed: try again when it is done."
                ) from None
            time.sleep(_RETRY)
            continue
        try:
            return changes.apply(store, change)
        finally:
            store.close()


def _has_data(directory: Path) -> bool:
    return (directory / layout.DATA_NAME).exists() or (directory / layout.JOURNAL_NAME).exists()


def show(answer: Answer, *, as_json: bool) -> int:
    """Print the answer (what changed on stdout, why not on stderr); the exit status."""
    from coach.relay.protocol import Outcome

    if as_json:
        sys.stdout.write(json.dumps(asdict(answer), ensure_ascii=True, indent=2) + "\n")
    elif answer.outcome is Outcome.DONE:
        ref = f" [{answer.commitment.ref}]" if answer.commitment else ""
        say(collapse(terminal_safe(answer.message)) + ref)
    else:
        say(f"coach: {answer.message}", to_errors=True)
        for each in answer.candidates:
            due = f", due {each.due}" if each.due else ""
            who = f" (with {each.person}{due})" if each.person else ""
            say(f"  {each.ref}  {collapse(each.text)}{who}", to_errors=True)
    if answer.outcome is Outcome.DONE:
        return 0
    return EXIT_AMBIGUOUS if answer.outcome is Outcome.AMBIGUOUS else EXIT_REFUSED
