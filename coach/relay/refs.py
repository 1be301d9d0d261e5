"""Short references to commitments, as the shell shows and takes them.

A REF is a commitment's id, a unique start of one, or a unique piece of its text
(case and accents aside).  `coach commitments` shows each commitment's shortest
unique start of its id, at least four characters, like git's short hashes.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from coach.folding import same_words
from coach.user_text import trim

SHORTEST = 4
# When only the commitments at hand are read (coach.store.placement), a start must also
# be unique among the settled ones it cannot see: eight hex digits of a random id are
# (one chance in millions of a clash among 100,000; `coach done` still checks them all).
SHORTEST_UNSEEN = 8


class Referable(Protocol):
    """What a REF is matched against: a commitment's id and text."""

    @property
    def id(self) -> str:
        """The commitment's id."""
        ...

    @property
    def text(self) -> str:
        """What was promised."""
        ...


def short_refs(
    ids: Iterable[str], shortest: int = SHORTEST, *, only: Iterable[str] | None = None
) -> dict[str, str]:
    """Each id's shortest start (at least `shortest` characters) that no other id shares;
    only for the ids in `only` if given (those listed: the rest are compared, not named)."""
    ordered = sorted(set(ids))
    wanted = range(len(ordered)) if only is None else _places(ordered, only)
    # In sorted order, the ids sharing the longest start with one are beside it: its
    # shortest unique start is one longer than the longer of the two it shares.
    last = len(ordered) - 1
    refs = {}
    for index in wanted:
        start = ordered[index][:shortest]
        if (index == 0 or not ordered[index - 1].startswith(start)) and (
            index == last or not ordered[index + 1].startswith(start)
        ):
            refs[ordered[index]] = start  # the usual case: its neighbours start otherwise
            continue
        current = ordered[index]
        neighbours = ordered[max(index - 1, 0) : index] + ordered[index + 1 : index + 2]
        length = max([shortest, *(_shared(current, other) + 1 for other in neighbours)])
        refs[current] = current[:length]
    return refs


def _places(ordered: list[str], ids: Iterable[str]) -> list[int]:
    """Where each of `ids` is in `ordered` (an id not in it is left out)."""
    places = []
    for one in ids:
        index = bisect.bisect_left(ordered, one)
        if index < len(ordered) and ordered[index] == one:
            places.append(index)
    return places


def _shared(one: str, other: str) -> int:
    """How many characters two ids share at their start."""
    count = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs:
            break
        count += 1
    return count


@dataclass(frozen=True)
class Matches:
    """The commitments a REF could mean: one, several (ambiguous) or none."""

    found: list[str]  # their ids

    @property
    def one(self) -> str | None:
        """The id, when the REF means exactly one."""
        return self.found[0] if len(self.found) == 1 else None


def match(ref: str, among: Sequence[Referable]) -> Matches:
    """The commitments among `among` that `ref` means.

    An exact id wins; then the ids that start with it; then those whose text holds
    it.  A start of an id that fits one is taken even if text also matches: it is
    the more precise of the two.
    """
    wanted = same_words(ref)
    if not wanted:
        return Matches([])
    lowered = trim(ref).lower()
    exact = [c.id for c in among if c.id == lowered]
    if exact:
        return Matches(exact)
    by_id = [c.id for c in among if c.id.startswith(lowered)] if " " not in lowered else []
    if len(by_id) == 1:
        return Matches(by_id)
    by_text = [c.id for c in among if wanted in same_words(c.text)]
    return Matches(list(dict.fromkeys(by_id + by_text)))
