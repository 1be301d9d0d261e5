"""Conversations as readable Markdown: the record to keep, or to send the other person.

A shared record leaves out the leader's private preparation (see coach.sharing.privacy)
unless it is asked for.  Every piece of user text goes through coach.sharing.markdown,
so nothing typed can turn into a link, a heading or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coach.guidance.library import Guidance
from coach.model import Commitment, Conversation, Entry, EntryKind, Person
from coach.sharing.markdown import HARD_BREAK, block, inline
from coach.sharing.person_summary import commitment_line
from coach.sharing.privacy import is_private
from coach.steps import STEP_KEYS, STEPS
from coach.user_text import trim

PRIVATE_MARK = " (private)"
ENTRY_KINDS = {
    EntryKind.NOTE: "Note",
    EntryKind.QUOTE: "In their words",
    EntryKind.DECISION: "Decision",
    EntryKind.CONCERN: "Concern",
    EntryKind.COMMITMENT: "Commitment",
    EntryKind.QUESTION: "Question",
}


@dataclass
class Record:
    """One conversation with what belongs to it, ready to be written out."""

    conversation: Conversation
    person: Person | None
    commitments: list[Commitment] = field(default_factory=list)


def long_date(day: date | None) -> str:
    """'Fri 13 Nov 2026' (a file is read later, so the year is always there)."""
    return day.strftime("%a %d %b %Y") if day else "no date"


def title(record: Record, guidance: Guidance) -> str:
    """The conversation's heading text (plain): who, why, when."""
    name = record.person.name if record.person else "someone no longer stored"
    conversation = record.conversation
    purpose = guidance.purpose_title(conversation.purpose)
    return f"{name} · {purpose} · {long_date(conversation.date)}"


def conversation_markdown(
    record: Record, today: date, guidance: Guidance, *, include_private: bool, level: int = 1
) -> str:
    """One conversation as Markdown, its heading at `level` (1 = #)."""
    writer = _Writer(level)
    conversation = record.conversation
    writer.heading(0, inline(title(record, guidance)))
    details = [f"Status: {conversation.status.value}"]
    if conversation.started:
        # In the reader's zone, as every entry's time is (zone_note says which).
        details.append(f"started {conversation.started.astimezone().strftime('%H:%M')}")
    if conversation.next_checkin:
        details.append(f"next check-in {long_date(conversation.next_checkin)}")
    writer.paragraph(" · ".join(details))
    _notes(writer, conversation, include_private)
    _questions(writer, conversation, include_private)
    _entries(writer, conversation)
    _commitments(writer, record, today)
    _playback(writer, conversation)
    return writer.text()


def zone_note(zone: str) -> str:
    """The line under an export's heading that names the zone of every time in it."""
    return f"*Times are in {inline(zone)}.*\n"


def document(
    records: list[Record],
    today: date,
    guidance: Guidance,
    *,
    heading: str,
    include_private: bool,
    zone: str = "",
) -> str:
    """Several conversations under one heading (a person's, or everyone's)."""
    parts = [f"# {inline(heading)}\n"]
    if zone:
        parts.append(zone_note(zone))
    if not records:
        parts.append("No conversations.\n")
    parts += [
        conversation_markdown(r, today, guidance, include_private=include_private, level=2)
        for r in records
    ]
    return "\n".join(parts)


def leaves_out_private(conversation: Conversation) -> bool:
    """Whether a shared record of this conversation would leave something out."""
    notes = any(
        is_private(step) and any(trim(text) for text in fields.values())
        for step, fields in conversation.notes.items()
    )
    return notes or any(not _was_asked(q.asked, q.answer) for q in conversation.questions)


class _Writer:
    def __init__(self, level: int) -> None:
        self.level = level
        self.parts: list[str] = []

    def heading(self, depth: int, text: str) -> None:
        self.parts.append(f"{'#' * min(self.level + depth, 6)} {text}")

    def paragraph(self, text: str) -> None:
        self.parts.append(text)

    def text(self) -> str:
        return "\n\n".join(self.parts) + "\n"


def _step_title(step: str) -> str:
    """A step's heading, as Markdown (a step from newer data is named by its key)."""
    for known in STEPS:
        if known.key == step:
            return f"{known.number}. {known.title}"
    return inline(step.replace("_", " ").capitalize())


def _notes(writer: _Writer, conversation: Conversation, include_private: bool) -> None:
    known = {s.key: s for s in STEPS}
    order = [*STEP_KEYS, *sorted(set(conversation.notes) - set(STEP_KEYS))]
    for step in order:
        private = is_private(step)
        if private and not include_private:
            continue
        fields = {k: v for k, v in conversation.notes.get(step, {}).items() if trim(v)}
        if step == "follow_through":
            fields.pop("summary", None)  # shown with the playback, at the end
        if not fields:
            continue
        writer.heading(1, _step_title(step) + (PRIVATE_MARK if private else ""))
        labels = {f.key: f.label for f in known[step].fields} if step in known else {}
        # The step's own order, whatever order the data holds them in (a JSON round trip
        # sorts keys); fields of a newer coach after them, by name.
        keys = [key for key in labels if key in fields]
        keys += sorted(key for key in fields if key not in labels)
        for key in keys:
            text = fields[key]
            label = labels.get(key, key.replace("_", " ").capitalize())
            writer.paragraph(f"**{inline(label)}**{HARD_BREAK}{block(text)}")


def _was_asked(asked: bool, answer: str) -> bool:
    return asked or bool(trim(answer))


def _questions(writer: _Writer, conversation: Conversation, include_private: bool) -> None:
    shown = [q for q in conversation.questions if include_private or _was_asked(q.asked, q.answer)]
    if not shown:
        return
    writer.heading(1, "Questions and answers")
    items = []
    for question in shown:
        mark = "" if _was_asked(question.asked, question.answer) else " *(not asked)*"
        added = "" if question.planned else " *(asked in the moment)*"
        item = f"- **Q:** {block(question.text, '  ')}{mark}{added}"
        if trim(question.answer):
            item += f"{HARD_BREAK}  **A:** {block(question.answer, '  ')}"
        items.append(item)
    writer.paragraph("\n".join(items))


def _entry_line(entry: Entry, indent: str = "") -> str:
    when = entry.at.astimezone().strftime("%H:%M")
    if entry.minute is not None:
        when += f", minute {entry.minute}"
    kind = ENTRY_KINDS.get(entry.kind, entry.kind.value.capitalize())
    return f"{indent}- **{when}** · *{kind}:* {block(entry.text, indent + '  ')}"


def _entries(writer: _Writer, conversation: Conversation) -> None:
    """The meeting in order; each question once, the lines answering it under it."""
    if not conversation.entries:
        return
    questions = {q.id: q.text for q in conversation.questions}
    answers: dict[str, list[Entry]] = {}
    for entry in conversation.entries:
        if entry.question_id in questions and entry.kind is not EntryKind.QUESTION:
            answers.setdefault(entry.question_id or "", []).append(entry)
    lines, shown = [], set()
    for entry in conversation.entries:
        asked = entry.question_id if entry.question_id in questions else None
        if asked is None:
            lines.append(_entry_line(entry))
            continue
        if asked in shown:
            continue  # an answer, already written under its question
        shown.add(asked)
        if entry.kind is EntryKind.QUESTION:
            lines.append(_entry_line(entry))
        else:  # a planned question, asked with ctrl+t: it is named where it was answered
            lines.append(f"- *Question:* {block(questions[asked], '  ')}")
        lines += [_entry_line(answer, "  ") for answer in answers.get(asked, [])]
    writer.heading(1, "During the conversation")
    writer.paragraph("\n".join(lines))


def _commitments(writer: _Writer, record: Record, today: date) -> None:
    if not record.commitments:
        return
    writer.heading(1, "Commitments")
    writer.paragraph(
        "\n".join(commitment_line(c, record.person, today) for c in record.commitments)
    )


def _playback(writer: _Writer, conversation: Conversation) -> None:
    summary = conversation.note("follow_through", "summary")
    if not (trim(summary) or trim(conversation.correction) or conversation.summary_confirmed):
        return
    writer.heading(1, "Summary played back")
    if trim(summary):
        writer.paragraph(block(summary))
    if trim(conversation.correction):
        writer.paragraph(f"**What they corrected:**{HARD_BREAK}{block(conversation.correction)}")
    writer.paragraph("They confirmed it." if conversation.summary_confirmed else "Not confirmed.")
