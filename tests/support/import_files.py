"""Export files for property tests: values on and around every rule's edges.

Every value is one the rules allow, drawn often at the edges they draw (years 1900
and 2200, offsets of ±14:00, names of 200 characters); one file in four then has
one value just past an edge or in a form coach does not write, so that some files
are refused.  Texts mix ordinary words with markup, escape sequences, other control
characters, bidi overrides and lone surrogates.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from coach.model import Cadence, CommitmentStatus, ConversationStatus, EntryKind, FactKind, Owner
from coach.steps import STEPS
from coach.store.people import NAME_BREAKS, NAME_LIMIT
from coach.user_text import trim

AWKWARD = st.sampled_from(
    [
        "[bold]",
        "[/]",
        "[@click=app.quit]",
        "\x1b[31m",
        "\x1b]0;title\x07",
        "\x9b2J",
        "\x00",
        "\x1d",
        "\u202e",
        "\ud800",
        "\r\n",
        "\t",
        "*",
        "_",
        "<b>",
        "https://example.com",
        "a@b.org",
        ":smile:",
        "🙂",
        "Zoë Ångström",
        "中文",
    ]
)
PLAIN = st.text(alphabet=st.characters(max_codepoint=0x2FFF), max_size=8)
TEXT = st.lists(st.one_of(AWKWARD, PLAIN), max_size=5).map("".join)
SOME_TEXT = st.lists(st.one_of(AWKWARD, PLAIN), min_size=1, max_size=5).map("".join).filter(trim)

# The days a rule cares about, and a few ordinary ones between them.
EDGE_DAYS = [date(1900, 1, 1), date(2200, 12, 31)]
DAYS = st.one_of(
    st.sampled_from(EDGE_DAYS),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
)
OFFSETS = st.one_of(
    st.sampled_from([timedelta(hours=14), -timedelta(hours=14), timedelta(0)]),
    st.integers(min_value=-14 * 60, max_value=14 * 60).map(
        lambda minutes: timedelta(minutes=minutes)
    ),
)
# One value a rule refuses, and where it goes.
MISCHIEF = st.sampled_from(
    [
        ("people", "created", "1899-12-31T23:59:59+00:00"),
        ("people", "created", "2201-01-01T00:00:00+00:00"),
        ("people", "created", "2026-11-20T09:00:00+14:01"),
        ("people", "created", "2026-11-20T09:00:00"),
        ("people", "name", "Ann\nLee"),
        ("people", "name", "Ann\x00"),
        ("people", "name", "N" * 201),
        ("people", "name", " \t "),
        ("people", "cadence", "daily"),
        ("commitments", "due", "20261101"),
        ("commitments", "due", "2026-W45-1"),
        ("commitments", "due", "2201-01-01"),
        ("commitments", "due", "tomorrow"),
        ("commitments", "owner", "someone"),
        ("commitments", "person_id", "p-nobody"),
        ("conversations", "started", "0001-01-01T00:00:00+00:00"),
        ("conversations", "live_draft", {"evil": 1}),
        ("conversations", "notes", {"objectives": {"outcomes": 7}}),
        ("facts", "text", "F" * 1001),
    ]
)


def day_text(day: date) -> str:
    """A day as coach writes it (four-digit years; earlier ones are written as they come)."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def days() -> st.SearchStrategy[str]:
    """A day as coach writes it."""
    return DAYS.map(day_text)


@st.composite
def moments(draw: st.DrawFn) -> str:
    """A date and time with its offset, in the range whichever the offset."""
    day = draw(DAYS)
    local = datetime.combine(day, datetime.min.time()) + timedelta(
        seconds=draw(st.integers(0, 86_399))
    )
    moment = local.replace(tzinfo=timezone(draw(OFFSETS)))
    return moment.isoformat(timespec=draw(st.sampled_from(["seconds", "microseconds"])))


ONE_LINE = SOME_TEXT.filter(lambda text: not any(c in text for c in NAME_BREAKS))


def names() -> st.SearchStrategy[str]:
    """A name the rules allow: one line, up to the length limit, spaces around it or not."""
    return st.one_of(
        ONE_LINE.map(lambda text: text[:NAME_LIMIT]),
        st.sampled_from(["N" * NAME_LIMIT, " Ann ", "ann"]),
    )


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def values(kind: type[Any]) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in kind])


@st.composite
def export_files(draw: st.DrawFn, refusable: bool = True) -> dict[str, Any]:
    """A whole export file: people, their conversations, commitments and facts.

    `refusable`: one file in four has one value a rule refuses; otherwise every
    value is one the rules allow.
    """
    people: list[dict[str, Any]] = [
        {
            "id": f"p-{index}",
            "name": draw(names()),
            "role": draw(TEXT),
            "cadence": draw(values(Cadence)),
            "created": draw(moments()),
        }
        for index in range(draw(st.integers(1, 3)))
    ]
    ids = [person["id"] for person in people]
    conversations = []
    for index in range(draw(st.integers(0, 3))):
        step = draw(st.sampled_from(STEPS))
        conversation: dict[str, Any] = {
            "id": f"c-{index}",
            "person_id": draw(st.sampled_from(ids)),
            "purpose": draw(st.sampled_from(["developing-people", "building-trust", "x"])),
            "date": draw(maybe(days())),
            "status": draw(values(ConversationStatus)),
            "notes": {step.key: {field.key: draw(TEXT) for field in step.fields}},
            "questions": [
                {"id": "q-1", "text": draw(TEXT), "step": step.key, "asked": draw(st.booleans())}
            ],
            "entries": [
                {
                    "id": f"e-{entry}",
                    "text": draw(TEXT),
                    "kind": draw(values(EntryKind)),
                    "at": draw(moments()),
                    "minute": draw(maybe(st.integers(0, 10**6))),
                }
                for entry in range(draw(st.integers(0, 2)))
            ],
            "started": draw(maybe(moments())),
            "next_checkin": draw(maybe(days())),
            "summary_confirmed": draw(st.booleans()),
            "correction": draw(TEXT),
            "live_draft": draw(TEXT),
            "created": draw(moments()),
            "updated": draw(moments()),
        }
        conversations.append(conversation)
    talks = [conversation["id"] for conversation in conversations]
    commitments = []
    for index in range(draw(st.integers(0, 3))):
        status = draw(values(CommitmentStatus))
        commitment: dict[str, Any] = {
            "id": f"k-{index}",
            "text": draw(SOME_TEXT),
            "owner": draw(values(Owner)),
            "person_id": draw(st.sampled_from(ids)),
            "conversation_id": draw(maybe(st.sampled_from(talks))) if talks else None,
            "due": draw(maybe(days())),
            "status": status,
            "history": [
                {"changed_on": draw(days()), "old_due": draw(maybe(days())), "note": draw(TEXT)}
                for _ in range(draw(st.integers(0, 2)))
            ],
            "created": draw(moments()),
        }
        if status == CommitmentStatus.DONE:
            commitment["done_on"] = draw(days())
        if status == CommitmentStatus.DROPPED:
            commitment["dropped_on"] = draw(days())
            commitment["drop_reason"] = draw(TEXT)
        commitments.append(commitment)
    facts = [
        {
            "id": f"f-{index}",
            "person_id": draw(st.sampled_from(ids)),
            "kind": draw(values(FactKind)),
            "text": draw(SOME_TEXT),
            "learned_on": draw(days()),
            "created": draw(moments()),
        }
        for index in range(draw(st.integers(0, 2)))
    ]
    tables = {
        "people": people,
        "conversations": conversations,
        "commitments": commitments,
        "facts": facts,
    }
    if refusable and draw(st.integers(0, 3)) == 0:
        table, field, value = draw(MISCHIEF)
        if tables[table]:
            draw(st.sampled_from(tables[table]))[field] = value
    if draw(st.integers(0, 9)) == 0:
        people[0]["from_a_later_coach"] = draw(
            st.recursive(
                st.integers() | TEXT, lambda inner: st.lists(inner, max_size=2), max_leaves=5
            )
        )
    return {
        "format": "coach-export",
        "version": 1,
        "schema_version": 1,
        "tables": tables,
    }
