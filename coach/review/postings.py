"""Which conversations hold a piece of a word: the inverted index under the search.

A query word (folded, holding no whitespace) occurs in a conversation's folded text
exactly when it is part of one of that text's words, since a match cannot cross a
gap.  So the index keeps each distinct word of every conversation once, with the
set of conversations holding it as the bits of an int (bit k: the k-th conversation,
in the index's order).  Finding a query word is then a scan of the distinct words,
a few hundred to some tens of thousands however long the history, and an OR of
their sets; the words of a query are ANDed; the bits give the ids in order.  A
piece held by very many words (one or two letters, with a large vocabulary) is
found by reading the texts instead, which is quick for a common piece.

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
# Above this many distinct words holding a piece of a query, ORing their sets costs
# more than reading the texts (measured: about 1 microsecond a word's set at 20,000
# conversations, against about 0.2 a text; a common piece is found early in a text).
MANY_WORDS = 2000


def distinct_words(folded: str) -> set[str]:
    """The distinct words of a folded text, split where user_text.words splits."""
    return set(words(folded) if _SPLIT_ALSO_AT.search(folded) else folded.split())


class Postings:
    """For every distinct word, the conversations (by position) whose text holds it."""

    def __init__(
        self, ids: list[str | None], texts: list[str], sets: dict[str, tuple[int, int]]
    ) -> None:
        # Position -> id; None where a conversation was deleted since (its bits are clear).
        self._ids = ids
        self._gaps = None in ids
        # Position -> folded text ("" for a gap): read for a piece so common that ORing
        # the sets of every word holding it would cost more than reading.
        self._texts = texts
        # Word -> (first position, the bits from there on).
        self._sets = sets
        self._words = list(sets)
        # The last query's words and what each matched, so that typing on narrows.
        self._recent: dict[str, tuple[list[str], int | None]] = {}

    @classmethod
    def build(cls, ids: list[str], folded: list[str]) -> Postings:
        """The postings of these conversations' folded texts, in this order."""
        found: defaultdict[str, list[int]] = defaultdict(list)
        for position, text in enumerate(folded):
            for word in distinct_words(text):
                found[word].append(position)
        sets = {word: _as_bits(positions) for word, positions in found.items()}
        return cls(list(ids), folded, sets)

    def changed(
        self,
        ids: list[str | None],
        removed: Iterable[tuple[int, str]],
        added: Iterable[tuple[int, str]],
    ) -> Postings:
        """New postings with the (position, folded text) `removed` taken out and `added`
        put in, over the positions `ids`; this index is left as it was."""
        sets = dict(self._sets)
        texts = self._texts + [""] * (len(ids) - len(self._texts))
        for position, text in removed:
            texts[position] = ""
            for word in distinct_words(text):
                first, bits = sets[word]
                bits &= ~(1 << (position - first))
                if bits:
                    sets[word] = (first, bits)
                else:
                    del sets[word]
        for position, text in added:
            texts[position] = text
            for word in distinct_words(text):
                first, bits = sets.get(word, (position, 0))
                if position < first:
                    first, bits = position, bits << (first - position)
                sets[word] = (first, bits | 1 << (position - first))
        return Postings(ids, texts, sets)

    def positions_in_order(self) -> list[str | None]:
        """Position -> id, as held (None for a position no longer used)."""
        return self._ids

    def search(self, query_words: list[str]) -> list[str]:
        """Ids holding every one of `query_words` (folded, non-empty), in order."""
        recent: dict[str, tuple[list[str], int | None]] = {}
        found = -1  # every position
        common = []
        for word in query_words:
            recent[word] = self._holding(word)
            bits = recent[word][1]
            if bits is None:
                common.append(word)
            else:
                found &= bits
        self._recent = recent
        if not found:
            return []
        everywhere = range(len(self._ids))
        if not common:
            matched = compress(self._ids, _flags(found))
            if self._gaps:
                return [key for key in matched if key is not None]
            return cast("list[str]", list(matched))  # no gaps, so no None
        # A common piece is found early in most texts that hold it, so reading is quick.
        positions = everywhere if found == -1 else compress(everywhere, _flags(found))
        texts, ids = self._texts, self._ids
        return [
            key
            for p in positions
            if all(word in texts[p] for word in common) and (key := ids[p]) is not None
        ]

    def _holding(self, word: str) -> tuple[list[str], int | None]:
        """The distinct words holding `word`, and the bits of the conversations holding it
        (None when so many words hold it that reading the texts is quicker)."""
        if word in self._recent:
            return self._recent[word]
        # The words holding an extension of a recent word are among that word's.
        among = self._words
        for before, (held, _) in self._recent.items():
            if before in word and len(held) < len(among):
                among = held
        held = [w for w in among if word in w]
        if len(held) > MANY_WORDS:
            return held, None
        bits = 0
        for w in held:
            first, shifted = self._sets[w]
            bits |= shifted << first
        return held, bits


def _flags(bits: int) -> bytes:
    """One byte a position, 1 where its bit is set (for itertools.compress)."""
    return f"{bits:b}"[::-1].encode().translate(_BITS)


def _as_bits(positions: list[int]) -> tuple[int, int]:
    """Ascending positions as (the first, an int with a bit for each from there)."""
    # Written as a string of 1s and runs of 0s (the gaps, highest position first) and
    # read as one int: C work all through, where setting bits one by one is not.
    down = positions[::-1]
    gaps = map(sub, map(sub, down[:-1], down[1:]), repeat(1))
    return positions[0], int("1".join(chain([""], map(mul, repeat("0"), gaps), [""])), 2)
