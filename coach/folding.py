"""Text folded for matching: accents removed and case folded, so 'Zoë' finds 'zoe'."""

from __future__ import annotations

import re
import unicodedata

from coach.errors import InvalidInput
from coach.user_text import collapse, visible

# Combining diacritical marks (Latin, Greek, Cyrillic and the like): what NFKD
# splits off accented letters.  Marks of other scripts are kept, since they can
# change a word's meaning there.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """`text` in the form matched: accents removed, case folded ('Zoë' -> 'zoe')."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def same_words(text: str) -> str:
    """`text` folded, with its words separated by single spaces (for comparing names)."""
    return collapse(fold(text))


def one_called(names: dict[str, str], name: str) -> str:
    """The key of the one called `name` in `names` (key -> name), case and accents aside,
    or of the only one whose name holds it; InvalidInput says why there is none."""
    wanted = same_words(name)
    exact = [key for key, stored in names.items() if same_words(stored) == wanted]
    partial = exact or [key for key, stored in names.items() if wanted and wanted in fold(stored)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise InvalidInput(f"No one called {name!r} is stored.")
    shown = ", ".join(sorted(visible(names[key]) for key in partial)[:5])
    raise InvalidInput(f"{name!r} could be {shown}; give more of the name.")
