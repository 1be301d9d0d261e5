"""Search: every word must match, whatever the case or accents, anywhere in a conversation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.folding import fold
from coach.guidance.library import builtin_guidance
from coach.model import Commitment, Owner
from coach.review.search import SearchIndex, build_index, cut, highlight, query_words
from coach.store.store import Store
from coach.store.views import ConversationView
from tests.support.review_data import seed


@pytest.fixture
def index(data_dir: Path) -> SearchIndex:
    seed(data_dir)
    store = Store.open(data_dir, read_only=True)
    views = (store.people.views(), store.conversations.views(), store.commitments.views())
    return build_index(*views, builtin_guidance())


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë", "zoe"),
        ("ZÜRICH", "zurich"),
        ("Ångström", "angstrom"),
        ("Straße", "strasse"),
        ("café", "cafe"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_fold_ignores_case_and_accents(text: str, folded: str) -> None:
    """Accents are dropped and case folded, both in what is stored and what is typed."""
    assert fold(text) == folded


def test_query_words_are_folded_and_each_counted_once() -> None:
    """Words split on spaces, folded, duplicates dropped."""
    assert query_words("  Zürich  zurich BUDGET ") == ["zurich", "budget"]


@pytest.mark.parametrize("query", ["zurich", "ZÜRICH", "Zürich", "zÜrIcH"])
def test_case_and_accents_do_not_matter(index: SearchIndex, query: str) -> None:
    """Typing with or without accents, in any case, finds the answer about Zürich."""
    assert index.search(query) == ["c-budget"]


def test_stored_accents_are_found_by_plain_letters(index: SearchIndex) -> None:
    """'cafe' finds 'café', 'angstrom' finds the person Zoë Ångström."""
    assert index.search("cafe") == ["c-budget"]
    assert sorted(index.search("angstrom")) == ["c-budget", "c-planned"]


def test_every_word_must_match(index: SearchIndex) -> None:
    """Several words narrow: all must appear, in any order, in any part of the conversation."""
    assert sorted(index.search("zoe")) == ["c-budget", "c-planned"]
    assert index.search("zoe copenhagen") == ["c-budget"]
    assert index.search("copenhagen zoe") == ["c-budget"]
    assert index.search("copenhagen sam") == []


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("headcount", "transparency note"),
        ("copenhagen", "live quote"),
        ("pilot march", "live decision"),
        ("worries", "question"),
        ("office costs", "answer"),
        ("budget draft", "commitment"),
        ("april", "correction"),
        ("smaller", "summary"),
    ],
)
def test_all_text_is_searched(index: SearchIndex, query: str, where: str) -> None:
    """Step notes, live notes, questions and answers, commitments and the correction."""
    assert index.search(query) == ["c-budget"], where


def test_an_empty_query_finds_everything(index: SearchIndex) -> None:
    """No words: every conversation."""
    assert sorted(index.search("  ")) == ["c-budget", "c-kickoff", "c-planned"]


def test_typing_on_and_deleting_give_the_right_results(index: SearchIndex) -> None:
    """Results narrow while typing, and widen again when letters are deleted."""
    typed = ["b", "bu", "bud", "budg", "budge", "budget", "budge", "bu", ""]
    results = [sorted(index.search(text)) for text in typed]
    fresh = [sorted(build_again(index).search(text)) for text in typed]
    assert results == fresh
    assert results[5] == ["c-budget"]
    assert results[-1] == ["c-budget", "c-kickoff", "c-planned"]


def build_again(index: SearchIndex) -> SearchIndex:
    """The same index without any memory of earlier queries."""
    return SearchIndex({key: index.passages(key) for key in ("c-budget", "c-kickoff", "c-planned")})


def test_the_snippet_shows_the_passage_that_matched(index: SearchIndex) -> None:
    """The passage matching most words wins; the matched words are marked, accents and all."""
    snippet = index.snippet("c-budget", "zurich costs")
    assert snippet is not None
    assert snippet.label == "Answer"
    assert snippet.cut(100) == ("Mostly the ", "Zürich", " office ", "costs", ".")


def test_the_name_is_a_snippet_only_when_nothing_else_matches(index: SearchIndex) -> None:
    """Searching a name matches the conversation; the snippet prefers the notes if they match."""
    snippet = index.snippet("c-planned", "zoe")
    assert snippet is not None and snippet.label == "With"
    assert index.snippet("c-budget", "") is None


def test_highlight_marks_every_occurrence() -> None:
    """Parts alternate plain and matched, plain first, overlapping matches merged."""
    assert highlight("Budget, budgets and BUDGET", ["budget"]) == (
        "",
        "Budget",
        ", ",
        "budget",
        "s and ",
        "BUDGET",
        "",
    )
    assert highlight("abcdef", ["abc", "cde"]) == ("", "abcde", "f")


def test_cut_keeps_the_match_in_view() -> None:
    """A long passage is cut around its first match, with … where text was left out."""
    text = "x" * 200 + " the Zürich office " + "y" * 200
    parts = cut(text, ["zurich"], 40)
    assert "Zürich" in parts
    assert parts[0].startswith("…") and parts[-1].endswith("…")
    assert len("".join(parts)) <= 41


def _index_of(store: Store, reuse: SearchIndex | None = None) -> SearchIndex:
    return build_index(
        store.people.views(),
        store.conversations.views(),
        store.commitments.views(),
        builtin_guidance(),
        reuse=reuse,
    )


def test_an_index_kept_from_an_earlier_visit_follows_every_change() -> None:
    """Only what changed is read again; the new words are found and the old ones are not."""
    store = Store.in_memory()
    ann = store.people.add("Ann Lee")
    kept = store.conversations.start(ann, "building-trust", None)
    changed = store.conversations.start(ann, "building-trust", None)
    store.conversations.set_notes(kept.id, "safety", {"setting": "walk by the canal"})
    store.conversations.set_notes(changed.id, "safety", {"setting": "quiet room"})
    first = _index_of(store)
    store.conversations.set_notes(changed.id, "safety", {"setting": "rooftop garden"})
    store.commitments.add(Commitment("Send the budget", Owner.ME, ann.id, conversation_id=kept.id))
    gone = store.conversations.start(ann, "building-trust", None)
    between = _index_of(store, reuse=first)
    store.conversations.delete(gone.id)
    again = _index_of(store, reuse=between)
    assert again.search("rooftop") == [changed.id]
    assert again.search("quiet") == []
    assert again.search("budget") == [kept.id]  # a commitment made since counts as a change
    assert sorted(again.search("")) == sorted([kept.id, changed.id])


def test_an_unchanged_conversation_is_taken_over_not_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Coming back to the review reads only the conversations that changed."""
    from coach.review import search

    store = Store.in_memory()
    ann = store.people.add("Ann Lee")
    talks = [store.conversations.start(ann, "building-trust", None) for _ in range(5)]
    first = _index_of(store)
    store.conversations.set_notes(talks[2].id, "safety", {"setting": "rooftop"})
    read: list[str] = []
    real = search.conversation_texts

    def counted(conversation: ConversationView, *args: Any) -> Iterator[tuple[str, str]]:
        read.append(conversation.id)
        return real(conversation, *args)

    monkeypatch.setattr(search, "conversation_texts", counted)
    again = _index_of(store, reuse=first)
    assert read == [talks[2].id]
    assert again.search("rooftop") == [talks[2].id]
