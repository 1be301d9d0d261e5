"""Which records stay at hand and which are settled history, folded into monthly parts.

The storage keeps at hand (in the data file, read at every start) what the
dashboard and `coach commitments` need, whatever the size of the history:

- every person and everything learned about them;
- every open commitment, and every other one with a date in the last
  COMMITMENT_DAYS (the ledger's twelve months, with room to spare);
- every conversation being prepared, every one with a date in the last
  CONVERSATION_DAYS (the 90 days in which one held with no follow-through is
  flagged), each person's last one held (their rhythm), and the RECENT_KEPT
  latest held (the dashboard's recent conversations).

Everything else is settled: a closed commitment or a past conversation that no
screen shows unless asked for the whole history (review, a person's page, an
export).  It goes into the part of its month (coach.storage.parts).

Of what is at hand, the dashboard's first frame reads only the people, the open
commitments, the conversations being prepared and the RECENT_KEPT latest held; with
each person's last one, that is also all `coach commitments --due` reads (their
rhythm).  The rest (the closed commitments of the ledger's year, most conversations
of the last months) is written in the data file's later section, which a start
parses only once that frame is drawn (coach.storage.datafile).

A record at hand only ever becomes settled with time, never the other way
round, unless it changes; and a change that could bring a settled record back
into what is needed (removing someone's last conversation, moving its date)
reads the whole history first (see Conversations), so the rule can always be
applied to what is in memory.
"""

from __future__ import annotations

import heapq
from datetime import date, timedelta
from typing import Any

from coach.storage import layout
from coach.storage.durable import Placement

Tables = dict[str, dict[str, Any]]

# The ledger looks back twelve calendar months (at most 365 days before today's month
# began), the dashboard 90 days for conversations with no follow-through; a little
# more, so that a clock a few weeks out still finds what it needs.
COMMITMENT_DAYS = 400
CONVERSATION_DAYS = 120
RECENT_KEPT = 50  # the dashboard shows 12
UNDATED = "undated"


def place(tables: Tables, today: date) -> Placement:
    """Where every record in `tables` belongs as of `today`."""
    since = {
        layout.COMMITMENTS: (today - timedelta(days=COMMITMENT_DAYS)).isoformat(),
        layout.CONVERSATIONS: (today - timedelta(days=CONVERSATION_DAYS)).isoformat(),
    }
    cold: dict[str, dict[str, str]] = {}
    commitments = {}
    for doc_id, doc in tables.get(layout.COMMITMENTS, {}).items():
        if (
            doc.get("status", "open") != "open"
            and _latest(doc, _COMMITMENT_DAYS) < since[layout.COMMITMENTS]
        ):
            commitments[doc_id] = _month(doc.get("created") or doc.get("due"))
    if commitments:
        cold[layout.COMMITMENTS] = commitments
    conversations = _settled_conversations(
        tables.get(layout.CONVERSATIONS, {}), since[layout.CONVERSATIONS]
    )
    if conversations:
        cold[layout.CONVERSATIONS] = conversations
    return Placement(cold=cold, hot_since=since, later=_later(tables, cold, today))


def _later(tables: Tables, cold: dict[str, dict[str, str]], today: date) -> dict[str, set[str]]:
    """The records at hand that the first frame does without (see above)."""
    settled = cold.get(layout.COMMITMENTS, {})
    later = {
        layout.COMMITMENTS: {
            doc_id
            for doc_id, doc in tables.get(layout.COMMITMENTS, {}).items()
            if doc_id not in settled and doc.get("status", "open") != "open"
        }
    }
    settled = cold.get(layout.CONVERSATIONS, {})
    at_hand = [
        (doc_id, doc)
        for doc_id, doc in tables.get(layout.CONVERSATIONS, {}).items()
        if doc_id not in settled
    ]
    held = [(doc_id, doc) for doc_id, doc in at_hand if doc.get("status") != "preparing"]
    # Each person's rhythm counts from their last one held by the day asked about: their
    # last, and their last up to today, in case the last is dated ahead.
    first = _latest_and_last(held)
    first |= _latest_and_last([(k, doc) for k, doc in held if _newest((k, doc))[0] <= str(today)])
    later[layout.CONVERSATIONS] = {doc_id for doc_id, _ in held if doc_id not in first}
    return {name: ids for name, ids in later.items() if ids}


def _latest_and_last(held: list[tuple[str, dict[str, Any]]]) -> set[str]:
    """The RECENT_KEPT latest conversations held, and each person's last one."""
    kept = {doc_id for doc_id, _ in heapq.nlargest(RECENT_KEPT, held, key=_newest)}
    last: dict[object, tuple[tuple[str, str], str]] = {}
    for doc_id, doc in held:
        person, order = doc.get("person_id"), _newest((doc_id, doc))
        if person not in last or order > last[person][0]:
            last[person] = (order, doc_id)
    kept.update(doc_id for _, doc_id in last.values())
    return kept


_COMMITMENT_DAYS = ("created", "due", "done_on", "dropped_on")
_CONVERSATION_DAYS = ("date", "created", "updated", "next_checkin", "started")


def _settled_conversations(table: dict[str, Any], since: str) -> dict[str, str]:
    held = [(doc_id, doc) for doc_id, doc in table.items() if doc.get("status") != "preparing"]
    kept = _latest_and_last(held)
    return {
        doc_id: _month(doc.get("date") or doc.get("created"))
        for doc_id, doc in held
        if doc_id not in kept and _latest(doc, _CONVERSATION_DAYS) < since
    }


def _newest(item: tuple[str, dict[str, Any]]) -> tuple[str, str]:
    # As Conversations.recent orders them: the day held (else created), then created.
    doc = item[1]
    return (str(doc.get("date") or doc.get("created", ""))[:10], str(doc.get("created", "")))


def _latest(doc: dict[str, Any], fields: tuple[str, ...]) -> str:
    """The latest day among a record's dates ("" when it has none), as ISO text."""
    days = [str(value)[:10] for name in fields if (value := doc.get(name))]
    for change in doc.get("history") or ():
        if isinstance(change, dict):
            days += [str(change.get(k))[:10] for k in ("changed_on", "new_due") if change.get(k)]
    return max(days, default="")


def _month(value: object) -> str:
    """The part a record goes to: the month of its date ("2024-03"), else "undated"."""
    text = str(value or "")[:7]
    if len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit():
        return text
    return UNDATED
