"""The user's own questions, purposes and step prompts: TOML files in the config directory.

    ~/.config/coach/content/*.toml

    [[questions]]                  # more questions for a purpose
    purpose = "building-trust"
    text = "What would make our one-to-ones more useful?"
    step = "objectives"            # optional; objectives by default

    [[purposes]]                   # a purpose of one's own
    key = "onboarding"
    title = "Onboarding someone new"
    summary = "Help a new joiner find their feet"
    [[purposes.questions]]
    text = "What has surprised you so far?"

    [[prompts]]                    # another prompt or checklist item for a step
    step = "safety"
    text = "Have I told them this is not about performance?"
    [[checklist]]
    step = "follow_through"
    text = "Calendar reminder for my commitments"

    [[question_hints]]             # a weak form of question to point out (guidance.question_hints)
    kind = "closed"
    patterns = ["^quick one: (do|is|are) "]
    hint = "This can be answered with a yes or a no: try starting with What or How."
    idea = "Questions that open the other person up"

They are added to coach's own content, never replacing it: a purpose with a built-in
key is refused.  A file that cannot be read, or an entry that is wrong, is reported
with the file and line and left out; everything else still loads.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import toml_line, toml_reason
from coach.steps import STEP_KEYS
from coach.user_text import trim

KINDS = ("questions", "purposes", "prompts", "checklist")
# Sections of the same files that another module reads (coach.guidance.question_hints).
READ_ELSEWHERE = ("question_hints",)


@dataclass(frozen=True)
class ContentProblem:
    """Something in one of the user's files that was left out, and where."""

    path: Path
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class UserQuestion:
    """A question of the user's: for a purpose, and the step where it helps."""

    purpose: str
    text: str
    step: str
    path: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class UserPurpose:
    """A purpose of the user's own, with its questions."""

    key: str
    title: str
    summary: str
    description: str
    questions: tuple[tuple[str, str], ...]  # (text, step)
    short: str = ""  # a word or two for narrow columns (optional)


@dataclass
class UserContent:
    """Everything read from the user's files, and what had to be left out."""

    questions: list[UserQuestion] = field(default_factory=list)
    purposes: list[UserPurpose] = field(default_factory=list)
    prompts: dict[str, list[str]] = field(default_factory=dict)
    checklist: dict[str, list[str]] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)


class _Refused(ValueError):
    """One entry cannot be used (the message says why)."""


def read_user_content(directory: Path, builtin_purposes: set[str]) -> UserContent:
    """Read every .toml file in `directory` (a missing directory means no content)."""
    found = UserContent()
    if not directory.is_dir():
        return found
    own_keys: set[str] = set()
    for path in sorted(directory.glob("*.toml")):
        _read_file(path, builtin_purposes, own_keys, found)
    known = builtin_purposes | own_keys
    for question in list(found.questions):
        if question.purpose not in known:
            found.questions.remove(question)
            found.problems.append(
                ContentProblem(
                    question.path or directory,
                    question.line,
                    f"no purpose is called {question.purpose!r}",
                )
            )
    return found


def _read_file(path: Path, builtin: set[str], own_keys: set[str], found: UserContent) -> None:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        found.problems.append(ContentProblem(path, None, f"cannot be read ({error})"))
        return
    except tomllib.TOMLDecodeError as error:
        found.problems.append(
            ContentProblem(path, toml_line(error), f"not valid TOML: {toml_reason(error)}")
        )
        return
    for unknown in sorted(set(data) - set(KINDS) - set(READ_ELSEWHERE)):
        found.problems.append(
            ContentProblem(
                path,
                _header_lines(text, unknown)[0] if _header_lines(text, unknown) else None,
                f"unknown section {unknown!r} (use {', '.join(KINDS)})",
            )
        )
    for kind in KINDS:
        entries = data.get(kind, [])
        lines = _header_lines(text, kind)
        if not isinstance(entries, list):
            found.problems.append(ContentProblem(path, None, f"{kind} must be [[{kind}]] tables"))
            continue
        for index, entry in enumerate(entries):
            at = lines[index] if index < len(lines) else None
            try:
                _take(kind, entry, builtin, own_keys, found, where=(path, at))
            except _Refused as refused:
                found.problems.append(ContentProblem(path, at, str(refused)))


def _take(
    kind: str,
    entry: object,
    builtin: set[str],
    own_keys: set[str],
    found: UserContent,
    *,
    where: tuple[Path, int | None],
) -> None:
    if not isinstance(entry, dict):
        raise _Refused(f"each of [[{kind}]] must be a table")
    if kind == "questions":
        found.questions.append(
            UserQuestion(
                _required(entry, "purpose"), _required(entry, "text"), _step(entry), *where
            )
        )
    elif kind == "purposes":
        found.purposes.append(_own_purpose(entry, builtin, own_keys))
    else:
        target = found.prompts if kind == "prompts" else found.checklist
        target.setdefault(_step(entry, required=True), []).append(_required(entry, "text"))


def _own_purpose(entry: dict[str, Any], builtin: set[str], own_keys: set[str]) -> UserPurpose:
    key = _required(entry, "key")
    if key in builtin:
        raise _Refused(
            f"purpose {key!r} is one of coach's own; add to it with [[questions]] "
            f'purpose = "{key}" instead'
        )
    if key in own_keys:
        raise _Refused(f"purpose {key!r} is defined twice")
    questions = entry.get("questions", [])
    if not isinstance(questions, list) or not questions:
        raise _Refused(f"purpose {key!r} needs at least one [[purposes.questions]]")
    pairs = []
    for question in questions:
        if not isinstance(question, dict):
            raise _Refused(f"the questions of purpose {key!r} must be tables")
        pairs.append((_required(question, "text"), _step(question)))
    own_keys.add(key)
    title = _required(entry, "title")
    return UserPurpose(
        key=key,
        title=title,
        summary=trim(str(entry.get("summary", title))) or title,
        description=trim(str(entry.get("description", ""))),
        questions=tuple(pairs),
        short=trim(str(entry.get("short", ""))),
    )


def _required(entry: dict[str, Any], name: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not trim(value):
        raise _Refused(f"'{name}' is missing or empty")
    return trim(value)


def _step(entry: dict[str, Any], *, required: bool = False) -> str:
    step = entry.get("step")
    if step is None and not required:
        return "objectives"
    if step not in STEP_KEYS:
        raise _Refused(f"step {step!r} is not one of {', '.join(STEP_KEYS)}")
    return str(step)


def _header_lines(text: str, kind: str) -> list[int]:
    """The line of each [[kind]] header, in order (TOML keeps no positions itself)."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(kind)}\s*\]\]")
    return [number for number, line in enumerate(text.splitlines(), 1) if pattern.match(line)]
