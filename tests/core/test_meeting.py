"""What capture does to the stored conversation: lines, commitments, questions, playback."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from coach.errors import StoreError
from coach.meeting import capture as meeting
from coach.meeting import interrupted as cut_off
from coach.meeting.playback import playback
from coach.meeting.syntax import as_line, parse_line
from coach.model import (
    CommitmentStatus,
    ConversationStatus,
    EntryKind,
    Owner,
    Person,
    PlannedQuestion,
)
from coach.store.store import Store
from tests.conftest import TODAY

START = datetime(2026, 11, 20, 14, 0).astimezone()


def held(store: Store) -> str:
    conversation = store.conversations.start(
        Person("Priya"), "building-trust", TODAY, new_person=True
    )
    store.conversations.add_question(
        conversation.id, PlannedQuestion("What is important for you in your work?")
    )
    meeting.begin(store, conversation.id, START)
    return conversation.id


def capture(store: Store, cid: str, line: str, minutes: int, answering: str | None = None) -> None:
    moment = START + timedelta(minutes=minutes)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    made = meeting.capture(conversation, parse_line(line, TODAY), moment, answering=answering)
    meeting.add(store, cid, made)


def test_each_kind_is_stored_with_its_time_and_minute(store: Store) -> None:
    """A note, quote, decision, concern and question, each stamped and in order."""
    cid = held(store)
    for minutes, line in enumerate(
        [
            "Opened with thanks",
            '" I feel stretched',
            "= pilot the rota",
            "~ worried about Q1",
            "? what would help?",
        ]
    ):
        capture(store, cid, line, minutes * 5)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    assert [(e.kind, e.text, e.minute) for e in conversation.entries] == [
        (EntryKind.NOTE, "Opened with thanks", 0),
        (EntryKind.QUOTE, "I feel stretched", 5),
        (EntryKind.DECISION, "pilot the rota", 10),
        (EntryKind.CONCERN, "worried about Q1", 15),
        (EntryKind.QUESTION, "what would help?", 20),
    ]
    assert conversation.entries[1].at == START + timedelta(minutes=5)
    unplanned = conversation.questions[-1]
    assert (unplanned.text, unplanned.asked, unplanned.planned) == ("what would help?", True, False)
    # Held once the meeting ends, not while it is captured.
    assert conversation.status is ConversationStatus.PREPARING


def test_a_commitment_line_makes_a_commitment(store: Store) -> None:
    """'! them: … +3d' stores a commitment with owner and due date, linked to its line."""
    cid = held(store)
    capture(store, cid, "! them: check the budget +3d", 12)
    (commitment,) = store.commitments.find(conversation_id=cid)
    assert (commitment.owner, commitment.text, commitment.due) == (
        Owner.THEM,
        "check the budget",
        TODAY + timedelta(days=3),
    )
    conversation = store.conversations.get(cid)
    assert conversation is not None
    assert conversation.entries[0].commitment_id == commitment.id


def test_answers_attach_to_the_question_asked(store: Store) -> None:
    """Lines captured while a question is being answered become its answer."""
    cid = held(store)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    question = conversation.questions[0]
    meeting.mark_asked(store, cid, question.id, True)
    capture(store, cid, "Autonomy over the roadmap", 3, answering=question.id)
    capture(store, cid, '" and fewer meetings', 4, answering=question.id)
    answered = store.conversations.get(cid)
    assert answered is not None and answered.questions[0].asked
    assert answered.questions[0].answer == "Autonomy over the roadmap\nand fewer meetings"


def test_revising_and_removing_lines(store: Store) -> None:
    """A line can be corrected (its commitment follows) or removed (its commitment too)."""
    cid = held(store)
    capture(store, cid, "! me: send the draft by fri", 1)
    capture(store, cid, "a note", 2)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    first, second = conversation.entries
    meeting.revise(store, cid, first.id, parse_line("! both: send the plan +2w", TODAY))
    (commitment,) = store.commitments.find(conversation_id=cid)
    assert (commitment.owner, commitment.text) == (Owner.BOTH, "send the plan")
    meeting.revise(store, cid, second.id, parse_line("= a decision after all", TODAY))
    meeting.remove(store, cid, first.id)
    assert store.commitments.find(conversation_id=cid) == []
    after = store.conversations.get(cid)
    assert after is not None
    assert [(e.kind, e.text) for e in after.entries] == [
        (EntryKind.DECISION, "a decision after all")
    ]
    with pytest.raises(StoreError):
        meeting.revise(store, cid, "no-such-line", parse_line("x", TODAY))


def test_a_failed_commitment_line_stores_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the line cannot be stored, neither is its commitment: all or nothing."""
    cid = held(store)

    def broken(*args: object, **kwargs: object) -> object:
        raise StoreError("Could not save: the disk is full.")

    monkeypatch.setattr(store.conversations, "update", broken)
    with pytest.raises(StoreError):
        capture(store, cid, "! me: send the draft", 1)
    monkeypatch.undo()
    assert store.commitments.find(conversation_id=cid) == []


def test_playback_and_ending(store: Store) -> None:
    """The played-back summary gathers decisions, commitments, answers, their own words
    (once: a quote given as an answer is read with its question) and concerns."""
    cid = held(store)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    question = conversation.questions[0]
    capture(store, cid, "= pilot the rota", 1)
    capture(store, cid, "! me: send the draft by fri", 2)
    capture(store, cid, "Autonomy", 3, answering=question.id)
    capture(store, cid, "~ worried about Q1", 4)
    capture(store, cid, '"I want to own the migration"', 5)
    capture(store, cid, "> more time on design", 6, answering=question.id)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    summary = playback(conversation, store.commitments.find(conversation_id=cid), TODAY)
    assert summary == "\n".join(
        [
            "We decided:",
            "- pilot the rota",
            "We committed to:",
            "- I will send the draft by Fri 27 Nov",
            "What I heard:",
            "- What is important for you in your work? Autonomy / more time on design",
            "In your words:",
            '- "I want to own the migration"',
            "Your concerns:",
            "- worried about Q1",
        ]
    )
    meeting.end(store, cid, summary, confirmed=False, correction="Q1 worry is about hiring")
    ended = store.conversations.get(cid)
    assert ended is not None
    assert ended.note("follow_through", "summary") == summary
    assert (ended.summary_confirmed, ended.correction) == (False, "Q1 worry is about hiring")
    assert store.commitments.find(status=CommitmentStatus.OPEN)[0].text == "send the draft"


def test_the_start_is_kept_once_and_drafts_are_saved(store: Store) -> None:
    """Opening capture again does not move the start; a half-typed line is kept."""
    cid = held(store)
    meeting.begin(store, cid, START + timedelta(hours=1))
    meeting.save_draft(store, cid, "half a tho")
    conversation = store.conversations.get(cid)
    assert conversation is not None
    assert conversation.started == START
    assert conversation.live_draft == "half a tho"


def test_lines_written_back_for_correcting(store: Store) -> None:
    """Correcting a line starts from the line that would capture it again."""
    cid = held(store)
    capture(store, cid, "! them: check the budget +3d", 1)
    capture(store, cid, '" I feel stretched', 2)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    commitment = store.commitments.get(conversation.entries[0].commitment_id or "")
    assert as_line(conversation.entries[0], commitment) == (
        "! them: check the budget by 2026-11-23"
    )
    assert as_line(conversation.entries[1], None) == '" I feel stretched'
    again = parse_line(as_line(conversation.entries[0], commitment), TODAY)
    assert (again.owner, again.text, again.due) == (
        Owner.THEM,
        "check the budget",
        TODAY + timedelta(days=3),
    )


def test_which_conversation_to_capture(store: Store) -> None:
    """A known person's soonest conversation in preparation; nothing for a stranger."""
    person = Person("Priya")
    later = store.conversations.start(
        person, "building-trust", TODAY + timedelta(days=9), new_person=True
    )
    sooner = store.conversations.start(person, "navigating-change", TODAY + timedelta(days=2))
    found_person, found = meeting.conversation_for(store, "  priya ")
    assert found_person is not None and found_person.id == person.id
    assert found is not None and found.id == sooner.id
    store.conversations.set_details(sooner.id, status=ConversationStatus.HELD)
    assert meeting.conversation_for(store, "Priya")[1].id == later.id  # type: ignore[union-attr]
    assert meeting.conversation_for(store, "Nobody") == (None, None)


def test_a_meeting_begun_and_never_ended_is_interrupted(store: Store) -> None:
    """Captured, not ended: offered to continue, as of its last line; ended: no longer."""
    cid = held(store)
    conversation = store.conversations.get(cid)
    assert conversation is not None and not cut_off.is_interrupted(conversation)  # nothing yet
    capture(store, cid, "Opened with thanks", 12)
    (found,) = cut_off.interrupted(store)
    assert found.id == cid and found.status is ConversationStatus.PREPARING
    assert cut_off.last_captured(found) == START + timedelta(minutes=12)
    local = (START + timedelta(minutes=12)).astimezone()
    assert cut_off.interrupted_at(found, local.date()) == f"{local:%H:%M}"
    meeting.end(store, cid, "summary", True, "")
    assert cut_off.interrupted(store) == []
    ended = store.conversations.get(cid)
    assert ended is not None and ended.status is ConversationStatus.HELD
    assert ended.date == START.date()


def test_the_markdown_shows_each_question_once_with_its_answers(store: Store) -> None:
    """A `?` line and a planned question asked: each named once in the meeting's record,
    its answers under it; no question 'answers' itself."""
    from coach.guidance.library import builtin_guidance
    from coach.sharing.summary import Record, conversation_markdown

    cid = held(store)
    conversation = store.conversations.get(cid)
    assert conversation is not None
    planned = conversation.questions[0].id
    capture(store, cid, "? Who signs off the budget?", 1)
    asked = store.conversations.get(cid)
    assert asked is not None
    unplanned = asked.questions[-1].id
    capture(store, cid, "Finance first", 2, answering=unplanned)
    capture(store, cid, "then the board", 3, answering=unplanned)
    capture(store, cid, "A note between", 4)
    capture(store, cid, "Autonomy", 5, answering=planned)
    record = Record(store.conversations.get(cid), None)  # type: ignore[arg-type]
    text = conversation_markdown(record, TODAY, builtin_guidance(), include_private=False)
    during = text.split("During the conversation", 1)[1]
    assert "answering" not in text
    assert during.count("Who signs off the budget?") == 1
    assert during.count("What is important for you in your work?") == 1
    lines = [line for line in during.splitlines() if line.strip()]
    question = next(i for i, line in enumerate(lines) if "Who signs off" in line)
    assert "*Finance first" not in lines[question]
    assert lines[question + 1].startswith("  - ") and "Finance first" in lines[question + 1]
    assert lines[question + 2].startswith("  - ") and "then the board" in lines[question + 2]
    planned_at = next(i for i, line in enumerate(lines) if "important for you" in line)
    assert lines[planned_at + 1].startswith("  - ") and "Autonomy" in lines[planned_at + 1]
