"""Where the shell commands get a passphrase: a file for scripts, the keyring, or the terminal.

- `COACH_PASSPHRASE_FILE=PATH`: the passphrase is the file's first line, for scripts
  and tests. The file must be yours and readable by you alone (0600): a passphrase
  others can read protects nothing, so any other file is refused.
- The system keyring, if `coach passphrase --remember` put it there (the `keyring`
  package, installed with `pip install 'coach[keyring]'`); `--forget` takes it out.
- Otherwise the terminal asks, without echo (three tries).
"""

from __future__ import annotations

import getpass
import os
import stat
import sys
from pathlib import Path
from types import ModuleType

from coach.errors import CoachError

FILE_VARIABLE = "COACH_PASSPHRASE_FILE"
KEYRING_SERVICE = "coach"
TRIES = 3
SHORTEST = 8  # characters a new passphrase has at least


def from_file() -> str | None:
    """The passphrase in the file COACH_PASSPHRASE_FILE names (None when it is not set)."""
    name = os.environ.get(FILE_VARIABLE)
    if not name:
        return None
    path = Path(name).expanduser()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CoachError(f"{FILE_VARIABLE} names {path}, which is not a file.")
        if info.st_mode & 0o077 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise CoachError(
                f"{FILE_VARIABLE} names {path}, which others can read: a passphrase must be "
                f"yours alone (chmod 600 {path})."
            )
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CoachError(f"Could not read {FILE_VARIABLE} ({path}): {error.strerror}.") from error
    lines = text.splitlines()
    return lines[0] if lines else ""


def from_keyring(directory: Path) -> str | None:
    """The passphrase the keyring keeps for `directory`, if any (and a keyring there is)."""
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, str(directory.resolve()))
    except Exception:
        return None
    return found if isinstance(found, str) else None


def unlock_from_keyring(directory: Path) -> bool:
    """Whether the keyring keeps the passphrase of `directory` and it opened the key (held
    from then on); False, nothing changed, otherwise."""
    kept = from_keyring(directory)
    return kept is not None and _opens(directory, kept)


def _opens(directory: Path, passphrase: str) -> bool:
    """Whether `passphrase` opened the key of `directory` (held from then on)."""
    from coach.errors import StoreError
    from coach.storage import unlocking
    from coach.storage.sealing import CannotOpen

    try:
        unlocking.unlock(directory, passphrase)
    except (CannotOpen, StoreError):
        return False
    return True


def remember(directory: Path, passphrase: str) -> None:
    """Keep the passphrase of `directory` in the system keyring."""
    keyring = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, str(directory.resolve()), passphrase)
    except Exception as error:
        raise CoachError(f"The system keyring would not keep it: {error}") from error


def forget(directory: Path) -> bool:
    """Take the passphrase of `directory` out of the keyring; whether it was there."""
    keyring = _keyring()
    try:
        keyring.delete_password(KEYRING_SERVICE, str(directory.resolve()))
    except Exception:
        return False
    return True


def _keyring() -> ModuleType:
    try:
        import keyring
    except ImportError:
        raise CoachError(
            "Remembering the passphrase needs the keyring package: pip install 'coach[keyring]'."
        ) from None
    return keyring


def ask(prompt: str) -> str:
    """One passphrase typed at the terminal, without echo."""
    if not sys.stdin.isatty():
        raise CoachError(
            "The data is encrypted: type its passphrase in a terminal, or name a file holding "
            f"it with {FILE_VARIABLE}."
        )
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CoachError("No passphrase was given; nothing was changed.") from None


def new_passphrase() -> str:
    """A new passphrase: from COACH_PASSPHRASE_FILE, or typed twice alike at the terminal."""
    given = from_file()
    if given is not None:
        _long_enough(given)
        return given
    for _ in range(TRIES):
        first = ask("New passphrase: ")
        try:
            _long_enough(first)
        except CoachError as error:
            print(error, file=sys.stderr)
            continue
        if ask("The same again: ") == first:
            return first
        print("The two were not the same; once more.", file=sys.stderr)
    raise CoachError("No new passphrase was agreed; nothing was changed.")


def _long_enough(passphrase: str) -> None:
    if len(passphrase) < SHORTEST:
        raise CoachError(f"A passphrase needs {SHORTEST} characters at least.")


def unlock(directory: Path) -> None:
    """Hold the key of the encrypted data in `directory`, asking for its passphrase
    where it is to be found; CoachError after three wrong tries (nothing changed)."""
    from coach.storage import unlocking
    from coach.storage.sealing import CannotOpen

    given = from_file()
    if given is not None:
        try:
            unlocking.unlock(directory, given)
        except CannotOpen as error:
            raise CoachError(
                f"The passphrase in {FILE_VARIABLE} does not open it: {error}"
            ) from None
        return
    kept = from_keyring(directory)  # asked once: a keyring may be a round trip to a daemon
    if kept is not None:
        if _opens(directory, kept):
            return
        print("The passphrase the keyring keeps no longer opens it.", file=sys.stderr)
    for left in range(TRIES - 1, -1, -1):
        try:
            unlocking.unlock(directory, ask(f"Passphrase for {directory}: "))
            return
        except CannotOpen as error:
            if not left:
                raise CoachError(f"{error}") from None
            print(f"{error} ({left} more {'try' if left == 1 else 'tries'})", file=sys.stderr)


def forget_quietly(directory: Path) -> bool:
    """`forget`, where no keyring is not an error; whether one was forgotten."""
    try:
        return forget(directory)
    except CoachError:
        return False


def ask_checked(directory: Path) -> str:
    """The passphrase, typed (or from the file) and checked to open the data."""
    from coach.storage import unlocking
    from coach.storage.sealing import CannotOpen

    passphrase = from_file()
    if passphrase is None:
        passphrase = ask(f"Passphrase for {directory}: ")
    try:
        unlocking.unlock(directory, passphrase)
    except CannotOpen as error:
        raise CoachError(str(error)) from None
    return passphrase
