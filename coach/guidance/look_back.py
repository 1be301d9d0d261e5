"""The look back at how a meeting was held: three statements a leader rates when it ends.

The statements are data (content/look_back.toml), each with the seed idea behind it. A
rating is how true the statement was of this meeting: 0 not really, 1 partly, 2 yes.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

from coach.guidance.library import PACKAGE, ContentError

FILE = "look_back.toml"
NOT_REALLY, PARTLY, YES = 0, 1, 2
SCALE = {NOT_REALLY: "not really", PARTLY: "partly", YES: "yes"}


@dataclass(frozen=True)
class Rating:
    """One statement to rate: its stored key, the words shown, and the idea behind it."""

    key: str
    statement: str
    idea: str


@functools.cache
def ratings() -> tuple[Rating, ...]:
    """The statements, in the order they are asked (raises ContentError if the file is bad)."""
    label = f"content/{FILE}"
    try:
        data = tomllib.loads(resources.files(PACKAGE).joinpath(FILE).read_text(encoding="utf-8"))
        found = tuple(
            Rating(str(entry["key"]), str(entry["statement"]), str(entry["idea"]))
            for entry in data["ratings"]
        )
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise ContentError(f"{label}: {error}") from None
    if not found or len({rating.key for rating in found}) != len(found):
        raise ContentError(f"{label}: needs [[ratings]], each with its own key")
    return found


def rating_keys() -> tuple[str, ...]:
    """The stored keys of the statements."""
    return tuple(rating.key for rating in ratings())
