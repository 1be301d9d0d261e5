"""`coach encrypt`: seal everything coach keeps on disk with a passphrase."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands.output import say

NAME = "encrypt"
HELP = "protect the data with a passphrase (everything on disk encrypted)"
DESCRIPTION = (
    "Encrypt the data, its journal, its history and its backups with a new passphrase. "
    "If the passphrase is lost, the data is lost: write down the recovery key this "
    "offers (--recovery-key prints it)."
)
NEEDS_KEY = False  # it is what makes one


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--recovery-key."""
    parser.add_argument(
        "--recovery-key",
        action="store_true",
        help="print the recovery key, which opens the data if the passphrase is lost",
    )


def run(args: argparse.Namespace, directory: Path) -> int:
    """Ask for a new passphrase twice, convert, and say what was done."""
    from coach.commands.passphrases import new_passphrase
    from coach.errors import CoachError
    from coach.storage import conversion, unlocking

    if not (directory / "coach.json").exists():
        raise CoachError(f"There is no coach data in {directory} to encrypt yet.")
    if unlocking.is_encrypted(directory):
        raise CoachError("The data is encrypted already: `coach passphrase` changes it.")
    say(
        "Encrypting protects the data if this computer or a backup of it goes astray.\n"
        "If you lose the passphrase, the data is lost: no one can open it, coach neither."
    )
    passphrase = new_passphrase()
    key, done = conversion.encrypt(directory, passphrase)
    say(
        f"Encrypted: the data file, {done.parts} months of history and a new backup "
        f"({done.backup})."
    )
    if done.backups_removed:
        count = len(done.backups_removed)
        which = (
            "earlier backup, in clear, is"
            if count == 1
            else f"{count} earlier backups, in clear, are"
        )
        say(f"The {which} removed now that the encrypted one is checked.")
    if done.kept_aside:
        say(f"Copies kept aside by a restore are encrypted too: {', '.join(done.kept_aside)}.")
    if args.recovery_key:
        say(recovery_words(key.recovery_key()))
    else:
        say(
            "A recovery key opens the data if the passphrase is lost: print one with "
            "`coach passphrase --recovery-key` and keep it on paper."
        )
    return 0


def recovery_words(recovery_key: str) -> str:
    """The recovery key, with what it is and where to keep it."""
    return (
        "Recovery key (write it down and keep it apart from this computer: whoever has it "
        f"can open the data):\n\n    {recovery_key}\n\n"
        "`coach decrypt --recovery-key` takes it if the passphrase is lost."
    )
