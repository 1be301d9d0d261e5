"""User text made safe inside Markdown: it always reads as the words typed, never as markup.

A note such as "[click](https://x)", "**urgent**", "# heading", "<b>" or a line
"1. first" must show exactly as typed, in coach's own viewer and in any other
tool that reads an exported file.  Every character Markdown could read as syntax
is escaped with a backslash (CommonMark lets any ASCII punctuation be escaped),
and control characters are shown as symbols (see coach.user_text).

GitHub-flavoured readers also turn bare text into links and pictures: URLs
(`https://…`, `www.…`), domains and e-mail addresses, and emoji shortcodes
(`:smile:`).  A backslash before the `:` of `://` and before a dot inside a word
keeps URLs and domains plain.  An address's `@` and a shortcode's closing `:` are
matched after escapes are undone (cmark-gfm's e-mail autolink, GitHub's emoji
filter on the rendered page), so there an empty HTML comment goes between: no
reader shows it, and it splits the text those two see.
"""

from __future__ import annotations

import re

from coach.user_text import collapse, trim, visible

# Inline syntax anywhere in a line: emphasis, code, links and images, HTML and
# entities, tables, strikethrough, escapes themselves, and headings' closing #s.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#])")
# Syntax that only counts at the start of a line: list items, block quotes
# (already escaped), setext underlines and thematic breaks, ordered lists.
_LINE_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])")
HARD_BREAK = "  \n"
# Splits text for the readers that link or picture it after escapes are undone.
SPLIT = "<!-- -->"
_SCHEME_COLON = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
_WORD_DOT = re.compile(r"(?<=[A-Za-z0-9])\.(?=[A-Za-z0-9])")
_ADDRESS_AT = re.compile(r"(?<=[A-Za-z0-9._+-])@(?=[A-Za-z0-9])")
_SHORTCODE = re.compile(r"(:[A-Za-z0-9_+-]+)(?=:)")


def _escape_line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", trim(line))
    escaped = _LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}",
        escaped,
    )
    escaped = _SCHEME_COLON.sub(r"\\:", escaped)
    escaped = _WORD_DOT.sub(r"\\.", escaped)
    escaped = _ADDRESS_AT.sub("@" + SPLIT, escaped)
    return _SHORTCODE.sub(lambda m: m.group(1) + SPLIT, escaped)


def inline(text: str) -> str:
    """`text` on one line, escaped (for headings, list items and labels)."""
    return _escape_line(collapse(visible(text)))


def block(text: str, indent: str = "") -> str:
    """`text` as paragraphs, escaped, its line breaks kept.

    Lines are joined with hard breaks and blank lines start a new paragraph;
    `indent` is put before every line after the first, so the text can continue
    a list item.  Leading spaces are dropped (four would start a code block).
    """
    paragraphs: list[list[str]] = [[]]
    for line in visible(text).split("\n"):
        escaped = _escape_line(line)
        if escaped:
            paragraphs[-1].append(escaped)
        elif paragraphs[-1]:
            paragraphs.append([])
    separator = HARD_BREAK + indent
    shown = [separator.join(lines) for lines in paragraphs if lines]
    return f"\n\n{indent}".join(shown)
