"""Reading a line typed during the meeting: a note, or a prefix making it something else.

    plain text            a note
    ! me: send the draft by fri     a commitment (owner me / them / both; a due date is optional)
    " I feel stretched    their own words (a quote; > works too)
    = pilot the new rota  a decision
    ~ worried about Q1    a concern they raised
    ? what would help?    a question asked that was not in the plan
    + and fewer meetings  (just after an answer) more of that answer, not a new note

Bad lines raise InvalidInput with a message fit to show under the input line.
`as_line` writes a captured entry back as the line that would capture it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from coach.dates import NotADate, parse_date
from coach.errors import InvalidInput
from coach.model import Commitment, Entry, EntryKind, Owner
from coach.user_text import GAPS, trim

PREFIXES: dict[str, EntryKind] = {
    "!": EntryKind.COMMITMENT,
    '"': EntryKind.QUOTE,
    ">": EntryKind.QUOTE,
    "=": EntryKind.DECISION,
    "~": EntryKind.CONCERN,
    "?": EntryKind.QUESTION,
}
LEGEND = '! me: … by fri  commitment · " quote · = decision · ~ concern · ? question'
COMMITMENT_EXAMPLE = "! me: send the draft by fri"

OWNER_WORDS: dict[str, Owner] = {
    "me": Owner.ME,
    "i": Owner.ME,
    "them": Owner.THEM,
    "they": Owner.THEM,
    "you": Owner.THEM,
    "both": Owner.BOTH,
    "we": Owner.BOTH,
    "us": Owner.BOTH,
}
_OWNER = re.compile(r"^\s*([^\s:]+)\s*:\s*(.*)$", re.DOTALL)
# A date ends a commitment, with or without "by": "by fri", "+3d", "2026-12-01", and
# the forms of more than one word: "next fri", "dec 25", "in 2 weeks".  Words are split
# at real whitespace only (control characters are text: coach.user_text).
_WORD = re.compile(f"[^{re.escape(GAPS)}]+")
_JOINERS = ("by", "on", "due")
_LONGEST_DATE = 3  # words: "in 2 weeks"
_DATE_LIKE = re.compile(r"^(\+\s*\d+\s*[a-z]*|\d{4}-\d{1,2}-\d{1,2}|\d+[-/.]\d+([-/.]\d+)?)$")


@dataclass(frozen=True)
class CapturedLine:
    """What a typed line means."""

    kind: EntryKind
    text: str
    owner: Owner | None = None  # commitments only
    due: date | None = None  # commitments only
    # Typed with a leading "+": it adds to the answer just given, instead of being a new note.
    adds_to_answer: bool = False


ADD_TO_ANSWER = "+"


def parse_line(line: str, today: date, *, after_answer: bool = False) -> CapturedLine:
    """The meaning of one captured line; raises InvalidInput for a line that cannot be kept.

    `after_answer`: a question is being answered, so a leading "+" adds the line to
    that answer (any other time, "+" is part of the note).
    """
    stripped = trim(line)
    if not stripped:
        raise InvalidInput("Type a note first.")
    if after_answer and stripped.startswith(ADD_TO_ANSWER):
        rest = trim(stripped[len(ADD_TO_ANSWER) :])
        if not rest:
            raise InvalidInput("Type what to add to the answer after '+'.")
        return replace(parse_line(rest, today), adds_to_answer=True)
    kind = PREFIXES.get(stripped[0])
    if kind is None:
        return CapturedLine(EntryKind.NOTE, stripped)
    body = trim(stripped[1:])
    if kind is EntryKind.COMMITMENT:
        return _commitment(body, today)
    if stripped[0] == '"' and body.endswith('"'):
        body = trim(body[:-1])  # "their words" typed in quotes: the closing one goes too
    if not body:
        raise InvalidInput(f"Type the {_NAMES[kind]} after '{stripped[0]}'.")
    return CapturedLine(kind, body)


_NAMES = {
    EntryKind.QUOTE: "words they used",
    EntryKind.DECISION: "decision",
    EntryKind.CONCERN: "concern",
    EntryKind.QUESTION: "question",
}


def _commitment(body: str, today: date) -> CapturedLine:
    if not body:
        raise InvalidInput(f"Say who promised what, e.g. {COMMITMENT_EXAMPLE}")
    owner = Owner.ME
    named = _OWNER.match(body)
    if named:
        word = named.group(1).casefold()
        if word not in OWNER_WORDS:
            raise InvalidInput(
                f"Who made it? Start with me:, them: or both: (not {named.group(1)!r})."
            )
        owner, body = OWNER_WORDS[word], trim(named.group(2))
    text, due = _due_date(body, today)
    if not text:
        raise InvalidInput(f"Say what was promised, e.g. {COMMITMENT_EXAMPLE}")
    return CapturedLine(EntryKind.COMMITMENT, text, owner=owner, due=due)


def _due_date(body: str, today: date) -> tuple[str, date | None]:
    """Split a trailing due date off the text, if there is one.

    The longest date wins ("next fri" over "fri"); a "by", "on" or "due" just before
    it goes with it.  A line that is nothing but a date is kept as text; a date gone
    wrong ("by 31 apr", "by +3x") is refused rather than kept as words.
    """
    spans = [(found.start(), found.end()) for found in _WORD.finditer(body)]
    for size in range(min(_LONGEST_DATE, len(spans)), 0, -1):
        start = spans[-size][0]
        phrase = body[start:]
        try:
            due = parse_date(phrase, today)
        except NotADate:
            # "+3x" or "3/4" looks like a date gone wrong; "by the team" is just words.
            if size == 1 and _DATE_LIKE.match(phrase.lower()):
                raise
            continue
        if due is None:
            continue
        before = spans[:-size]
        joined = bool(before) and body[before[-1][0] : before[-1][1]].lower() in _JOINERS
        text = trim(body[: before[-1][0]] if joined else body[:start])
        if not text and not joined:
            return body, None  # the whole body reads as a date: keep it as text
        return text, due
    return body, None


def as_line(entry: Entry, commitment: Commitment | None) -> str:
    """An entry written back as the line that would capture it (to correct it)."""
    if entry.kind is EntryKind.COMMITMENT and commitment is not None:
        due = f" by {commitment.due.isoformat()}" if commitment.due else ""
        return f"! {commitment.owner.value}: {commitment.text}{due}"
    prefix = {
        EntryKind.QUOTE: '" ',
        EntryKind.DECISION: "= ",
        EntryKind.CONCERN: "~ ",
        EntryKind.QUESTION: "? ",
        EntryKind.COMMITMENT: "! ",
    }.get(entry.kind, "")
    return prefix + entry.text
