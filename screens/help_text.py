"""content/help.md drawn as styled text: headings, paragraphs, lists and key tables.

Textual's Markdown widget builds a widget for every block and took most of a
second to show the help (more on a busy machine); this draws the same file as one
piece of text in a few milliseconds.  It reads the part of Markdown the help is
written in: `#` headings, paragraphs, numbered and bulleted lists, pipe tables,
**bold** and `code`.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.content import Content

_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")
_LIST_ITEM = re.compile(r"^(\d+\.|[-*])\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def inline(text: str) -> Content:
    """One run of text with its **bold** and `code` styled."""
    parts: list[Content | tuple[str, str] | str] = []
    at = 0
    for found in _INLINE.finditer(text):
        parts.append(text[at : found.start()])
        bold, code = found.groups()
        parts.append((bold, "bold") if bold is not None else (code, "bold $accent"))
        at = found.end()
    parts.append(text[at:])
    return Content.assemble(*parts)


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _table(rows: list[str]) -> list[Content]:
    """A pipe table as aligned lines: the first column padded, the heading dimmed."""
    cells = [_cells(row) for row in rows if not _TABLE_RULE.match(row.strip())]
    if not cells:
        return []
    width = max(cell_len(_plain(row[0])) for row in cells)
    lines = []
    for number, row in enumerate(cells):
        first = _plain(row[0])
        rest = " · ".join(row[1:])
        if number == 0:
            lines.append(Content.styled(f"{first.ljust(width)}  {rest}", "dim italic"))
        else:
            pad = " " * (width - cell_len(first))
            lines.append(Content.assemble(inline(row[0]), pad, "  ", inline(rest)))
    return lines


def _plain(text: str) -> str:
    return _INLINE.sub(lambda found: found.group(1) or found.group(2), text)


def help_content(markdown: str) -> Content:
    """The whole help as one Content."""
    blocks: list[list[str]] = [[]]
    for line in markdown.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out: list[Content] = []
    for whole in filter(None, blocks):
        block = whole
        first = block[0]
        if first.startswith("#"):
            level = len(first) - len(first.lstrip("#"))
            title = first.lstrip("#").strip()
            out.append(Content.styled(title, "bold $accent" if level == 1 else "bold $primary"))
            block = block[1:]
            if not block:
                continue  # a heading sits right above its text
        if block[0].lstrip().startswith("|"):
            out.extend(_table(block))
        elif _LIST_ITEM.match(block[0]):
            items: list[str] = []
            for line in block:
                if _LIST_ITEM.match(line):
                    items.append(line.strip())
                else:
                    items[-1] += " " + line.strip()
            for item in items:
                marker = _LIST_ITEM.match(item)
                assert marker is not None
                bullet = marker.group(1) if marker.group(1)[0].isdigit() else "•"
                out.append(Content.assemble(f"{bullet} ", inline(item[marker.end() :])))
        else:
            out.append(inline(" ".join(line.strip() for line in block)))
        out.append(Content(""))
    return Content("\n").join(out[:-1] if out else out)
