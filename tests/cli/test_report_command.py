"""`coach report` and `coach commitments --due` from the shell."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from coach.meeting.capture import rate
from coach.model import Cadence, Conversation, ConversationStatus, Person
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.processes import data, modules_after
from tests.support.review_data import seed


def test_report_in_plain_text(data_dir: Path) -> None:
    """The last 90 days mine and theirs, month by month, a trend, and each person."""
    seed(data_dir)
    result = data(data_dir, "report")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "Commitments, the last 90 days: Sun 23 Aug 2026 to Fri 20 Nov 2026",
        "",
        "        on time  late  renegotiated  slipped  broken  open  on-time rate",
        "Mine          0     1             0        0       1     0            0%",
        "Theirs        1     1             1        0       0     0           50%",
    ]
    assert (
        "The last 12 months, Dec 2025 to Nov 2026: kept on time of those counted (on time/counted):"
    ) in lines
    assert "Nov 2026   0/2    0%     1/2   50%" in lines
    assert "Oct 2026     —     —       —     —" in lines
    assert "Mine, on time, by month, last 12 months:   ···········▁" in lines
    by_person = next(n for n, line in enumerate(lines) if line.startswith("By person"))
    assert lines[by_person + 2 : by_person + 5] == [
        "                 mine  rate  theirs  rate",
        "Sam [red]Lee[/]   0/1    0%     0/1    0%",
        "Zoë Ångström      0/1    0%     1/1  100%",
    ]
    assert lines[-3:] == [
        "How I held the conversations, the last 12 months:",
        "",
        "Understanding checked 1 of 2 meetings, confirmed 1 · by month: ··········▁█",
    ]


def test_report_shows_the_look_back_in_words_and_json(data_dir: Path) -> None:
    """Ratings given when meetings ended are counted by statement, month by month."""
    seed(data_dir)
    store = Store.open(data_dir)
    held = [c for c in store.conversations.find() if c.status is not ConversationStatus.PREPARING]
    rate(store, held[0].id, {"asked_more": 2, "checked_understanding": 1})
    store.close()
    lines = data(data_dir, "report").stdout.splitlines()
    assert lines[-1].startswith("Looking back: I asked more than I told: yes 1 of 1 ")
    assert "I checked my understanding: yes 0 of 1" in lines[-1]
    assert "shared early" not in lines[-1]  # not rated: not shown
    document = json.loads(data(data_dir, "report", "--json").stdout)
    rated = [month["look_back"] for month in document["held"] if month["look_back"]]
    assert rated == [{"asked_more": [2], "checked_understanding": [1]}]


def test_report_for_one_person_as_json(data_dir: Path) -> None:
    """--person narrows to one person; --json gives the same figures by name."""
    seed(data_dir)
    result = data(data_dir, "report", "--json", "--person", "zoe")
    document = json.loads(result.stdout)
    assert document["person"] == "Zoë Ångström"
    assert document["last_days"]["mine"] == {
        "on_time": 0,
        "late": 0,
        "renegotiated": 0,
        "slipped": 0,
        "broken": 1,
        "open": 0,
        "rate": 0.0,
    }
    assert document["window"] == {"from": "2026-08-23", "to": "2026-11-20"}
    assert document["last_days"]["theirs"]["rate"] == 1.0
    assert [m["month"] for m in document["months"]][-2:] == ["2026-10", "2026-11"]
    assert document["months"][0]["mine"]["rate"] is None
    assert "people" not in document
    everyone = json.loads(data(data_dir, "report", "--json").stdout)
    assert [p["person"] for p in everyone["people"]] == ["Sam [red]Lee[/]", "Zoë Ångström"]


def test_report_on_an_unknown_person_says_so(data_dir: Path) -> None:
    """One sentence on stderr, exit 1."""
    seed(data_dir)
    result = data(data_dir, "report", "--person", "Nobody")
    assert result.returncode == 1
    assert result.stderr == "coach: No one called 'Nobody' is stored.\n"


def test_report_on_no_data(data_dir: Path) -> None:
    """Nothing stored: a report of nothing, not an error."""
    result = data(data_dir, "report")
    assert result.returncode == 0
    mine = "Mine          0     0             0        0       0     0             —"
    assert mine in result.stdout


def test_due_prints_one_line_or_nothing(data_dir: Path) -> None:
    """Fit for a prompt: one line when something is due, empty output (exit 0) when not."""
    result = data(data_dir, "commitments", "--due")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    seed(data_dir)
    store = Store.open(data_dir)
    try:
        priya = Person("Priya Kapoor", cadence=Cadence.WEEKLY)
        talk = Conversation(
            priya.id, "building-trust", TODAY - timedelta(days=9), ConversationStatus.DONE
        )
        store.put_records(people=[priya], conversations=[talk])
    finally:
        store.close()
    result = data(data_dir, "commitments", "--due")
    assert result.stdout == "coach: 1 overdue, Priya due a conversation\n"
    assert data(data_dir, "commitments", "--due", "--person", "sam").stdout == ""
    assert json.loads(data(data_dir, "commitments", "--due", "--json").stdout) == {
        "overdue": 1,
        "due_today": 0,
        "people_due": [
            {"person": "Priya Kapoor", "person_id": priya.id, "due": "2026-11-18"},
        ],
    }


def test_report_and_due_import_neither_textual_nor_tinydb(data_dir: Path) -> None:
    """Both answer at the speed of the data file."""
    seed(data_dir)
    for args in (["report"], ["commitments", "--due"]):
        loaded = modules_after(
            f"from coach.cli import main\nmain(['--data-dir', {str(data_dir)!r}, *{args!r}])"
        )
        assert "coach.memory.ledger" in loaded or "coach.memory.nudges" in loaded
        assert "textual" not in loaded and "tinydb" not in loaded, args


def test_the_help_names_the_ledgers_own_window() -> None:
    """`coach report --help` says the window the ledger counts (its own figure, kept apart
    so that the other commands start without the ledger)."""
    from coach.commands import report
    from coach.memory import ledger

    assert report.WINDOW_DAYS == ledger.WINDOW_DAYS
    assert f"over the last {ledger.WINDOW_DAYS} days" in report.DESCRIPTION
