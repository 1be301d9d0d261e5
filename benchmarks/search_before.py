"""The review's search as it was before the inverted index, kept to measure against.

coach.review.search up to commit 3e0778b held every conversation's passages and
folded text and scanned them all on each search (only a query extending the last
one looked among the last results).  This is that code, build and search, so that
the benchmarks can time the old and the new side by side in one run; nothing in
coach uses it.
"""

from __future__ import annotations

from collections.abc import Iterable

from coach.folding import fold
from coach.guidance.library import Guidance
from coach.review.search import _ENTRY_LABELS, _STEP_TITLES, NAME_LABEL, Passage, query_words
from coach.store.views import CommitmentView, ConversationView, PersonView


class ScanningIndex:
    """Every conversation's passages and folded text, searched by reading them all."""

    def __init__(self) -> None:
        self.folded: dict[str, str] = {}
        self.passages: dict[str, list[Passage]] = {}
        self.sources: dict[str, tuple[object, ...]] = {}
        self._last: tuple[list[str], list[str]] | None = None

    def search(self, query: str) -> list[str]:
        """Ids of the conversations holding every word of `query` (all of them when empty)."""
        words = query_words(query)
        candidates: Iterable[str] = self.folded
        if self._last is not None and _narrows(self._last[0], words):
            candidates = self._last[1]
        found = [key for key in candidates if all(w in self.folded[key] for w in words)]
        self._last = (words, found)
        return found


def _narrows(before: list[str], after: list[str]) -> bool:
    return all(any(old in new for new in after) for old in before)


def _passages(
    conversation: ConversationView,
    name: str,
    commitments: Iterable[CommitmentView],
    guidance: Guidance,
) -> list[Passage]:
    passages = [
        Passage(NAME_LABEL, name),
        Passage("Purpose", guidance.purpose_title(conversation.purpose)),
    ]
    for step, text in conversation.notes():
        label = _STEP_TITLES.get(step, step.replace("_", " ").capitalize())
        passages.append(Passage(label, text))
    for question, answer in conversation.questions():
        passages.append(Passage("Question", question))
        if answer:
            passages.append(Passage("Answer", answer))
    for kind, text in conversation.entries():
        passages.append(Passage(_ENTRY_LABELS.get(kind, "Note"), text))
    passages += [Passage("Commitment", c.text) for c in commitments]
    if conversation.correction:
        passages.append(Passage("Correction", conversation.correction))
    return passages


def build_scanning_index(
    people: list[PersonView],
    conversations: list[ConversationView],
    commitments: list[CommitmentView],
    guidance: Guidance,
) -> ScanningIndex:
    """The old index of every stored conversation, built as the old build_index did."""
    persons = {person.id: person for person in people}
    made_in: dict[str, list[CommitmentView]] = {}
    for commitment in commitments:
        made_in.setdefault(str(commitment.conversation_id), []).append(commitment)
    index = ScanningIndex()
    for c in conversations:
        person = persons.get(c.person_id)
        made = made_in.get(c.id, [])
        passages = _passages(c, person.name if person else "", made, guidance)
        index.passages[c.id] = passages
        index.folded[c.id] = fold("\n".join(p.text for p in passages))
        # Kept, as the old index kept them, to be taken over on the next visit.
        index.sources[c.id] = (c.document, person.document if person else None, *made)
    return index
