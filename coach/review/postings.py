"""Which conversations hold a piece of a word: the inverted index under the search.

A query word (folded, holding no whitespace) occurs in a conversation's folded text
exactly when it is part of one of that text's words, since a match cannot cross a
gap.  So the index keeps each distinct word of every conversation once, with the
set of conversations holding it as the bits of an int (bit k: the k-th conversation,
in the index's order).  Finding a query word is then a scan of the distinct words,
a few hundred to some tens of thousands however long the history, and an OR of
their sets; the words of a query are ANDed; the bits give the ids in order.

The sets are Python ints because OR and AND of thousands of conversations are then
single C operations (20,000 conversations are 2.5 KB), where sets of ids would
cost a step per conversation.  Each is kept shifted down to its first conversation,
so a word seen only late in the history, or once, costs a few bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain, compress, repeat
from operator import mul, sub
from typing import cast

from coach.user_text import words

# Characters str.split() splits at that user_text.words does not (control characters
# are text): a text holding one is split the slow, exact way.
_SPLIT_ALSO_AT = re.compile("[\x0b\x0c\x1c-\x1f\x85]")
_BITS = bytes.maketrans(b"01", b"\x00\x01")


def distinct_words(folded: str) -> set[str]:
    """The distinct words of a folded text, split where user_text.words splits."""
    return set(words(folded) if _SPLIT_ALSO_AT.search(folded) else folded.split())


class Postings:
    """For every distinct word, the conversations (by position) whose text holds it."""

    def __init__(self, ids: list[str | None], sets: dict[str, tuple[int, int]]) -> None:
        # Position -> id; None where a conversation was deleted since (its bits are clear).
        self._ids = ids
        self._gaps = None in ids
        # Word -> (first position, the bits from there on).
        self._sets = sets
        self._words = list(sets)
        # The last query's words and what each matched, so that typing on narrows.
        self._recent: dict[str, tuple[list[str], int]] = {}

    @classmethod
    def build(cls, ids: list[str], folded: Iterable[str]) -> Postings:
        """The postings of these conversations' folded texts, in this order."""
        found: defaultdict[str, list[int]] = defaultdict(list)
        for position, text in enumerate(folded):
            for word in distinct_words(text):
                found[word].append(position)
        return cls(list(ids), {word: _as_bits(positions) for word, positions in found.items()})

    def changed(
        self,
        ids: list[str | None],
        removed: Iterable[tuple[int, str]],
        added: Iterable[tuple[int, str]],
    ) -> Postings:
        """New postings with the (position, folded text) `removed` taken out and `added`
        put in, over the positions `ids`; this index is left as it was."""
        sets = dict(self._sets)
        for position, text in removed:
            for word in distinct_words(text):
                first, bits = sets[word]
                bits &= ~(1 << (position - first))
                if bits:
                    sets[word] = (first, bits)
                else:
                    del sets[word]
        for position, text in added:
            for word in distinct_words(text):
                first, bits = sets.get(word, (position, 0))
                if position < first:
                    first, bits = position, bits << (first - position)
                sets[word] = (first, bits | 1 << (position - first))
        return Postings(ids, sets)

    def positions_in_order(self) -> list[str | None]:
        """Position -> id, as held (None for a position no longer used)."""
        return self._ids

    def search(self, query_words: list[str]) -> list[str]:
        """Ids holding every one of `query_words` (folded, non-empty), in order."""
        recent: dict[str, tuple[list[str], int]] = {}
        found = -1
        for word in query_words:
            recent[word] = self._holding(word)
            found &= recent[word][1]
            if not found:
                break
        self._recent = recent
        if found <= 0:
            return []
        flags = f"{found:b}"[::-1].encode().translate(_BITS)
        matched = compress(self._ids, flags)
        if self._gaps:
            return [key for key in matched if key is not None]
        return cast("list[str]", list(matched))  # no gaps, so no None

    def _holding(self, word: str) -> tuple[list[str], int]:
        """The distinct words holding `word`, and the bits of the conversations holding it."""
        if word in self._recent:
            return self._recent[word]
        # The words holding an extension of a recent word are among that word's.
        among = self._words
        for before, (held, _) in self._recent.items():
            if before in word and len(held) < len(among):
                among = held
        held = [w for w in among if word in w]
        bits = 0
        for w in held:
            first, shifted = self._sets[w]
            bits |= shifted << first
        return held, bits


def _as_bits(positions: list[int]) -> tuple[int, int]:
    """Ascending positions as (the first, an int with a bit for each from there)."""
    # Written as a string of 1s and runs of 0s (the gaps, highest position first) and
    # read as one int: C work all through, where setting bits one by one is not.
    down = positions[::-1]
    gaps = map(sub, map(sub, down[:-1], down[1:]), repeat(1))
    return positions[0], int("1".join(chain([""], map(mul, repeat("0"), gaps), [""])), 2)
