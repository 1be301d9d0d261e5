"""Question hints: the weak forms are caught, good questions are left alone, nothing breaks.

The corpus is every question of content/ (read from the files, so new ones are
covered), the questions of the seeds, and the labelled set in
tests/fixtures/question_corpus.toml.  The labelled set's precision and recall per kind
are printed (run with -s to see them) and are in the assertion message.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coach.guidance.question_hints import (
    KINDS,
    Hint,
    QuestionRules,
    builtin_rules,
    hint_for,
    load_rules,
)
from coach.guidance.user_content import read_user_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
CORPUS = ROOT / "tests" / "fixtures" / "question_corpus.toml"

# The floors the labelled set must stay above.  A question written after the rules
# (the held-out part of the corpus) was caught with at least 0.9 recall per kind and
# never hinted wrongly on its first run; a hint shown on a good question costs more
# trust than a weak one missed, hence the higher bar for precision.
MIN_PRECISION = 0.95
MIN_RECALL = 0.9


@dataclass(frozen=True)
class Labelled:
    """A question of the labelled set, with the hint it should get."""

    text: str
    kind: str  # one of KINDS, or "none"
    suggestion: str | None


def labelled() -> list[Labelled]:
    """The labelled questions of tests/fixtures/question_corpus.toml."""
    data = tomllib.loads(CORPUS.read_text(encoding="utf-8"))
    return [
        Labelled(entry["text"], entry["kind"], entry.get("suggestion"))
        for entry in data["questions"]
    ]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def content_questions() -> list[tuple[str, str]]:
    """Every question in content/purposes and content/steps, with the file it is in: each
    purpose's questions, and any other text there that ends with a question mark."""
    found = []
    for path in sorted([*CONTENT.glob("purposes/*.toml"), *CONTENT.glob("steps/*.toml")]):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts = [q["text"] for q in data.get("questions", [])]
        texts += [text for text in _strings(data) if text.rstrip().endswith("?")]
        label = str(path.relative_to(ROOT))
        found += [(label, text) for text in dict.fromkeys(texts)]
    return found


def seeds_directory() -> Path:
    """The seeds (the source material): $COACH_SEEDS, or the copy kept in
    tests/fixtures/seeds, so the checks against them run on every machine."""
    named = os.environ.get("COACH_SEEDS")
    directory = Path(named) if named else ROOT / "tests" / "fixtures" / "seeds"
    assert directory.is_dir(), f"no seeds in {directory}"
    return directory


_QUOTED = re.compile(r"[“”\"]([^“”\"]+?\?)[“”\"]")
_SENTENCE = re.compile(r"(?:^|(?<=[.!?:] ))([A-Z][^.!?“”\"]*\?)", re.MULTILINE)


def questions_in_seed(text: str) -> list[str]:
    """The questions in a seed: quoted ones and whole sentences, the closing
    paragraph (an advertisement) left out."""
    paragraphs = [line for line in text.splitlines() if line.strip()]
    body = "\n".join(paragraphs[:-1])
    found = [q.strip() for q in _QUOTED.findall(body)] + _SENTENCE.findall(body)
    return list(dict.fromkeys(found))


def seed_questions() -> list[str]:
    """The questions of the seeds as kept in the corpus file (checked against the seeds
    themselves by test_the_corpus_has_every_question_of_the_seeds)."""
    data = tomllib.loads(CORPUS.read_text(encoding="utf-8"))
    return list(data["seeds"]["questions"])


@pytest.fixture(scope="module")
def rules() -> QuestionRules:
    """coach's own rules."""
    return builtin_rules()


# --- the corpus ------------------------------------------------------------------------


def test_the_corpus_holds_at_least_150_questions() -> None:
    """Content, seeds and the labelled set together: enough to mean something."""
    items = labelled()
    assert len(items) >= 100
    assert {item.kind for item in items} == {*KINDS, "none"}
    assert len(content_questions()) >= 60
    assert len(items) + len(content_questions()) + len(seed_questions()) >= 150


def test_every_question_in_content_passes_clean(rules: QuestionRules) -> None:
    """coach's own question banks and prompts get no remark."""
    remarks = [
        f"{label}: {text!r} -> {hint.kind}"
        for label, text in content_questions()
        if (hint := hint_for(text, rules)) is not None
    ]
    assert not remarks, "\n".join(remarks)


def test_every_question_of_the_seeds_passes_clean(rules: QuestionRules) -> None:
    """The seeds' own example questions are the model of a good question."""
    questions = seed_questions()
    assert len(questions) >= 12
    remarks = [f"{text!r} -> {hint.kind}" for text in questions if (hint := hint_for(text, rules))]
    assert not remarks, "\n".join(remarks)


def test_the_corpus_has_every_question_of_the_seeds() -> None:
    """The copy of the seeds' questions in the corpus file is complete (where the seeds are)."""
    directory = seeds_directory()
    in_seeds = [
        question
        for path in sorted(directory.glob("*.txt"))
        for question in questions_in_seed(path.read_text(encoding="utf-8"))
    ]
    assert len(in_seeds) >= 12
    missing = sorted(set(in_seeds) - set(seed_questions()))
    assert not missing, f"add to [seeds] in {CORPUS.name}: {missing}"


def test_each_idea_quotes_the_seeds_word_for_word() -> None:
    """The idea behind a hint names its seed idea, in words the seeds really use."""
    quotes = {
        quote
        for rule in builtin_rules().rules
        for quote in re.findall(r"'([^']+)'", rule.idea.partition("(seeds:")[2])
    }
    assert all("(seeds: '" in rule.idea for rule in builtin_rules().rules)
    directory = seeds_directory()
    seeds = " ".join(p.read_text(encoding="utf-8") for p in directory.glob("*.txt"))
    seeds = seeds.replace("\u2019", "'")
    assert not [quote for quote in sorted(quotes) if quote not in seeds]


def scores(rules: QuestionRules) -> tuple[dict[str, tuple[int, int, int]], list[str]]:
    """Per kind (labelled, hinted, right), and the questions that were not as labelled."""
    counts = {kind: [0, 0, 0] for kind in KINDS}
    wrong = []
    for item in labelled():
        hint = hint_for(item.text, rules)
        got = hint.kind if hint else "none"
        if item.kind in counts:
            counts[item.kind][0] += 1
        if got in counts:
            counts[got][1] += 1
        if got == item.kind and got in counts:
            counts[got][2] += 1
        if got != item.kind:
            wrong.append(f"  {item.text!r}: labelled {item.kind}, got {got}")
    return {kind: (a, b, c) for kind, (a, b, c) in counts.items()}, wrong


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def table(counts: dict[str, tuple[int, int, int]]) -> str:
    """Precision and recall per kind and overall, as a table."""
    lines = [f"{'kind':<9}{'labelled':>9}{'hinted':>8}{'right':>7}{'precision':>11}{'recall':>8}"]
    for kind, (wanted, hinted, right) in [
        *counts.items(),
        ("overall", tuple(sum(c[i] for c in counts.values()) for i in range(3))),
    ]:
        lines.append(
            f"{kind:<9}{wanted:>9}{hinted:>8}{right:>7}"
            f"{_ratio(right, hinted):>11.2f}{_ratio(right, wanted):>8.2f}"
        )
    return "\n".join(lines)


def test_the_labelled_set_is_caught_with_the_right_kind(rules: QuestionRules) -> None:
    """Closed, leading, stacked and "why" questions are caught as such, good ones left alone;
    precision and recall are printed and must stay above the floors."""
    counts, wrong = scores(rules)
    good = [item for item in labelled() if item.kind == "none"]
    remarked = [item.text for item in good if hint_for(item.text, rules)]
    report = (
        f"question hints on {len(labelled())} labelled questions:\n{table(counts)}\n"
        f"good questions with no remark: {len(good) - len(remarked)} of {len(good)}\n"
        + ("not as labelled:\n" + "\n".join(wrong) if wrong else "every question as labelled")
    )
    print(f"\n{report}")
    for kind, (wanted, hinted, right) in [
        *counts.items(),
        ("overall", tuple(sum(c[i] for c in counts.values()) for i in range(3))),
    ]:
        assert _ratio(right, hinted) >= MIN_PRECISION, f"{kind} precision\n{report}"
        assert _ratio(right, wanted) >= MIN_RECALL, f"{kind} recall\n{report}"


def test_the_better_question_is_the_one_labelled(rules: QuestionRules) -> None:
    """Where a simple rewrite works, coach offers it word for word."""
    expected = [item for item in labelled() if item.suggestion]
    assert len(expected) >= 40
    wrong = [
        f"{item.text!r}: {hint.suggestion if hint else None!r}, not {item.suggestion!r}"
        for item in expected
        if (hint := hint_for(item.text, rules)) is None or hint.suggestion != item.suggestion
    ]
    assert not wrong, "\n".join(wrong)


def test_a_better_question_never_gets_a_hint_itself(rules: QuestionRules) -> None:
    """Following a suggestion never leads to another remark."""
    offered = [
        (item.text, hint.suggestion)
        for item in labelled()
        if (hint := hint_for(item.text, rules)) and hint.suggestion
    ]
    assert len(offered) >= 50
    assert not [pair for pair in offered if hint_for(pair[1], rules) is not None]


def test_the_example_of_the_issue(rules: QuestionRules) -> None:
    """The closed question of the issue, with its hint, idea and open form."""
    hint = hint_for("Do you like the new rota?", rules)
    assert hint == Hint(
        kind="closed",
        message=hint.message if hint else "",
        suggestion="What do you think of the new rota?",
        idea=hint.idea if hint else "",
    )
    assert hint is not None and "yes or a no" in hint.message
    assert "dialogues prompted by asking questions" in hint.idea


# --- any text at all -------------------------------------------------------------------

# Pieces of weak questions among control characters, quotes, braces and odd spaces.
AWKWARD = st.lists(
    st.sampled_from(
        [
            *"\x00\x08\x0b\x0c\x1b\x1c\x1d\x1e\x1f\x7f\x85\x9b\u2028\u00a0\t\n\r",
            *"?!,.'\u2019\"\u201c\u201d(){}[]\\",
            *["do ", "you ", "why ", "is ", "it ", "right", "don't ", "surely ", "what ", "{x}"],
        ]
    ),
    max_size=30,
).map("".join)


# A weak question of the labelled set with awkward text put in somewhere, so that the
# rewrites meet it too.
SPLICED = st.tuples(
    st.sampled_from([item.text for item in labelled() if item.kind != "none"]),
    AWKWARD,
    st.integers(min_value=0, max_value=80),
).map(lambda parts: parts[0][: parts[2]] + parts[1] + parts[0][parts[2] :])


@settings(max_examples=600)
@given(st.one_of(st.text(max_size=200), AWKWARD, SPLICED))
@example("")
@example("?")
@example("??????")
@example("Do\x1byou like it?")
@example("\x00Do you like it?\x00")
@example("Why did you{x}?")
@example("Do you like (?P<x>.*)?")
def test_any_text_gets_a_hint_or_none_and_never_an_error(text: str) -> None:
    """Whatever is typed or pasted, hint_for answers, and what it offers is sound."""
    hint = hint_for(text, builtin_rules())
    if hint is not None:
        assert hint.kind in KINDS
        assert hint.message and hint.idea
        if hint.suggestion is not None:
            assert hint.suggestion
            assert hint_for(hint.suggestion, builtin_rules()) is None


def test_control_characters_are_text_not_space(rules: QuestionRules) -> None:
    """The group separator joins words (Python's split would take it for a space); real
    whitespace of any kind is a gap."""
    assert hint_for("Do\x1fyou like the new rota?", rules) is None
    assert hint_for("\x1bDo you like the new rota?", rules) is None
    for gap in (" ", "\t", "\u00a0", "\n", "  \u3000 "):
        hint = hint_for(f"  Do{gap}you like the new rota?  ", rules)
        assert hint is not None and hint.suggestion == "What do you think of the new rota?"


def test_hints_are_fast_enough_to_run_on_every_keystroke(rules: QuestionRules) -> None:
    """Well under a millisecond a question, and a long paste costs nothing."""
    texts = [item.text for item in labelled()] + [text for _, text in content_questions()]
    started = time.perf_counter()
    for _ in range(5):
        for text in texts:
            hint_for(text, rules)
    each = (time.perf_counter() - started) / (5 * len(texts))
    assert each < 0.002, f"{each * 1000:.3f} ms a question"
    started = time.perf_counter()
    assert hint_for("Do you like it? " * 20_000, rules) is None
    assert time.perf_counter() - started < 0.05


def test_no_builtin_pattern_uses_backslash_s() -> None:
    """Questions are matched with their whitespace made single spaces, and \\s would take a
    control character for a space."""
    patterns = [
        pattern.pattern
        for rule in builtin_rules().rules
        for pattern in (*rule.patterns, *rule.unless, *(r.match for r in rule.rewrites))
    ]
    assert patterns and not [p for p in patterns if re.search(r"(?<!\\)\\[sS]", p)]


# --- the user's own rules --------------------------------------------------------------

MINE = """\
[[question_hints]]
kind = "closed"
patterns = ["^quick one: (do|is|are) "]
hint = "Closed, in my own words."
idea = "My own idea."

[[question_hints]]
kind = "leading"
patterns = ["^(broken"]
hint = "A pattern that does not compile."
idea = "-"

[[question_hints]]
kind = "rhetorical"
patterns = ["^as if "]
hint = "A kind coach does not know."
idea = "-"

[[question_hints]]
kind = "closed"
patterns = ["^shall "]
hint = "A rewrite with a field its pattern does not catch."
idea = "-"
[[question_hints.rewrites]]
match = "^shall (?P<x>.+)"
into = "How {y}?"

[[question_hints]]
kind = "why"
pattern = "^wherefore "
hint = "A misspelt field."
idea = "-"

[[question_hints]]
kind = "closed"
language = "de"
patterns = ["^(hast|bist|kannst|willst) du "]
hint = "Eine Ja-Nein-Frage: Versuch es mit Was oder Wie."
idea = "Fragen, die öffnen."

[[question_hints.rewrites]]
match = "^hast du (?P<x>.+?)\\\\?*$"
into = "Was hast du {x}?"
"""


def test_the_users_own_rules_are_added_and_bad_ones_named_with_file_and_line(
    tmp_path: Path,
) -> None:
    """A rule of the user's is used; one that is wrong is reported where it is, and the
    rest of the file, and coach's own rules, still load."""
    # A line separator inside a string (TOML allows one) is no new line: the lines still count.
    mine = MINE.replace(
        'hint = "Closed, in my own words."', 'hint = "Closed, in my own\u2028words."'
    )
    (tmp_path / "mine.toml").write_text(mine, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("[[question_hints]\nkind = ", encoding="utf-8")
    rules = load_rules(tmp_path)

    own = hint_for("Quick one: is the plan ready?", rules)
    assert own is not None and own.message == "Closed, in my own\u2028words."
    assert hint_for("Do you like the new rota?", rules) == hint_for(
        "Do you like the new rota?", builtin_rules()
    )
    german = hint_for("Hast du Zeit?", rules, language="de")
    assert german is not None and german.suggestion == "Was hast du Zeit?"
    assert hint_for("Do you like the new rota?", rules, language="de") is None

    where = {(p.path.name, p.line): p.reason for p in rules.problems}
    assert set(where) == {("mine.toml", 7), ("mine.toml", 13), ("mine.toml", 19), ("mine.toml", 28)}
    assert "not a valid regular expression" in where[("mine.toml", 7)]
    assert "'rhetorical' is not one of" in where[("mine.toml", 13)]
    assert "{y}" in where[("mine.toml", 19)]
    assert "unknown field 'pattern'" in where[("mine.toml", 28)]
    assert str(rules.problems[0]).startswith(f"{tmp_path / 'mine.toml'}, line ")


def test_a_stacked_rule_of_the_users_own_cannot_send_coach_round_in_circles(
    tmp_path: Path,
) -> None:
    """A user's stacked rule that fits each of the questions it splits into still answers."""
    (tmp_path / "mine.toml").write_text(
        '[[question_hints]]\nkind = "stacked"\npatterns = [" and also "]\n'
        'hint = "Two at once."\nidea = "One at a time."\n',
        encoding="utf-8",
    )
    rules = load_rules(tmp_path)
    assert not rules.problems
    hint = hint_for("Do you like it and also is it fair?", rules)
    assert hint is not None and hint.kind == "stacked" and hint.suggestion is None


def test_the_users_question_hints_are_no_unknown_section_to_their_content(
    tmp_path: Path,
) -> None:
    """The rest of the user's content reader lets [[question_hints]] be."""
    (tmp_path / "mine.toml").write_text(MINE, encoding="utf-8")
    assert read_user_content(tmp_path, set()).problems == []


def test_no_user_directory_means_coachs_own_rules(tmp_path: Path) -> None:
    """A missing directory, or none, is no problem."""
    assert load_rules(None) is builtin_rules()
    missing = load_rules(tmp_path / "nowhere")
    assert missing.rules == builtin_rules().rules and not missing.problems


def test_the_module_reads_nothing_at_import() -> None:
    """Importing the module compiles nothing and reads no file: that waits for the rules."""
    code = (
        "import coach.guidance.question_hints as q, sys\n"
        "print(q.builtin_rules.cache_info().currsize, 'textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "False"]
