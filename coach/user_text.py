"""The one rule for control characters in user text: they are part of the text.

A control character typed, pasted or imported is kept exactly as it came and is
shown everywhere as a visible symbol (ESC as ␛, the group separator as ␝), so
user text can never drive the terminal and what is shown is what is stored.

Python's `str.strip()` and `str.split()` count some control characters as
whitespace (\\x1c-\\x1f, vertical tab, form feed, NEL): used on user text they
would drop a character at the edge of a note and keep the same one in its
middle.  So user text is trimmed, split into words and compared only with the
functions here, which treat real whitespace (spaces, tabs, line breaks, the
Unicode spaces) as gaps and every control character as text.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls other than tab and newline, DEL, and the C1 controls (0x9b is an 8-bit CSI).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}

# Tab, line breaks and the Unicode spaces: what str.isspace() calls whitespace,
# less the control characters (which are text).  Carriage return is a line
# ending, so it is a gap too.  Written out rather than computed at import (a
# test checks the list against str.isspace()).
GAPS = (
    "\t\n\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_GAP_RUN = re.compile(f"[{re.escape(GAPS)}]+")


def _picture(match: re.Match[str]) -> str:
    return _PICTURES.get(ord(match.group()), "\ufffd")


def visible(text: str) -> str:
    """`text` with line endings as newlines and every other control character as a symbol."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub(_picture, text)


# Marks that reorder how a line is shown (U+202E makes "txt.exe" read "exe.txt") and
# lone surrogates (half of a character, which no terminal encoding can carry).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def terminal_safe(text: str, encoding: str | None = None) -> str:
    """`text` as it may go to a terminal: controls as symbols, bidi marks by name
    (<U+202E>), lone surrogates as U+FFFD and, given the stream's `encoding`, what it
    cannot carry as backslash escapes.  Every command's message goes through this."""
    if text.isascii() and text.isprintable():
        # Most text, and nothing to change: no control, mark or surrogate is printable
        # ASCII, and every encoding a terminal uses carries ASCII as it is.
        return text
    text = _SURROGATE.sub("\ufffd", visible(text))
    text = _BIDI.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)
    if encoding:
        text = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    return text


def has_controls(text: str) -> bool:
    """Whether `text` holds a control character `visible` would replace."""
    return bool(_CONTROLS.search(text.replace("\r", "")))


def trim(text: str) -> str:
    """`text` without the whitespace around it (control characters are kept)."""
    return text.strip(GAPS)


def words(text: str) -> list[str]:
    """The words of `text`, split at whitespace only (control characters are kept)."""
    return [word for word in _GAP_RUN.split(text) if word]


def collapse(text: str) -> str:
    """`text` on one line: every run of whitespace one space, none at the edges."""
    if text.isascii() and text.isprintable():
        # The quick way, and the same: the space is printable ASCII's only whitespace.
        return " ".join(text.split())
    return " ".join(words(text))


def is_blank(text: str) -> bool:
    """Whether `text` holds nothing but whitespace (a control character is not blank)."""
    return not trim(text)


def cells_wide(text: str) -> int:
    """How many terminal cells `text` takes (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
