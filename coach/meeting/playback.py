"""The summary read back at the end of the meeting: decisions, commitments, what was heard."""

from __future__ import annotations

from datetime import date

from coach.dates import show_date
from coach.model import Commitment, CommitmentStatus, Conversation, EntryKind
from coach.user_text import trim


def playback(conversation: Conversation, commitments: list[Commitment], today: date) -> str:
    """The summary to read back: decisions, commitments, what each question drew out,
    their own words and their concerns."""
    lines: list[str] = []
    decisions = [e.text for e in conversation.entries if e.kind is EntryKind.DECISION]
    if decisions:
        lines.append("We decided:")
        lines += [f"- {text}" for text in decisions]
    open_ones = [c for c in commitments if c.status is not CommitmentStatus.DROPPED]
    if open_ones:
        lines.append("We committed to:")
        for commitment in open_ones:
            who = {"me": "I will", "them": "You will", "both": "We will"}[commitment.owner.value]
            when = f" by {show_date(commitment.due, today)}" if commitment.due else ""
            lines.append(f"- {who} {_mid_sentence(commitment.text)}{when}")
    answered = [q for q in conversation.questions if trim(q.answer)]
    if answered:
        lines.append("What I heard:")
        lines += [f"- {q.text} {' / '.join(q.answer.splitlines())}" for q in answered]
    # Their own words, read back as said (those given as an answer are read above).
    quotes = [
        e.text for e in conversation.entries if e.kind is EntryKind.QUOTE and e.question_id is None
    ]
    if quotes:
        lines.append("In your words:")
        lines += [f'- "{text}"' for text in quotes]
    concerns = [e.text for e in conversation.entries if e.kind is EntryKind.CONCERN]
    if concerns:
        lines.append("Your concerns:")
        lines += [f"- {text}" for text in concerns]
    return "\n".join(lines)


def _mid_sentence(text: str) -> str:
    """'Send our Q1 plan' read after "I will": 'send our Q1 plan' ('Q1 plan', 'HR' kept).

    A commitment is written as a sentence of its own, most often starting with a verb;
    after "I will" its capital is in the middle of one."""
    if text[:1].isupper() and text[1:2].islower():
        return text[:1].lower() + text[1:]
    return text
