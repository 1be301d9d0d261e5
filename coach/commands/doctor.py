"""`coach doctor`: check the data, its permissions, the lock and the backups; restore a backup."""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

# Imported where used: every start of coach imports this module, to list the command.
if TYPE_CHECKING:
    from coach.storage.backups import Backup

NAME = "doctor"
HELP = "check the data file, its permissions, the lock and the backups; restore a backup"
DESCRIPTION = (
    "Check the data file, its journal, the permissions, the lock and the backups, and say "
    "what to do about anything wrong (exit code 1 if something is). With --restore, put a "
    "backup in place of the data, keeping the current files beside it under a new name."
)
NEWEST = "newest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--restore [BACKUP]."""
    parser.add_argument(
        "--restore",
        nargs="?",
        const=NEWEST,
        metavar="BACKUP",
        help="restore a backup: the newest good one, or its number in the list this command "
        "prints (1 is the newest), or a backup file",
    )


def say(text: str) -> None:
    """Print a line; paths and backup names may hold anything, shown safely."""
    from coach.commands.output import say as say_safely

    say_safely(text)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Print the check-up, or restore the chosen backup."""
    from coach.storage import unlocking

    if unlocking.is_encrypted(directory) and unlocking.held(directory) is None:
        # Every part is opened to be checked: the shell asks for the passphrase first.
        raise unlocking.PassphraseNeeded(directory)
    if args.restore is not None:
        return restore(directory, args.restore)
    from coach.errors import StoreError, reason_for
    from coach.storage import health

    try:
        findings = health.check(directory)
    except OSError as error:  # say, a directory coach may not list
        raise StoreError(f"Could not check {directory}: {reason_for(error)}.") from error
    say(f"Checking the data in {directory}:")
    width = max(len(finding.topic) for finding in findings)
    for finding in findings:
        text = finding.text
        if finding.topic == "data file" and finding.level != health.PROBLEM:
            text = with_journal(directory, text)
        say(f"  {finding.level:<8} {finding.topic:<{width}}  {one_is_one(text)}")
        if finding.topic == "backups":
            for line in backup_lines(directory):
                say(f"  {'':<8} {'':<{width}}  {line}")
    problems = sum(finding.level == health.PROBLEM for finding in findings)
    if problems:
        say(f"{problems} problem{'s' if problems > 1 else ''} found: see above.")
        return 1
    say("All is well.")
    return 0


def one_is_one(text: str) -> str:
    """'1 person', '1 change', not '1 people', '1 changes'."""
    singular = {"people": "person", "conversations": "conversation", "changes": "change"}
    singular |= {"commitments": "commitment", "problems": "problem"}
    return re.sub(
        r"\b1 (people|conversations|changes|commitments|problems)\b",
        lambda found: f"1 {singular[found.group(1)]}",
        text,
    )


def with_journal(directory: Path, text: str) -> str:
    """The data file's line, its counts as the data is now: the changes in the journal
    since the last full save included (the file alone lags behind them)."""
    from coach.errors import StoreError
    from coach.storage import layout
    from coach.store.store import Store

    try:
        store = Store.open(directory, read_only=True, back_up=False)
    except (OSError, StoreError):
        return text
    try:
        counts = store.counts()
    except StoreError:
        return text  # a damaged part: its own line says so
    finally:
        store.close()
    now = (
        f"{counts[layout.PEOPLE]} people, {counts[layout.CONVERSATIONS]} conversations, "
        f"{counts[layout.COMMITMENTS]} commitments"
    )
    head, colon, _ = text.rpartition(": ")
    return f"{head}{colon}{now}" if colon else text


def backup_lines(directory: Path) -> list[str]:
    """One numbered line per backup, newest first, with what it holds."""
    from coach.storage import backups

    lines = []
    for number, backup in enumerate(backups.list_backups(directory), start=1):
        held = backups.counted(backup)
        what = held.describe() if held else f"{backup.taken:%a %d %b %Y %H:%M} (cannot be read)"
        lines.append(one_is_one(f"{number:>2}  {what}  {backup.path.name}"))
    return lines


def chosen_backup(directory: Path, choice: str) -> Backup:
    """The backup `choice` names (newest, a number from the list, or a file), checked readable."""
    from coach.errors import StoreError
    from coach.storage import backups

    found = backups.list_backups(directory)
    if choice == NEWEST:
        newest = backups.newest_good(directory)
        if newest is None:
            raise StoreError(f"There is no readable backup in {backups.backup_dir(directory)}.")
        return newest
    if choice.isdigit():
        number = int(choice)
        if not 1 <= number <= len(found):
            count = f"there is only {len(found)}" if len(found) == 1 else f"there are {len(found)}"
            raise StoreError(
                f"There is no backup number {number}: {count} (run `coach doctor` to list them)."
            )
        backup = found[number - 1]
    else:
        path = Path(choice).expanduser()
        if not path.is_absolute() and not path.exists():
            path = backups.backup_dir(directory) / choice
        if not path.is_file():
            raise StoreError(f"There is no backup file {choice}.")
        backup = backups.Backup(path=path, taken=datetime.fromtimestamp(path.stat().st_mtime))
    if backups.counted(backup) is None:
        raise StoreError(f"The backup {backup.path} cannot be read; choose another one.")
    return backup


def restore(directory: Path, choice: str) -> int:
    """Put the chosen backup in place, keeping the current files aside."""
    from coach.storage import recovery

    backup = chosen_backup(directory, choice)
    # Raises DataInUseError, reported as one line, while a coach has the data open.
    aside = recovery.restore_backup(directory, backup, why="before-restore")
    say(f"Restored the backup of {backup.describe()} from {backup.path.name}.")
    for path in aside:
        say(f"The previous {path.name.split('.before-restore')[0]} is kept as {path}.")
    return 0
