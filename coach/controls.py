"""Control characters made visible, so user text can never drive the terminal.

A pasted or imported escape sequence shown as is would be obeyed by the terminal
(clear the screen, retitle the window, …).  Shown through `visible`, ESC appears
as ␛ and the rest of the sequence as the plain characters it is made of.
"""

from __future__ import annotations

import re

# C0 controls other than tab and newline, DEL, and the C1 controls (0x9b is an 8-bit CSI).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def _picture(match: re.Match[str]) -> str:
    return _PICTURES.get(ord(match.group()), "\ufffd")


def visible(text: str) -> str:
    """`text` with line endings as newlines and every other control character as a symbol."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub(_picture, text)


def has_controls(text: str) -> bool:
    """Whether `text` holds a control character `visible` would replace."""
    return bool(_CONTROLS.search(text.replace("\r", "")))
