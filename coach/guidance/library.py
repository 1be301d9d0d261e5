"""Loads the guidance in content/ (data, not code): step guides, purposes, question banks, help.

The guidance in use is one `Guidance` value: coach's own (`builtin_guidance`, read
once, since package data never changes), or coach's own with the user's additions
(`load_guidance`, read when the app opens and carried by its Workspace).  Nothing
here remembers which one is in use: there is no global to set or reset.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError
from coach.guidance.user_content import ContentProblem, UserContent, read_user_content
from coach.steps import STEP_KEYS, step_named
from coach.user_text import trim

if TYPE_CHECKING:
    from coach.guidance.question_hints import QuestionRules

PACKAGE = "coach.content"


class ContentError(CoachError):
    """A content file is missing something or cannot be read; names the file."""


@dataclass(frozen=True)
class StepGuide:
    """What a step is for, and what helps the leader prepare it."""

    key: str
    title: str
    summary: str
    why: str
    prompts: tuple[str, ...]
    checklist: tuple[str, ...]
    hints: dict[str, str]


@dataclass(frozen=True)
class SuggestedQuestion:
    """A question from a purpose's bank, and the step where it helps most."""

    text: str
    step: str


@dataclass(frozen=True)
class Purpose:
    """Why a conversation is held, with its bank of questions."""

    key: str
    title: str
    order: int
    summary: str
    description: str
    questions: tuple[SuggestedQuestion, ...]
    # A word or two for narrow columns ("Develop" for "Developing people").
    short: str = ""

    @property
    def label(self) -> str:
        """The short label, or the title when there is none."""
        return self.short or self.title

    def questions_for(self, step: str) -> list[SuggestedQuestion]:
        """This step's questions first, then the rest."""
        return sorted(self.questions, key=lambda q: q.step != step)


def _root() -> Traversable:
    return resources.files(PACKAGE)


def _load_toml(file: Traversable, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"{label}: {error}") from None


def _text(data: dict[str, Any], key: str, label: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not trim(value):
        raise ContentError(f"{label}: '{key}' must be some text")
    return trim(value)


def _texts(data: dict[str, Any], key: str, label: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ContentError(f"{label}: '{key}' must be a list of texts")
    return tuple(trim(v) for v in value)


@functools.cache
def _builtin_step_guides() -> dict[str, StepGuide]:
    guides = {}
    for key in STEP_KEYS:
        label = f"content/steps/{key}.toml"
        data = _load_toml(_root() / "steps" / f"{key}.toml", label)
        hints = data.get("hints", {})
        fields = {f.key for f in step_named(key).fields}
        if not isinstance(hints, dict) or set(hints) != fields:
            raise ContentError(f"{label}: [hints] must give one hint for each of {sorted(fields)}")
        guides[key] = StepGuide(
            key=key,
            title=_text(data, "title", label),
            summary=_text(data, "summary", label),
            why=_text(data, "why", label),
            prompts=_texts(data, "prompts", label),
            checklist=_texts(data, "checklist", label),
            hints={k: trim(str(v)) for k, v in hints.items()},
        )
    return guides


def _with_questions(purpose: Purpose, added: list[SuggestedQuestion]) -> Purpose:
    """The purpose with questions added, skipping any it already has."""
    seen = {q.text.casefold() for q in purpose.questions}
    fresh = []
    for question in added:
        if question.text.casefold() not in seen:
            seen.add(question.text.casefold())
            fresh.append(question)
    return dataclasses.replace(purpose, questions=purpose.questions + tuple(fresh))


@functools.cache
def _builtin_purposes() -> tuple[Purpose, ...]:
    found = []
    for file in sorted(_root().joinpath("purposes").iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".toml"):
            continue
        label = f"content/purposes/{file.name}"
        found.append(_purpose(_load_toml(file, label), label))
    return tuple(sorted(found, key=lambda p: p.order))


def _purpose(data: dict[str, Any], label: str) -> Purpose:
    questions = []
    for index, entry in enumerate(data.get("questions", []), start=1):
        if not isinstance(entry, dict):
            raise ContentError(f"{label}: question {index} must be a table")
        step = entry.get("step", "objectives")
        if step not in STEP_KEYS:
            raise ContentError(f"{label}: question {index} names an unknown step {step!r}")
        questions.append(SuggestedQuestion(_text(entry, "text", f"{label} question {index}"), step))
    if not questions:
        raise ContentError(f"{label}: a purpose needs at least one question")
    order = data.get("order", 99)
    return Purpose(
        key=_text(data, "key", label),
        title=_text(data, "title", label),
        order=order if isinstance(order, int) else 99,
        summary=_text(data, "summary", label),
        description=_text(data, "description", label),
        questions=tuple(questions),
        short=trim(str(data.get("short", ""))),
    )


@dataclass(frozen=True)
class Guidance:
    """What coach offers while preparing: a guide for each step, every purpose with its
    questions, and the rules that recognise a weak question; with what of the user's own
    content had to be left out, and why."""

    guides: dict[str, StepGuide]
    purposes: tuple[Purpose, ...]
    content_problems: tuple[ContentProblem, ...] = ()
    # Where the user's own question hints are (None: coach's rules only). The rules are
    # compiled when first asked for, not on the way to the dashboard: some ninety regular
    # expressions, ~30 ms of a start (benchmarks/RESULTS.md).
    rules_directory: Path | None = None

    @functools.cached_property
    def question_rules(self) -> QuestionRules:
        """The rules that recognise a weak question: coach's, then the user's."""
        # question_hints reads its file through this module's PACKAGE: imported when needed.
        from coach.guidance.question_hints import load_rules

        return load_rules(self.rules_directory)

    @property
    def problems(self) -> tuple[ContentProblem, ...]:
        """What of the user's content had to be left out, and why (compiles the rules)."""
        return (*self.content_problems, *self.question_rules.problems)

    def guide(self, step: str) -> StepGuide:
        """The guide for one step, by its key."""
        return self.guides[step]

    def purpose(self, key: str) -> Purpose | None:
        """The purpose with this key, or None (say, one removed since)."""
        return next((p for p in self.purposes if p.key == key), None)

    def purpose_title(self, key: str) -> str:
        """A purpose's title, or its key when it is unknown."""
        found = self.purpose(key)
        return found.title if found else key

    def purpose_label(self, key: str) -> str:
        """A purpose's short label where room is short (its title if it has none)."""
        found = self.purpose(key)
        return found.label if found else key


@functools.cache
def builtin_guidance() -> Guidance:
    """coach's own guidance, without the user's (for the shell commands and the tests)."""
    return Guidance(_builtin_step_guides(), _builtin_purposes())


def load_guidance(user_directory: Path | None) -> Guidance:
    """coach's own guidance with the user's content files in `user_directory` added (None:
    coach's own only); what had to be left out is in its `problems`, to tell the user."""
    if user_directory is None:
        return builtin_guidance()
    builtin = _builtin_purposes()
    extra = read_user_content(user_directory, {p.key for p in builtin})
    return Guidance(
        _with_user_prompts(_builtin_step_guides(), extra),
        _with_user_purposes(builtin, extra),
        tuple(extra.problems),
        user_directory,
    )


def _with_user_prompts(builtin: dict[str, StepGuide], extra: UserContent) -> dict[str, StepGuide]:
    """Each step's guide with the user's prompts and checklist items after coach's own."""
    return {
        key: dataclasses.replace(
            guide,
            prompts=guide.prompts + tuple(extra.prompts.get(key, ())),
            checklist=guide.checklist + tuple(extra.checklist.get(key, ())),
        )
        for key, guide in builtin.items()
    }


def _with_user_purposes(builtin: tuple[Purpose, ...], extra: UserContent) -> tuple[Purpose, ...]:
    """coach's own purposes in order (with the user's questions added), then the user's."""
    merged = []
    for purpose in builtin:
        added = [
            SuggestedQuestion(q.text, q.step) for q in extra.questions if q.purpose == purpose.key
        ]
        merged.append(_with_questions(purpose, added))
    for own in extra.purposes:
        questions = [SuggestedQuestion(text, step) for text, step in own.questions]
        questions += [
            SuggestedQuestion(q.text, q.step) for q in extra.questions if q.purpose == own.key
        ]
        merged.append(
            _with_questions(
                Purpose(
                    own.key,
                    own.title,
                    1000 + len(merged),
                    own.summary,
                    own.description or own.summary,
                    (),
                    own.short,
                ),
                questions,
            )
        )
    return tuple(merged)


def help_text() -> str:
    """The help screen's Markdown."""
    return (_root() / "help.md").read_text(encoding="utf-8")
