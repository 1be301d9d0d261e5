"""One rule for control characters in user text: they are text, trimmed and split like letters."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.model import Commitment, Owner
from coach.review.search import query_words
from coach.store.store import Store
from coach.user_text import (
    GAPS,
    collapse,
    has_controls,
    is_blank,
    terminal_safe,
    trim,
    visible,
    words,
)
from tests.conftest import TODAY

# The characters Python's str.strip() and str.split() take for whitespace but
# visible() shows as symbols: the ones a strip would silently drop.
SEPARATORS = "\x1c\x1d\x1e\x1f\x0b\x0c\x85"


def test_the_gaps_are_whitespace_that_is_not_a_control_character() -> None:
    """GAPS, written out for a fast start, is what str.isspace() says less the controls."""
    computed = {
        char
        for char in map(chr, range(sys.maxunicode + 1))
        if char.isspace() and (char in "\t\n\r" or not has_controls(char))
    }
    assert set(GAPS) == computed
    assert not set(SEPARATORS) & set(GAPS)


def test_control_characters_at_the_edges_are_kept() -> None:
    for char in SEPARATORS:
        assert trim(f" {char}note{char} ") == f"{char}note{char}"
        assert words(f"{char}a b{char}c") == [f"{char}a", f"b{char}c"]
        assert collapse(f"  {char} a\t\n b ") == f"{char} a b"
        assert not is_blank(char)
    assert is_blank(" \t\r\n\u00a0\u3000")


def test_plain_text_is_shown_as_typed_and_every_other_character_as_before() -> None:
    """Printable ASCII (most of what is typed) takes a quick way through: the same
    result as the whole rule gives, which the characters just outside it still get."""
    printable = "".join(map(chr, range(0x20, 0x7F)))
    assert terminal_safe(printable) == printable
    assert collapse(f"  Send {printable}  the   draft ") == f"Send {printable[1:]} the draft"
    shown = {"\x1f": "\u241f", "\x7f": "\u2421", "\r": "\n", "\u202e": "<U+202E>"}
    for char, symbol in shown.items():
        assert terminal_safe(f"a {char} b") == f"a {symbol} b"
    for char in ("\x1f", "\x7f", "\t", "\r", "\u00a0", "\u3000"):
        assert collapse(f" a {char}{char} b ") == " ".join(words(f"a {char}{char} b"))


def test_a_stored_commitment_and_name_keep_a_leading_separator(data_dir: Path) -> None:
    """What is stored starts as typed, so it is shown as it starts (␝ first)."""
    store = Store.open(data_dir)
    person = store.people.add("\x1dAna  Lima ")
    talk = store.conversations.start(person, "building-trust", TODAY)
    made = store.commitments.add(Commitment("\x1dsend it\x1d ", Owner.ME, person.id, talk.id))
    store.close()
    assert person.name == "\x1dAna Lima"
    assert made.text == "\x1dsend it\x1d"
    reopened = Store.open(data_dir, read_only=True)
    [kept] = reopened.commitments.find()
    assert visible(kept.text) == "␝send it␝"
    found = reopened.people.named(" \x1dana lima")
    assert found is not None and found.id == person.id
    reopened.close()


def test_a_search_word_keeps_its_separator() -> None:
    """'\\x1dbudget' is one word: it does not quietly become 'budget'."""
    assert query_words("\x1dbudget  Q1") == ["\x1dbudget", "q1"]
