"""A tiny terminal screen model: enough of a VT parser to see what a Textual app has drawn.

Textual writes each frame as runs of text placed by absolute cursor moves (CSI row;col H),
wrapped in styling it does not matter here to keep.  `Screen.feed` takes the bytes an app
wrote to its pseudo-terminal, chunk by chunk (an escape sequence or a UTF-8 character may be
split between two chunks), and keeps a grid of characters: `row(n)` and `text()` say what a
person would see.  Colours, styles and the cursor's shape are ignored; so are scroll regions,
which Textual does not use in full-screen mode.  A frame sent as a synchronised update
(DEC mode 2026) counts as drawn when it ends: `synchronised` says whether one is under way.
"""

from __future__ import annotations

import codecs
import re

from rich.cells import get_character_cell_size

# One token: a control sequence, an operating-system command, a device-control string,
# a character-set choice, another two-byte escape, one control character, or a run of text.
TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1bP.*?\x1b\\"
    r"|\x1b[()*+].|\x1b[^\[\]P()*+]"
    r"|(?P<control>[\x00-\x1a\x1c-\x1f\x7f])"
    r"|(?P<text>[^\x00-\x1f\x7f]+)",
    re.DOTALL,
)


class Screen:
    """What a terminal of `width` x `height` cells shows after the bytes fed to it."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.cells = [[" "] * width for _ in range(height)]
        self.row_index = 0
        self.column = 0
        # Inside a synchronised update (DEC mode 2026): a terminal shows none of it yet.
        self.synchronised = False
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, data: bytes) -> None:
        """Apply bytes written by the app; a sequence cut short waits for the next chunk."""
        text = self._pending + self._decoder.decode(data)
        position = 0
        length = len(text)
        while position < length:
            match = TOKEN.match(text, position)
            if match is None:
                if length - position < 64:
                    break  # an escape sequence cut short: the rest comes in the next chunk
                position += 1  # not a sequence at all: skip the stray escape
                continue
            self._apply(match)
            position = match.end()
        self._pending = text[position:]

    def _apply(self, match: re.Match[str]) -> None:
        text = match.group("text")
        if text is not None:
            self._write(text)
            return
        control = match.group("control")
        if control is not None:
            if control == "\r":
                self.column = 0
            elif control == "\n":
                self.row_index = min(self.row_index + 1, self.height - 1)
            elif control == "\b":
                self.column = max(self.column - 1, 0)
            return
        final = match.group("final")
        if final is not None:
            self._csi(match.group("params"), final)

    def _csi(self, params: str, final: str) -> None:
        private = params.startswith("?")
        numbers = [int(part) if part.isdigit() else 0 for part in params.lstrip("?").split(";")]
        first = numbers[0] if numbers else 0
        if private:
            if final in "hl" and first in (47, 1047, 1049):
                self._clear()  # into or out of the alternate screen
            elif final in "hl" and first == 2026:
                self.synchronised = final == "h"
            return
        if final in "Hf":
            row = first or 1
            column = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row_index = min(max(row - 1, 0), self.height - 1)
            self.column = min(max(column - 1, 0), self.width)
        elif final == "A":
            self.row_index = max(self.row_index - (first or 1), 0)
        elif final == "B":
            self.row_index = min(self.row_index + (first or 1), self.height - 1)
        elif final == "C":
            self.column = min(self.column + (first or 1), self.width)
        elif final == "D":
            self.column = max(self.column - (first or 1), 0)
        elif final == "G":
            self.column = min(max((first or 1) - 1, 0), self.width)
        elif final == "d":
            self.row_index = min(max((first or 1) - 1, 0), self.height - 1)
        elif final == "J" and first == 2:
            self._clear()
        elif final == "K":
            line = self.cells[self.row_index]
            start, end = {0: (self.column, self.width), 1: (0, self.column + 1)}.get(
                first, (0, self.width)
            )
            line[start:end] = [" "] * (min(end, self.width) - start)

    def _clear(self) -> None:
        self.cells = [[" "] * self.width for _ in range(self.height)]

    def _write(self, text: str) -> None:
        line = self.cells[self.row_index]
        if text.isascii():
            end = min(self.column + len(text), self.width)
            line[self.column : end] = text[: end - self.column]
            self.column = end
            return
        for char in text:
            size = get_character_cell_size(char)
            if size == 0 or self.column >= self.width:
                continue
            line[self.column] = char
            if size == 2 and self.column + 1 < self.width:
                line[self.column + 1] = ""
            self.column = min(self.column + size, self.width)

    def row(self, number: int) -> str:
        """The text on row `number` (from 0), one character a cell (wide ones count once)."""
        return "".join(self.cells[number])

    def text(self) -> str:
        """Every row, a line each."""
        return "\n".join(self.row(number) for number in range(self.height))

    def shows(self, wanted: str) -> bool:
        """Whether some row holds `wanted`."""
        return any(wanted in self.row(number) for number in range(self.height))
