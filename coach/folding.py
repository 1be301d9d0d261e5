"""Text folded for matching: accents removed and case folded, so 'Zoë' finds 'zoe'."""

from __future__ import annotations

import re
import unicodedata

from coach.user_text import collapse

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
