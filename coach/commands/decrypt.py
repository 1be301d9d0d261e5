"""`coach decrypt`: write the data plain again (with the passphrase, or the recovery key)."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands.output import say

NAME = "decrypt"
HELP = "turn encryption off (every file written plain again)"
DESCRIPTION = (
    "Write the data, its history and its backups plain again. With --recovery-key, "
    "the recovery key `coach encrypt` printed opens it when the passphrase is lost."
)
NEEDS_KEY = False  # it finds the key itself: the passphrase, or the recovery key


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--recovery-key."""
    parser.add_argument(
        "--recovery-key",
        action="store_true",
        help="open the data with its recovery key instead of the passphrase (asked for)",
    )


def run(args: argparse.Namespace, directory: Path) -> int:
    """Open the key, convert, and say what was done."""
    from coach.commands import passphrases
    from coach.errors import CoachError
    from coach.storage import conversion, unlocking
    from coach.storage.sealing import DataKey

    if not unlocking.is_encrypted(directory):
        raise CoachError(f"The data in {directory} is not encrypted.")
    if args.recovery_key:
        key = DataKey.from_recovery_key(passphrases.ask("Recovery key: "))
        unlocking.hold(directory, key)
    else:
        passphrases.unlock(directory)
    done = conversion.decrypt(directory)
    say(
        f"Decrypted: the data file and {done.parts} months of history are plain again, "
        f"with a new backup ({done.backup}); the key file is removed."
    )
    if done.backups_removed:
        count = len(done.backups_removed)
        say(
            "The encrypted backup is removed."
            if count == 1
            else f"The {count} encrypted backups are removed."
        )
    with_keyring = passphrases.forget_quietly(directory)
    if with_keyring:
        say("The passphrase the keyring kept is forgotten too.")
    return 0
