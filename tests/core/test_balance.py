"""The meeting's question-led balance: what is counted, and when a prompt is offered."""

from __future__ import annotations

from coach.meeting.balance import RUN_OF_STATEMENTS, balance, prompt
from coach.model import Conversation, Entry, EntryKind, PlannedQuestion


def meeting(*entries: Entry, questions: list[PlannedQuestion] | None = None) -> Conversation:
    """A conversation with these lines captured."""
    return Conversation("p", "building-trust", entries=list(entries), questions=questions or [])


def test_questions_statements_and_answers_are_counted_apart() -> None:
    """? lines and asked planned questions count as questions; answers and commitments as
    neither; other lines as statements."""
    asked = PlannedQuestion("What matters most to you?", asked=True)
    talk = meeting(
        Entry("They want more focus time"),
        Entry("What is in the way?", EntryKind.QUESTION, id="q"),
        Entry("Meetings, mostly", question_id="q"),
        Entry("send the draft", EntryKind.COMMITMENT),
        Entry("= trial quiet Wednesdays", EntryKind.DECISION),
        questions=[asked],
    )
    found = balance(talk)
    assert (found.questions, found.statements, found.since_question) == (2, 2, 1)
    assert str(found) == "2 questions · 2 notes"


def test_a_short_answer_invites_and_what_else() -> None:
    """An answer of four words or fewer: "And what else?"; a longer one: nothing."""
    short = meeting(
        Entry("How is the team?", EntryKind.QUESTION, id="q"),
        Entry("Fine, I think", question_id="q"),
    )
    assert prompt(short) == "A short answer: perhaps ask “And what else?”"
    long = meeting(
        Entry("How is the team?", EntryKind.QUESTION, id="q"),
        Entry("Tired after the launch, but proud of it", question_id="q"),
    )
    assert prompt(long) == ""


def test_a_run_of_statements_suggests_the_next_planned_question_then_the_bank() -> None:
    """Five notes in a row: the first planned question not yet asked, else the bank's."""
    notes = [Entry(f"note {n}") for n in range(RUN_OF_STATEMENTS)]
    planned = PlannedQuestion("What would help you most this quarter?")
    assert prompt(meeting(*notes[:-1], questions=[planned])) == ""
    assert prompt(meeting(*notes, questions=[planned])) == (
        "5 notes without a question: perhaps “What would help you most this quarter?”"
    )
    done = PlannedQuestion("What would help you most this quarter?", asked=True)
    assert prompt(
        meeting(*notes, questions=[done]),
        ["What would help you most this quarter?", "What is going well?"],
    ) == ("5 notes without a question: perhaps “What is going well?”")
    assert prompt(meeting(*notes)) == "5 notes without a question: what would you like to ask?"
    # A question resets the run.
    again = meeting(*notes, Entry("What else?", EntryKind.QUESTION, id="q"), Entry("more"))
    assert prompt(again) == ""
