"""`coach passphrase`: change the passphrase, keep it in the keyring, print the recovery key."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.commands.output import say

NAME = "passphrase"
HELP = "change the passphrase of encrypted data (or remember it, forget it)"
DESCRIPTION = (
    "Change the passphrase of encrypted data: only the key file is written again, the "
    "data itself stays as it is. --remember keeps it in the system keyring so that "
    "neither the app nor the shell asks for it; --forget takes it out."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--remember, --forget, --recovery-key."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--remember", action="store_true", help="keep it in the system keyring")
    which.add_argument("--forget", action="store_true", help="take it out of the keyring")
    which.add_argument(
        "--recovery-key", action="store_true", help="print the recovery key (for paper)"
    )


def run(args: argparse.Namespace, directory: Path) -> int:
    """Do what was asked; the data's key is held already (coach.cli asked for it)."""
    from coach.commands import passphrases
    from coach.commands.encrypt import recovery_words
    from coach.errors import CoachError
    from coach.storage import conversion, unlocking

    if args.forget:
        gone = passphrases.forget(directory)
        say("Forgotten: the keyring no longer keeps it." if gone else "The keyring kept none.")
        return 0
    key = unlocking.held(directory)
    if key is None and unlocking.is_encrypted(directory):
        raise unlocking.PassphraseNeeded(directory)  # the current one, asked first
    if key is None:
        raise CoachError("The data is not encrypted: `coach encrypt` turns it on.")
    if args.recovery_key:
        say(recovery_words(key.recovery_key()))
        return 0
    if args.remember:
        passphrases.remember(directory, passphrases.ask_checked(directory))
        say("Remembered: the app and the shell will not ask for it on this computer.")
        return 0
    passphrase = passphrases.new_passphrase()
    conversion.change_passphrase(directory, passphrase)
    passphrases.forget_quietly(directory)
    say("Changed: the key file is written again with the new passphrase; the data is as it was.")
    return 0
