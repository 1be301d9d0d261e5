"""The capture line's prefixes: every form, and every malformed form refused clearly."""

from __future__ import annotations

from datetime import date

import pytest

from coach.errors import InvalidInput
from coach.meeting.syntax import CapturedLine, parse_line
from coach.model import EntryKind, Owner
from tests.conftest import TODAY  # Friday 20 November 2026

FRI = date(2026, 11, 27)
MON = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        ("Opened with thanks", CapturedLine(EntryKind.NOTE, "Opened with thanks")),
        ("  spaced out  ", CapturedLine(EntryKind.NOTE, "spaced out")),
        ('" I feel stretched', CapturedLine(EntryKind.QUOTE, "I feel stretched")),
        ('"I feel stretched"', CapturedLine(EntryKind.QUOTE, "I feel stretched")),
        ('"she said "no" twice"', CapturedLine(EntryKind.QUOTE, 'she said "no" twice')),
        ('> "as typed"', CapturedLine(EntryKind.QUOTE, '"as typed"')),
        ("> in their words", CapturedLine(EntryKind.QUOTE, "in their words")),
        ("= pilot the new rota", CapturedLine(EntryKind.DECISION, "pilot the new rota")),
        ("~ worried about Q1", CapturedLine(EntryKind.CONCERN, "worried about Q1")),
        ("? what would help most?", CapturedLine(EntryKind.QUESTION, "what would help most?")),
        ("[/] [bold]x[/bold]", CapturedLine(EntryKind.NOTE, "[/] [bold]x[/bold]")),
        ("note: not an owner here", CapturedLine(EntryKind.NOTE, "note: not an owner here")),
    ],
)
def test_notes_and_prefixes(line: str, meant: CapturedLine) -> None:
    """Plain text is a note; one character in front makes it a quote, decision, and so on."""
    assert parse_line(line, TODAY) == meant


@pytest.mark.parametrize(
    ("line", "owner", "text", "due"),
    [
        ("! me: send the draft by fri", Owner.ME, "send the draft", FRI),
        ("! them: check the budget +3d", Owner.THEM, "check the budget", MON),
        ("! both: agree the rota by 2026-12-01", Owner.BOTH, "agree the rota", date(2026, 12, 1)),
        ("! we: agree the rota on monday", Owner.BOTH, "agree the rota", MON),
        ("! I: call Sam tomorrow", Owner.ME, "call Sam", date(2026, 11, 21)),
        ("! They : share the stats due +2w", Owner.THEM, "share the stats", date(2026, 12, 4)),
        ("!me:send it by today", Owner.ME, "send it", TODAY),
        ("! send the draft", Owner.ME, "send the draft", None),
        ("! me: hand over by the team", Owner.ME, "hand over by the team", None),
        ("! me: book 2 tickets", Owner.ME, "book 2 tickets", None),
        ("! me: fri", Owner.ME, "fri", None),
        ("! me: send it by next fri", Owner.ME, "send it", FRI),
        ("! me: send it next fri", Owner.ME, "send it", FRI),
        ("! them: share the stats in 2 weeks", Owner.THEM, "share the stats", date(2026, 12, 4)),
        (
            "! them: share the stats due in 2 weeks",
            Owner.THEM,
            "share the stats",
            date(2026, 12, 4),
        ),
        ("! me: call back in a week", Owner.ME, "call back", FRI),
        ("! me: order the cake dec 25", Owner.ME, "order the cake", date(2026, 12, 25)),
        ("! me: order the cake by 25 dec", Owner.ME, "order the cake", date(2026, 12, 25)),
        ("! me: order the cake on December 25", Owner.ME, "order the cake", date(2026, 12, 25)),
        ("! both: agree the rota by eow", Owner.BOTH, "agree the rota", TODAY),
        ("! both: agree the rota by EOM", Owner.BOTH, "agree the rota", date(2026, 11, 30)),
        ("! me: call Sam 3d", Owner.ME, "call Sam", MON),
        ("! me: send it in 3d", Owner.ME, "send it", MON),
        ("! me: call Sam by  NEXT   Fri  ", Owner.ME, "call Sam", FRI),
        ("! me: read chapter 3 by fri", Owner.ME, "read chapter 3", FRI),
        ("! me: meet in 2 weeks by 2026-12-01", Owner.ME, "meet in 2 weeks", date(2026, 12, 1)),
        ("! me: plan the trip in may by fri", Owner.ME, "plan the trip in may", FRI),
        ("! me: take 3 days off", Owner.ME, "take 3 days off", None),
        ("! me: order 2 m", Owner.ME, "order 2 m", None),
        ("! me: plan the trip in may", Owner.ME, "plan the trip in may", None),
        ("! me: hand it over next", Owner.ME, "hand it over next", None),
        ("! me: next fri", Owner.ME, "next fri", None),
        ("! me: in 2 weeks", Owner.ME, "in 2 weeks", None),
        ("! me: dec 25", Owner.ME, "dec 25", None),
        ("! me: send it\x1fby fri", Owner.ME, "send it\x1fby", FRI),
        ("! me: send it\x1bfri", Owner.ME, "send it\x1bfri", None),
    ],
)
def test_commitments(line: str, owner: Owner, text: str, due: date | None) -> None:
    """Owner and due date are read off the line; words that are not dates stay in the text."""
    assert parse_line(line, TODAY) == CapturedLine(EntryKind.COMMITMENT, text, owner, due)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "Type a note first."),
        ("   ", "Type a note first."),
        ("!", "Say who promised what"),
        ("! ", "Say who promised what"),
        ("! me:", "Say what was promised"),
        ("! me:   by fri", "Say what was promised"),
        ("! me: by next fri", "Say what was promised"),
        ("! me: due in 2 weeks", "Say what was promised"),
        ("! bob: send the draft", "Who made it? Start with me:, them: or both: (not 'bob')."),
        ("! me: send it by 2026-02-30", "'2026-02-30' is not a real date."),
        ("! me: send it by +3x", "is not a date coach understands"),
        ("! me: send it by 3/4", "is not a date coach understands"),
        ("! me: send it by 31 apr", "'31 apr' is not a real date."),
        ("! me: send it by feb 30", "'feb 30' is not a real date."),
        ('"', "Type the words they used after '\"'."),
        ('""', "Type the words they used after '\"'."),
        ("=", "Type the decision after '='."),
        ("~ ", "Type the concern after '~'."),
        ("?", "Type the question after '?'."),
    ],
)
def test_malformed_lines_are_refused_with_a_message(line: str, message: str) -> None:
    """Each malformed line gets a message saying what to type instead."""
    with pytest.raises(InvalidInput) as refused:
        parse_line(line, TODAY)
    assert message in str(refused.value)


def test_long_and_multi_line_text_is_kept_exactly() -> None:
    """A 10,000-character line and pasted line breaks are kept as typed."""
    long_line = "word " * 2000
    assert parse_line(long_line, TODAY).text == long_line.strip()
    pasted = "first line\nsecond line\n  third"
    assert parse_line(pasted, TODAY) == CapturedLine(EntryKind.NOTE, pasted)
    assert parse_line("! me: " + pasted + " by fri", TODAY).text == pasted
    assert parse_line("! me: " + pasted + "\nin 2 weeks", TODAY) == CapturedLine(
        EntryKind.COMMITMENT, pasted, Owner.ME, date(2026, 12, 4)
    )


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 11, 16), date(2026, 11, 27)),  # a Monday: next week's Friday
        (date(2026, 11, 20), date(2026, 11, 27)),  # a Friday
        (date(2026, 11, 22), date(2026, 11, 27)),  # a Sunday
    ],
)
def test_next_fri_at_the_end_of_a_line_is_next_weeks_friday(today: date, due: date) -> None:
    """The capture line reads next fri as the date fields do."""
    assert parse_line("! me: send the draft by next fri", today).due == due


def test_a_past_due_date_is_read_for_the_screen_to_question() -> None:
    """The line keeps a past date (it was typed); the live screen asks about it with is_past."""
    from coach.dates import is_past

    line = parse_line("! them: send the figures by yesterday", TODAY)
    assert line.due == date(2026, 11, 19) and is_past(line.due, TODAY)
    assert parse_line("! them: send the figures by dec 25", date(2026, 12, 26)).due == date(
        2027, 12, 25
    )


def test_a_plus_adds_to_the_answer_only_after_one() -> None:
    """'+ " and fewer meetings' after an answer: a quote that adds to it; otherwise text."""
    added = parse_line('+ " and fewer meetings', TODAY, after_answer=True)
    assert (added.kind, added.text, added.adds_to_answer) == (
        EntryKind.QUOTE,
        "and fewer meetings",
        True,
    )
    plain = parse_line("+3 people join", TODAY)
    assert (plain.kind, plain.text, plain.adds_to_answer) == (
        EntryKind.NOTE,
        "+3 people join",
        False,
    )
    with pytest.raises(InvalidInput, match="after '\\+'"):
        parse_line("+  ", TODAY, after_answer=True)
