"""Full-text search over every conversation, ignoring case and accents.

The index holds, for each conversation, its texts (notes of every step, the
questions and answers, what was captured live, its commitments, the person's name
and the purpose) and one folded copy of them all to match against.  Every word
of a query must appear (AND), anywhere and as part of a word, so results narrow
as each letter is typed.  The words of every conversation are kept inverted
(coach.review.postings), so a keystroke's search costs about the same however much
is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from coach.errors import Stopped
from coach.folding import fold
from coach.guidance.library import Guidance
from coach.review.postings import Postings
from coach.steps import STEPS
from coach.store.views import CommitmentView, ConversationView, PersonView
from coach.user_text import collapse, visible, words

_STEP_TITLES = {step.key: step.title for step in STEPS}
_ENTRY_LABELS = {
    "note": "Note",
    "quote": "Quote",
    "decision": "Decision",
    "concern": "Concern",
    "commitment": "Commitment",
    "question": "Question",
}
NAME_LABEL = "With"


def query_words(query: str) -> list[str]:
    """The folded words of a query, each once, in order."""
    return list(dict.fromkeys(words(fold(query))))


@dataclass(frozen=True)
class Passage:
    """One searchable text of a conversation and what it is ('Safety', 'Answer', ...)."""

    label: str
    text: str


@dataclass(frozen=True)
class Snippet:
    """Where a query matched: the passage's label, its text on one line, and the words."""

    label: str
    text: str
    words: tuple[str, ...]

    def cut(self, width: int) -> tuple[str, ...]:
        """The text cut to about `width` around the first match: plain and matched parts
        alternating, plain first."""
        return cut(self.text, list(self.words), width)


class _Item:
    """One conversation as indexed: its folded text, and how to read its passages again."""

    __slots__ = ("folded", "read", "source")

    def __init__(
        self, folded: str, read: Callable[[], list[Passage]], source: tuple[object, ...] = ()
    ) -> None:
        self.folded = folded
        # The passages are read again when a result is shown rather than kept: a few
        # rows a keystroke, where keeping them all would hold every word twice.
        self.read = read
        # What it was made from (stored documents, compared by identity: a changed one is
        # a new object), so a later index can take it over unchanged.
        self.source = source

    @classmethod
    def of(cls, passages: list[Passage]) -> _Item:
        """An item of passages given as they are."""
        return cls(fold("\n".join(p.text for p in passages)), partial(list, passages))

    def made_from(self, source: tuple[object, ...]) -> bool:
        """Whether it was made from these very documents."""
        return len(source) == len(self.source) and all(
            a is b for a, b in zip(source, self.source, strict=True)
        )


class SearchIndex:
    """Every conversation's text, ready to search."""

    def __init__(self, items: dict[str, list[Passage]] | None = None) -> None:
        self._items = {key: _Item.of(passages) for key, passages in (items or {}).items()}
        self._postings = Postings.build(list(self._items), self._folded())

    def __len__(self) -> int:
        return len(self._items)

    def search(self, query: str) -> list[str]:
        """Ids of the conversations holding every word of `query` (all of them when empty)."""
        words = query_words(query)
        if not words:
            return list(self._items)
        return self._postings.search(words)

    def _folded(self) -> list[str]:
        return [item.folded for item in self._items.values()]

    def passages(self, key: str) -> list[Passage]:
        """The texts of one conversation, as indexed."""
        item = self._items.get(key)
        return item.read() if item else []

    def snippet(self, key: str, query: str) -> Snippet | None:
        """The passage of one conversation that best shows why it matched.

        The passage matching the most words wins (the person's name only when
        nothing else matches); None when the query is empty or nothing matches.
        """
        words = query_words(query)
        item = self._items.get(key)
        if not words or item is None:
            return None
        best: tuple[int, int, Passage] | None = None
        for index, passage in enumerate(item.read()):
            folded = fold(passage.text)
            hits = sum(w in folded for w in words)
            if not hits:
                continue
            rank = hits - (len(words) if passage.label == NAME_LABEL else 0)
            if best is None or rank > best[0]:
                best = (rank, index, passage)
        if best is None:
            return None
        passage = best[2]
        return Snippet(passage.label, collapse(visible(passage.text)), tuple(words))


def highlight(text: str, words: list[str]) -> tuple[str, ...]:
    """`text` split into plain and matched parts (alternating, plain first)."""
    return _parts(text, match_spans(text, words), 0, len(text))


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the folded words occur in `text`, as merged (start, end) offsets into `text`."""
    folded, origin = _fold_with_origin(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def cut(text: str, words: list[str], width: int) -> tuple[str, ...]:
    """`text` cut to about `width` characters around its first match, highlighted."""
    spans = match_spans(text, words)
    if len(text) <= width:
        return _parts(text, spans, 0, len(text))
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    parts = list(_parts(text, spans, start, end))
    if start > 0:
        parts[0] = "…" + parts[0][1:] if parts[0] else "…"
    if end < len(text):
        if len(parts) % 2:  # ends on plain text
            parts[-1] = parts[-1][:-1] + "…"
        else:
            parts.append("…")
    return tuple(parts)


def _parts(text: str, spans: list[tuple[int, int]], start: int, end: int) -> tuple[str, ...]:
    parts: list[str] = []
    position = start
    for span in spans:
        span_start, span_end = max(span[0], start), min(span[1], end)
        if span_start >= span_end:
            continue
        parts += [text[position:span_start], text[span_start:span_end]]
        position = span_end
    parts.append(text[position:end])
    return tuple(parts)


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def conversation_texts(
    conversation: ConversationView,
    name: str,
    commitments: Iterable[CommitmentView],
    guidance: Guidance,
) -> Iterator[tuple[str, str]]:
    """(label, text) for everything searchable in one stored conversation, in order."""
    yield NAME_LABEL, name
    yield "Purpose", guidance.purpose_title(conversation.purpose)
    for step, text in conversation.notes():
        yield _STEP_TITLES.get(step) or step.replace("_", " ").capitalize(), text
    for question, answer in conversation.questions():
        yield "Question", question
        if answer:
            yield "Answer", answer
    for kind, text in conversation.entries():
        yield _ENTRY_LABELS.get(kind, "Note"), text
    for commitment in commitments:
        yield "Commitment", commitment.text
    if conversation.correction:
        yield "Correction", conversation.correction


def conversation_passages(
    conversation: ConversationView,
    name: str,
    commitments: Iterable[CommitmentView],
    guidance: Guidance,
) -> list[Passage]:
    """Everything searchable in one stored conversation, labelled for the results."""
    texts = conversation_texts(conversation, name, commitments, guidance)
    return [Passage(label, text) for label, text in texts]


def build_index(
    people: list[PersonView],
    conversations: list[ConversationView],
    commitments: list[CommitmentView],
    guidance: Guidance,
    *,
    reuse: SearchIndex | None = None,
    stop: Callable[[], bool] | None = None,
) -> SearchIndex:
    """An index of every stored conversation (views as the store's shelves give them; the
    purposes' titles from `guidance`); Stopped as soon as `stop` says so (every 256
    conversations folded it is asked).

    With `reuse`, an earlier index, a conversation whose stored documents (its own, its
    person's and its commitments') are the very ones it was indexed from is taken over
    as it is: only what changed since is read and folded again, so coming back to the
    review costs a pass over the ids rather than over every word ever written.
    """
    persons = {person.id: person for person in people}
    made_in: dict[str, list[CommitmentView]] = {}
    for commitment in commitments:
        made_in.setdefault(str(commitment.conversation_id), []).append(commitment)
    earlier = reuse._items if reuse is not None else {}
    index = SearchIndex()
    for number, c in enumerate(conversations):
        if stop is not None and not number % 256 and stop():
            raise Stopped()
        person = persons.get(c.person_id)
        made = made_in.get(c.id, [])
        source = (c.document, person.document if person else None, *(m.document for m in made))
        item = earlier.get(c.id)
        if item is None or not item.made_from(source):
            name = person.name if person else ""
            texts = conversation_texts(c, name, made, guidance)
            folded = fold("\n".join(text for _, text in texts))
            item = _Item(folded, partial(conversation_passages, c, name, made, guidance), source)
        index._items[c.id] = item
    postings = _changed_postings(reuse, index._items) if reuse is not None else None
    if postings is None:
        postings = Postings.build(list(index._items), index._folded())
    index._postings = postings
    return index


def _changed_postings(earlier: SearchIndex, items: dict[str, _Item]) -> Postings | None:
    """The earlier index's postings with only what changed since put right, or None when
    the order of the conversations changed so that they must be built afresh."""
    ids = list(earlier._postings.positions_in_order())
    position_of = {key: position for position, key in enumerate(ids) if key is not None}
    removed: list[tuple[int, str]] = []
    added: list[tuple[int, str]] = []
    last = -1
    for key, item in items.items():
        position = position_of.pop(key, None)
        if position is None:  # new since: it must come after every earlier one
            position = len(ids)
            ids.append(key)
            added.append((position, item.folded))
        elif earlier._items[key] is not item:
            removed.append((position, earlier._items[key].folded))
            added.append((position, item.folded))
        if position < last:
            return None
        last = position
    for key, position in position_of.items():  # deleted since
        removed.append((position, earlier._items[key].folded))
        ids[position] = None
    if ids.count(None) > len(items):  # mostly gaps: cheaper to start again
        return None
    return earlier._postings.changed(ids, removed, added)
