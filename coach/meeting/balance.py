"""How question-led the meeting is so far, and the gentle prompts that keep it so.

Seed 001: alliance conversations are "dialogues prompted by asking questions". Live
capture shows, quietly, how many questions were asked and how many statements noted; after
a run of statements with no question it suggests one (from the plan, else the purpose's
bank), and after a short answer, "And what else?". Nothing here blocks or takes focus:
the screen shows these as a line under the capture field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coach.model import Conversation, EntryKind
from coach.user_text import words

# Statements in a row, without a question, before a question is suggested.
RUN_OF_STATEMENTS = 5
# An answer of this many words or fewer is short: "And what else?" invites more.
SHORT_ANSWER = 4
AND_WHAT_ELSE = "And what else?"
# How every prompt (and a question's hint) begins, so a screen can tell them from its
# other notes ("Pasted 3 lines…") and replace only its own.
_PROMPT = re.compile(r"^(A short answer:|\d+ notes without a question|↳ )")


def is_prompt(text: str) -> bool:
    """Whether `text` is one of the prompts (or hints) live capture shows under the line."""
    return bool(_PROMPT.match(text))


@dataclass(frozen=True)
class Balance:
    """Questions asked and statements noted so far, and statements since the last question."""

    questions: int
    statements: int
    since_question: int

    def __str__(self) -> str:
        asked = f"{self.questions} question{'s' if self.questions != 1 else ''}"
        noted = f"{self.statements} note{'s' if self.statements != 1 else ''}"
        return f"{asked} · {noted}"


def balance(conversation: Conversation) -> Balance:
    """Count the meeting's questions (asked from the plan or typed with ?) and statements
    (lines that are neither a question nor an answer; commitments are not counted)."""
    questions = sum(1 for q in conversation.questions if q.asked and q.planned)
    statements = since = 0
    for entry in conversation.entries:
        if entry.kind is EntryKind.QUESTION:
            questions += 1
            since = 0
        elif entry.question_id is not None:
            since = 0  # an answer: they are talking, as a question meant them to
        elif entry.kind is not EntryKind.COMMITMENT:
            statements += 1
            since += 1
    return Balance(questions, statements, since)


def prompt(conversation: Conversation, bank: Iterable[str] = ()) -> str:
    """The gentle line to show now ("" for none): "And what else?" after a short answer,
    a next question after a run of statements."""
    entries = conversation.entries
    if not entries:
        return ""
    last = entries[-1]
    if (
        last.question_id is not None
        and last.kind is not EntryKind.QUESTION
        and len(words(last.text)) <= SHORT_ANSWER
    ):
        return f"A short answer: perhaps ask “{AND_WHAT_ELSE}”"
    found = balance(conversation)
    if found.since_question < RUN_OF_STATEMENTS:
        return ""
    asked = {q.text.casefold() for q in conversation.questions if q.asked or not q.planned}
    planned = [q.text for q in conversation.questions if q.planned and not q.asked]
    candidates = [*planned, *(text for text in bank if text.casefold() not in asked)]
    if not candidates:
        return f"{found.since_question} notes without a question: what would you like to ask?"
    return f"{found.since_question} notes without a question: perhaps “{candidates[0]}”"
