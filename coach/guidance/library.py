"""Loads the guidance in content/ (data, not code): step guides, purposes, question banks, help."""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.guidance.user_content import ContentProblem, UserContent, read_user_content
from coach.steps import STEP_KEYS, step_named
from coach.user_text import trim

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
def step_guides() -> dict[str, StepGuide]:
    """The guidance for each of the five steps, by step key (with the user's additions)."""
    builtin = _builtin_step_guides()
    extra = _user_content()
    return {
        key: dataclasses.replace(
            guide,
            prompts=guide.prompts + tuple(extra.prompts.get(key, ())),
            checklist=guide.checklist + tuple(extra.checklist.get(key, ())),
        )
        for key, guide in builtin.items()
    }


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


@functools.cache
def purposes() -> tuple[Purpose, ...]:
    """Every purpose: coach's own in order (with the user's questions added), then the user's."""
    extra = _user_content()
    merged = []
    for builtin in _builtin_purposes():
        added = [
            SuggestedQuestion(q.text, q.step) for q in extra.questions if q.purpose == builtin.key
        ]
        merged.append(_with_questions(builtin, added))
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
                ),
                questions,
            )
        )
    return tuple(merged)


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
    )


def purpose(key: str) -> Purpose | None:
    """The purpose with this key, or None (say, one removed since)."""
    return next((p for p in purposes() if p.key == key), None)


def purpose_title(key: str) -> str:
    """A purpose's title, or its key when it is unknown."""
    found = purpose(key)
    return found.title if found else key


class _UserFiles:
    """Where the user's own content is read from; set by the app at start-up."""

    directory: Path | None = None


def use_user_content(directory: Path | None) -> list[ContentProblem]:
    """Read the user's content files from `directory` (None: coach's own content only),
    returning what had to be left out, to tell the user."""
    _UserFiles.directory = directory
    for cached in (step_guides, purposes, _user_content):
        cached.cache_clear()
    return list(_user_content().problems)


@functools.cache
def _user_content() -> UserContent:
    if _UserFiles.directory is None:
        return UserContent()
    builtin = {p.key for p in _builtin_purposes()}
    return read_user_content(_UserFiles.directory, builtin)


def help_text() -> str:
    """The help screen's Markdown."""
    return (_root() / "help.md").read_text(encoding="utf-8")
