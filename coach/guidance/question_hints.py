"""Question hints: the weak forms of a question, recognised as the leader writes it.

A closed question (yes or no), a leading one (it carries its own answer), several
questions stacked in one line, or a "why" about the person's own choice each get one
sentence of hint, the idea behind it, and a better question where a simple rewrite
makes one; a good open question gets nothing.  What counts as weak, and what to say,
is data: content/question_hints.toml (coach's own, English first, room for other
languages) and ``[[question_hints]]`` tables in the user's content files, in the same
form.  The rules are compiled once (``load_rules``); ``hint_for`` then only matches,
so it can run on every keystroke, and it never raises, whatever the text.

No Textual and no I/O at import: the files are read when the rules are loaded.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from coach.guidance.library import PACKAGE, ContentError
from coach.guidance.user_content import ContentProblem
from coach.user_text import collapse, trim, words

# The order a question is checked in; the first kind that fits is the hint.  Stacked
# comes first because asking one question is the first fix; leading comes before why and
# closed because "Why don't you just...?" is a why and "Don't you think...?" is closed too,
# and what matters about them is the answer they push for.
KINDS = ("stacked", "leading", "why", "closed")

FILE = "question_hints.toml"
# Where the user's own rules go in their content files (coach.guidance.user_content knows it).
USER_SECTION = "question_hints"

# Longer than this is a paste, not a question: no hint, and no time spent on it (the
# user's own patterns could be slow on a long text).
MAX_QUESTION = 1000

_RULE_FIELDS = {"kind", "language", "patterns", "starts", "ends", "unless", "rewrites"}
_RULE_FIELDS |= {"hint", "idea"}
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.IGNORECASE)
_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
_CHANGES = ("", "lower", "lowerfirst")
# The curly apostrophe autocorrect types (U+2019) counts as the straight one.
_CURLY = "\u2019"
# One question of several: up to and including its question marks.
_ONE_QUESTION = re.compile(r"[^?]+\?*")
# A question picked out of a stacked line has at least this many words: "Why?" alone
# is not the better question.
_FEWEST_WORDS = 3


@dataclass(frozen=True)
class Hint:
    """What coach says about one question: the kind of weakness, the hint, the idea behind it,
    and a better question when one can be made."""

    kind: str
    message: str
    suggestion: str | None
    idea: str

    @property
    def short(self) -> str:
        """The hint in a line: its first clause and the better question, if there is one."""
        first = re.split(r"[:.;]", self.message, maxsplit=1)[0]
        return f"{first}. Try: {self.suggestion}" if self.suggestion else f"{first}."


@dataclass(frozen=True)
class Rewrite:
    """A way to turn a weak question into a better one: a pattern and a template."""

    match: re.Pattern[str]
    into: str

    def apply(self, question: str) -> str | None:
        """The better question, or None when the pattern does not fit."""
        found = self.match.search(question)
        if found is None:
            return None

        def field(placeholder: re.Match[str]) -> str:
            value = found.group(placeholder.group(1)) or ""
            change = placeholder.group(2)
            if change == "lower":
                return value.lower()
            return value[:1].lower() + value[1:] if change == "lowerfirst" else value

        better = collapse(_FIELD.sub(field, self.into))
        return better[:1].upper() + better[1:]


@dataclass(frozen=True)
class Rule:
    """One weak form of a question, in one language, with its hint and rewrites."""

    kind: str
    language: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    rewrites: tuple[Rewrite, ...]
    message: str
    idea: str

    def fits(self, forms: Sequence[str]) -> bool:
        """Whether one of the forms of a question matches and is not excused."""
        return any(
            any(p.search(form) for p in self.patterns)
            and not any(u.search(form) for u in self.unless)
            for form in forms
        )

    def rewrite(self, forms: Sequence[str]) -> str | None:
        """The first rewrite that fits one of the forms, the barest form first."""
        for form in forms:
            for rewrite in self.rewrites:
                better = rewrite.apply(form)
                if better:
                    return better
        return None


@dataclass(frozen=True)
class Language:
    """What may open or close a question in a language without changing it."""

    code: str
    lead_ins: tuple[re.Pattern[str], ...]
    tail: re.Pattern[str] | None


class QuestionRules:
    """Every rule, compiled, ordered for matching, with what had to be left out."""

    def __init__(
        self,
        rules: Iterable[Rule],
        languages: dict[str, Language],
        problems: Iterable[ContentProblem] = (),
    ) -> None:
        self.rules = tuple(rules)
        self.languages = dict(languages)
        self.problems = tuple(problems)
        # Sorted once here, so matching a question only walks a list.
        self._by_language: dict[str, tuple[Rule, ...]] = {}
        for rule in sorted(self.rules, key=lambda r: KINDS.index(r.kind)):
            self._by_language[rule.language] = (*self._by_language.get(rule.language, ()), rule)

    def for_language(self, language: str) -> tuple[Rule, ...]:
        """The rules of one language, in the order they are tried."""
        return self._by_language.get(language, ())

    def forms(self, question: str, language: str) -> tuple[str, ...]:
        """The question without what opens it ("So, ...", "Looking back, ..."), barest
        first, then as written."""
        spoken = self.languages.get(language)
        if spoken is None:
            return (question,)
        if spoken.tail is not None:
            question = spoken.tail.sub("", question) or question
        found = [question]
        for lead_in in spoken.lead_ins:
            shorter = trim(lead_in.sub("", found[-1], count=1))
            if shorter and shorter != found[-1]:
                found.append(shorter)
        return tuple(reversed(found))


def hint_for(question: str, rules: QuestionRules, language: str = "en") -> Hint | None:
    """The hint for a question as written, or None for a good one (or no question)."""
    if len(question) > MAX_QUESTION:
        return None
    text = collapse(question)
    if not text:
        return None
    return _first_hint(text, rules, language, suggest=True)


def _first_hint(text: str, rules: QuestionRules, language: str, *, suggest: bool) -> Hint | None:
    found = _first_rule(text, rules, language)
    if found is None:
        return None
    rule, forms = found
    better = _better(rule, text, forms, rules, language) if suggest else None
    return Hint(rule.kind, rule.message, better, rule.idea)


def _first_rule(
    text: str, rules: QuestionRules, language: str
) -> tuple[Rule, tuple[str, ...]] | None:
    """The rule a question is hinted by, and the forms of the question it was tried on."""
    forms = rules.forms(text, language)
    for rule in rules.for_language(language):
        if rule.fits(forms):
            return rule, forms
    return None


def _better(
    rule: Rule, text: str, forms: Sequence[str], rules: QuestionRules, language: str
) -> str | None:
    better = _one_of(text, rules, language) if rule.kind == "stacked" else rule.rewrite(forms)
    # A rewrite that would itself get a hint would send the leader round in circles.
    if not better or better.casefold() == text.casefold():
        return None
    if _first_rule(better, rules, language) is not None:
        return None
    return better


def _one_of(text: str, rules: QuestionRules, language: str) -> str | None:
    """Of several questions in a line, the first good one, else the first that rewrites."""
    asked = [trim(found) for found in _ONE_QUESTION.findall(text)]
    barest = [rules.forms(question, language)[0] for question in asked if question]
    for question in barest:
        capital = question[:1].upper() + question[1:]
        if len(words(capital)) >= _FEWEST_WORDS and _first_rule(capital, rules, language) is None:
            return capital
    for question in barest:
        found = _first_rule(question, rules, language)
        # Never another stacked rule: a user's might fit every part, and round it would go.
        if found is not None and found[0].kind != "stacked":
            better = found[0].rewrite(found[1])
            if better:
                return better
    return None


# --- loading -------------------------------------------------------------------------


class _Refused(ValueError):
    """One rule cannot be used (the message says why)."""


@functools.cache
def builtin_rules() -> QuestionRules:
    """coach's own rules, from content/question_hints.toml (raises ContentError if broken)."""
    label = f"content/{FILE}"
    try:
        text = resources.files(PACKAGE).joinpath(FILE).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"{label}: {error}") from None
    languages: dict[str, Language] = {}
    for entry, line in _tables(data, "languages", text):
        try:
            spoken = _language(entry)
        except _Refused as refused:
            raise ContentError(f"{label}, line {line}: {refused}") from None
        languages[spoken.code] = spoken
    rules = []
    for entry, line in _tables(data, "rules", text):
        try:
            rules.append(_rule(entry))
        except _Refused as refused:
            raise ContentError(f"{label}, line {line}: {refused}") from None
    return QuestionRules(rules, languages)


def load_rules(user_directory: Path | None = None) -> QuestionRules:
    """coach's rules and the user's own from `user_directory` (the content directory);
    a rule of theirs that is wrong is left out and reported with its file and line."""
    builtin = builtin_rules()
    if user_directory is None:
        return builtin
    rules = list(builtin.rules)
    problems: list[ContentProblem] = []
    try:
        paths = sorted(user_directory.glob("*.toml")) if user_directory.is_dir() else []
    except OSError as error:
        return QuestionRules(
            rules, builtin.languages, [ContentProblem(user_directory, None, str(error))]
        )
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            # coach.guidance.user_content reads the same files and reports one that cannot be
            # read; saying it twice would not help.
            continue
        for entry, line in _tables(data, USER_SECTION, text, path=path, problems=problems):
            try:
                rules.append(_rule(entry))
            except _Refused as refused:
                problems.append(ContentProblem(path, line, f"question hint: {refused}"))
    return QuestionRules(rules, builtin.languages, problems)


def _tables(
    data: dict[str, Any],
    section: str,
    text: str,
    *,
    path: Path | None = None,
    problems: list[ContentProblem] | None = None,
) -> list[tuple[object, int | None]]:
    """The [[section]] tables of a file, each with the line of its header."""
    entries = data.get(section, [])
    if not isinstance(entries, list):
        if path is None or problems is None:
            raise ContentError(f"content/{FILE}: {section} must be [[{section}]] tables")
        problems.append(ContentProblem(path, None, f"{section} must be [[{section}]] tables"))
        return []
    # TOML keeps no positions, so the lines are found by their headers; only a newline
    # ends a line there (str.splitlines would also break at \x1c and the like).
    header = re.compile(rf"^[ \t]*\[\[ *{re.escape(section)} *\]\]")
    lines = [number for number, line in enumerate(text.split("\n"), 1) if header.match(line)]
    return [
        (entry, lines[index] if index < len(lines) else None) for index, entry in enumerate(entries)
    ]


def _language(entry: object) -> Language:
    if not isinstance(entry, dict):
        raise _Refused("each of [[languages]] must be a table")
    code = _code(entry)
    tail = entry.get("tail")
    if tail is not None and not isinstance(tail, str):
        raise _Refused("'tail' must be a regular expression")
    return Language(
        code=code,
        lead_ins=_compiled(_strings(entry, "lead_ins")),
        tail=_compiled([tail])[0] if tail else None,
    )


def _rule(entry: object) -> Rule:
    if not isinstance(entry, dict):
        raise _Refused("each rule must be a table")
    unknown = sorted(set(entry) - _RULE_FIELDS)
    if unknown:
        raise _Refused(f"unknown field {unknown[0]!r} (use {', '.join(sorted(_RULE_FIELDS))})")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise _Refused(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    patterns = _compiled(_strings(entry, "patterns"))
    patterns += tuple(_phrases(_strings(entry, "starts"), at_start=True))
    patterns += tuple(_phrases(_strings(entry, "ends"), at_start=False))
    if not patterns:
        raise _Refused("a rule needs 'patterns', 'starts' or 'ends'")
    return Rule(
        kind=str(kind),
        language=_code(entry),
        patterns=patterns,
        unless=_compiled(_strings(entry, "unless")),
        rewrites=tuple(_rewrite(r) for r in _list(entry, "rewrites")),
        message=_text(entry, "hint"),
        idea=_text(entry, "idea"),
    )


def _rewrite(entry: object) -> Rewrite:
    if not isinstance(entry, dict) or set(entry) != {"match", "into"}:
        raise _Refused("each of [[rules.rewrites]] needs exactly 'match' and 'into'")
    if not isinstance(entry["match"], str) or not entry["match"]:
        raise _Refused("a rewrite's 'match' must be a regular expression")
    match = _compiled([entry["match"]])[0]
    into = _text(entry, "into")
    # Checked now, so that filling the template in as the user types cannot fail.
    for name, change in _FIELD.findall(into):
        if name not in match.groupindex:
            raise _Refused(f"rewrite {into!r} uses {{{name}}}, which its match does not catch")
        if change not in _CHANGES:
            raise _Refused(
                f"rewrite {into!r}: {{{name}:{change}}} is not known (use :lower or :lowerfirst)"
            )
    return Rewrite(match, into)


def _code(entry: dict[str, Any]) -> str:
    code = entry.get("language", "en")
    if not isinstance(code, str) or not _LANGUAGE_CODE.match(code):
        raise _Refused(f'language {code!r} is not a language code such as "en"')
    return code.lower()


def _text(entry: dict[str, Any], name: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not trim(value):
        raise _Refused(f"'{name}' is missing or empty")
    return trim(value)


def _list(entry: dict[str, Any], name: str) -> list[object]:
    value = entry.get(name, [])
    if not isinstance(value, list):
        raise _Refused(f"'{name}' must be a list")
    return value


def _strings(entry: dict[str, Any], name: str) -> list[str]:
    value = _list(entry, name)
    if not all(isinstance(item, str) and item for item in value):
        raise _Refused(f"'{name}' must be a list of texts")
    return [str(item) for item in value]


def _compiled(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except (re.error, OverflowError, RecursionError) as error:
            raise _Refused(f"{pattern!r} is not a valid regular expression ({error})") from None
    return tuple(compiled)


def _phrases(phrases: Sequence[str], *, at_start: bool) -> list[re.Pattern[str]]:
    """Phrases as one pattern: at the start of the question, or at its end before the
    question mark; an apostrophe matches either kind, a space one space."""
    if not phrases:
        return []
    spelled = "|".join(
        re.escape(trim(phrase).replace(_CURLY, "'"))
        .replace("\\ ", " ")
        .replace("'", f"['{_CURLY}]")
        for phrase in phrases
    )
    pattern = rf"^(?:{spelled})(?!\w)" if at_start else rf"(?:{spelled})[?!]*$"
    return [re.compile(pattern, re.IGNORECASE)]
