"""The inverted index answers exactly as reading every conversation's text would.

Hypothesis writes texts from a small alphabet (so that words share pieces: 1-2
letter words, words inside others, accents and case, Unicode spaces, and control
characters that str.split() would split at but coach does not), and queries typed
on and deleted back as a person does.  Each answer must be the plain scan's: the
same ids, in the same order, whether a piece of a word is found from the index or,
held by many words, by reading the texts.  An index built with `reuse` must keep answering so
as conversations are edited, deleted and added between visits.
"""

from __future__ import annotations

import os
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.folding import fold
from coach.guidance.library import builtin_guidance
from coach.review import postings
from coach.review.search import Passage, SearchIndex, build_index, query_words
from coach.store.store import Store

EXAMPLES = int(os.environ.get("COACH_FUZZ_EXAMPLES", "25"))
PROPERTY = settings(
    max_examples=EXAMPLES * 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Letters that make overlapping words, their accented and upper-case forms, gaps
# (space, newline, no-break space) and characters that are text to coach but
# whitespace to str.split() (\x1c, \x85, vertical tab).
LETTERS = "abcab" + "áBÀß" + "  \n\u00a0" + "\x1c\x85\x0b"
texts = st.text(alphabet=LETTERS, max_size=30)
queries = st.text(alphabet=LETTERS, max_size=6)


def scanned(corpus: dict[str, str], query: str) -> list[str]:
    """What the search must answer: every conversation whose folded text holds every word."""
    wanted = query_words(query)
    return [key for key, text in corpus.items() if all(w in fold(text) for w in wanted)]


def typed(query: str) -> list[str]:
    """The search field's text while `query` is typed letter by letter, then deleted."""
    on = [query[:n] for n in range(1, len(query) + 1)]
    return on + on[-2::-1] + [""]


@PROPERTY
@given(
    passages=st.lists(st.lists(texts, max_size=3), max_size=12),
    asked=st.lists(queries),
    many=st.sampled_from([postings.MANY_WORDS, 1, 0]),
)
def test_the_index_answers_as_a_scan_does(
    passages: list[list[str]], asked: list[str], many: int
) -> None:
    """Any query, typed on or deleted back, in any order: the scan's ids in the scan's order,
    whether a piece is found from the words' sets or, held by many words, by reading."""
    items = {f"c{n}": [Passage("Note", text) for text in texts] for n, texts in enumerate(passages)}
    corpus = {key: "\n".join(p.text for p in found) for key, found in items.items()}
    index = SearchIndex(items)
    with patch.object(postings, "MANY_WORDS", many):
        for query in [text for each in asked for text in typed(each)] + asked:
            assert index.search(query) == scanned(corpus, query), repr(query)


def test_the_scan_agrees_on_the_cases_that_are_easy_to_get_wrong() -> None:
    """Short words, words inside words, accents, and a control character that is not a gap."""
    corpus = {"one": "Ab Cab", "two": "abba\x1cc", "three": "Ça bá", "four": ""}
    index = SearchIndex({key: [Passage("Note", text)] for key, text in corpus.items()})
    assert index.search("ab") == ["one", "two"]
    assert index.search("a") == ["one", "two", "three"]
    assert index.search("ba\x1cc") == ["two"]
    assert index.search("ca B") == ["one", "three"]
    assert index.search("cab") == ["one"]
    assert index.search("") == ["one", "two", "three", "four"]
    assert index.search("zz") == []


edits = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 20), texts),
        st.tuples(st.just("delete"), st.integers(0, 20), st.just("")),
        st.tuples(st.just("add"), st.just(0), texts),
    ),
    max_size=8,
)


@PROPERTY
@given(
    first=st.lists(texts, max_size=8),
    visits=st.lists(edits, max_size=3),
    asked=st.lists(queries),
    many=st.sampled_from([postings.MANY_WORDS, 1]),
)
def test_an_index_kept_between_visits_answers_as_a_fresh_one(
    first: list[str], visits: list[list[tuple[str, int, str]]], asked: list[str], many: int
) -> None:
    """Edits, deletions and new conversations between visits: the kept index's answers are
    a fresh index's and the scan's, every time."""
    store = Store.in_memory()
    ann = store.people.add("Ann")
    talks = []
    for text in first:
        talks.append(store.conversations.start(ann, "building-trust", None).id)
        store.conversations.set_notes(talks[-1], "safety", {"setting": text})
    kept = index_of(store)
    for visit in visits:
        for action, which, text in visit:
            if action == "add":
                talks.append(store.conversations.start(ann, "building-trust", None).id)
                store.conversations.set_notes(talks[-1], "safety", {"setting": text})
            elif talks and action == "edit":
                edited = talks[which % len(talks)]
                store.conversations.set_notes(edited, "safety", {"setting": text})
            elif talks:
                store.conversations.delete(talks.pop(which % len(talks)))
        kept = index_of(store, reuse=kept)
        fresh = index_of(store)
        corpus = {key: "\n".join(p.text for p in fresh.passages(key)) for key in fresh.search("")}
        with patch.object(postings, "MANY_WORDS", many):
            for query in [text for each in asked for text in typed(each)] + ["a", "b", ""]:
                assert kept.search(query) == fresh.search(query), repr(query)
            assert [kept.search(query) for query in asked] == [scanned(corpus, q) for q in asked]


def index_of(store: Store, reuse: SearchIndex | None = None) -> SearchIndex:
    """The search index of everything in `store`, as the review builds it."""
    return build_index(
        store.people.views(),
        store.conversations.views(),
        store.commitments.views(),
        builtin_guidance(),
        reuse=reuse,
    )
