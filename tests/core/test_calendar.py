"""The iCalendar export, read back by two calendar libraries: every commitment a to-do that
follows what became of it, the next meetings as events, on the right days."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject  # type: ignore[import-untyped]  # untyped, no stubs

from coach.guidance.library import builtin_guidance
from coach.model import (
    Commitment,
    CommitmentStatus,
    Conversation,
    ConversationStatus,
    Owner,
    Person,
)
from coach.sharing import ics
from coach.sharing.exporting import ExportFormat, ExportRequest, render
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.review_data import seed


def exported(directory: Path, remind: timedelta | None = None) -> bytes:
    """The iCalendar export of the data in `directory`."""
    store = Store.open(directory, read_only=True)
    try:
        request = ExportRequest(ExportFormat.ICS, remind=remind)
        return render(store, request, TODAY, builtin_guidance()).data
    finally:
        store.close()


def events(directory: Path) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(exported(directory))
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def to_dos(data: bytes) -> dict[str, icalendar.cal.Component]:
    """The to-dos of a calendar file, by UID, as icalendar reads them."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(todo["UID"]): todo for todo in calendar.walk("VTODO")}


def test_check_ins_are_all_day_events(data_dir: Path) -> None:
    """The next meeting with Zoë (the conversation being prepared) is an all-day event."""
    seed(data_dir)
    found = events(data_dir)
    assert sorted(found) == ["checkin-p-zoe@coach.invalid"]
    meeting = found["checkin-p-zoe@coach.invalid"]
    assert meeting.decoded("DTSTART") == TODAY + timedelta(days=5)
    assert meeting.decoded("DTEND") == TODAY + timedelta(days=6)
    assert str(meeting["SUMMARY"]) == "Conversation with Zoë Ångström"


def test_every_commitment_is_a_to_do_with_what_became_of_it(data_dir: Path) -> None:
    """Open: NEEDS-ACTION with its DUE; kept: COMPLETED on its day; dropped: CANCELLED."""
    seed(data_dir)
    found = to_dos(exported(data_dir))
    assert sorted(found) == [
        f"commitment-{key}@coach.invalid" for key in ("k-draft", "k-dropped", "k-offsite", "k-plan")
    ]
    draft = found["commitment-k-draft@coach.invalid"]
    assert str(draft["STATUS"]) == "NEEDS-ACTION"
    assert draft.decoded("DUE") == TODAY - timedelta(days=2)  # overdue: the calendar says so
    assert str(draft["SUMMARY"]) == "I promised Zoë Ångström: Send the budget draft"
    kept = found["commitment-k-offsite@coach.invalid"]
    assert str(kept["STATUS"]) == "COMPLETED"
    assert kept.decoded("COMPLETED").date() == TODAY - timedelta(days=6)
    dropped = found["commitment-k-dropped@coach.invalid"]
    assert str(dropped["STATUS"]) == "CANCELLED" and "COMPLETED" not in dropped
    assert "Dropped: no longer needed" in str(dropped["DESCRIPTION"])


def test_a_second_export_retires_what_was_settled_since(data_dir: Path) -> None:
    """Export, mark done, export again: the same UID, now COMPLETED, with a higher SEQUENCE,
    so a calendar importing the file again updates it; an undo raises it again."""
    seed(data_dir)
    uid = "commitment-k-draft@coach.invalid"
    first = to_dos(exported(data_dir))[uid]
    store = Store.open(data_dir)
    store.commitments.mark_done("k-draft", TODAY)
    store.close()
    second = to_dos(exported(data_dir))[uid]
    assert str(first["STATUS"]) == "NEEDS-ACTION" and str(second["STATUS"]) == "COMPLETED"
    assert second.decoded("COMPLETED").date() == TODAY
    assert int(str(second["SEQUENCE"])) > int(str(first["SEQUENCE"]))
    store = Store.open(data_dir)
    store.commitments.set_status("k-draft", CommitmentStatus.OPEN, TODAY)
    store.close()
    third = to_dos(exported(data_dir))[uid]
    assert str(third["STATUS"]) == "NEEDS-ACTION"
    assert int(str(third["SEQUENCE"])) > int(str(second["SEQUENCE"]))


def test_a_renegotiation_moves_the_due_date_and_raises_the_sequence(data_dir: Path) -> None:
    """A new date is a new version of the same to-do."""
    seed(data_dir)
    uid = "commitment-k-draft@coach.invalid"
    before = to_dos(exported(data_dir))[uid]
    store = Store.open(data_dir)
    store.commitments.renegotiate("k-draft", TODAY + timedelta(days=7), TODAY)
    store.close()
    after = to_dos(exported(data_dir))[uid]
    assert after.decoded("DUE") == TODAY + timedelta(days=7)
    assert int(str(after["SEQUENCE"])) == int(str(before["SEQUENCE"])) + 1


def test_remind_adds_an_alarm_before_each_open_due_date_and_check_in(data_dir: Path) -> None:
    """--remind 1d: a display alarm a day before DUE (to-dos) or the start (events)."""
    seed(data_dir)
    data = exported(data_dir, remind=timedelta(days=1))
    calendar = icalendar.Calendar.from_ical(data)
    alarms = {
        str(parent["UID"]): parent.walk("VALARM")
        for parent in [*calendar.walk("VTODO"), *calendar.walk("VEVENT")]
    }
    draft = alarms["commitment-k-draft@coach.invalid"]
    assert len(draft) == 1 and str(draft[0]["ACTION"]) == "DISPLAY"
    assert draft[0].decoded("TRIGGER") == -timedelta(days=1)
    assert draft[0]["TRIGGER"].params["RELATED"] == "END"
    assert alarms["commitment-k-offsite@coach.invalid"] == []  # kept: nothing to remind of
    assert len(alarms["checkin-p-zoe@coach.invalid"]) == 1
    assert b"VALARM" not in exported(data_dir)


def test_a_second_parser_reads_the_same_calendar(data_dir: Path) -> None:
    """vobject, written independently of icalendar, finds the same to-dos and events."""
    seed(data_dir)
    parsed = vobject.readOne(exported(data_dir, remind=timedelta(hours=2)).decode("utf-8"))
    statuses = {todo.uid.value: todo.status.value for todo in parsed.vtodo_list}
    assert statuses == {
        "commitment-k-draft@coach.invalid": "NEEDS-ACTION",
        "commitment-k-offsite@coach.invalid": "COMPLETED",
        "commitment-k-plan@coach.invalid": "COMPLETED",
        "commitment-k-dropped@coach.invalid": "CANCELLED",
    }
    assert [event.uid.value for event in parsed.vevent_list] == ["checkin-p-zoe@coach.invalid"]
    draft = next(t for t in parsed.vtodo_list if t.uid.value.startswith("commitment-k-draft"))
    assert draft.due.value == TODAY - timedelta(days=2)
    assert draft.valarm.trigger.value == -timedelta(hours=2)


@pytest.mark.parametrize("reader", ["icalendar", "vobject"])
def test_an_empty_export_is_still_a_valid_calendar(data_dir: Path, reader: str) -> None:
    """Nothing to show: still one component (RFC 5545), which no calendar displays."""
    Store.open(data_dir).close()
    data = exported(data_dir)
    if reader == "icalendar":
        calendar = icalendar.Calendar.from_ical(data)
        assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
        assert not calendar.walk("VEVENT") and not calendar.walk("VTODO")
    else:
        parsed = vobject.readOne(data.decode("utf-8"))
        assert [c.name for c in parsed.components()] == ["VTIMEZONE"]


def test_text_survives_escaping_and_folding(tmp_path: Path) -> None:
    """Commas, semicolons, backslashes, new lines and long texts come back exactly."""
    text = "Call Ann, Bob; then C:\\shared\\plan\n" + "and a very long tail é " * 8
    person = Person("Kim, Lee; \\Jr", id="p1")
    promise = Commitment(text, Owner.THEM, person.id, due=date(2027, 1, 4), id="k1")
    data = ics.calendar([], ics.todos([person], [promise]))
    assert all(len(line.encode()) <= 75 for line in data.decode().split("\r\n"))
    todo = icalendar.Calendar.from_ical(data).walk("VTODO")[0]
    assert str(todo["DESCRIPTION"]) == text
    assert str(todo["SUMMARY"]) == "Kim, Lee; \\Jr promised: " + " ".join(text.split())
    assert todo.decoded("DUE") == date(2027, 1, 4)
    assert vobject.readOne(data.decode()).vtodo.description.value == text


def test_durations_are_written_as_rfc_5545_says() -> None:
    """Weeks alone, else days and a time part."""
    assert ics.duration(timedelta(days=1)) == "P1D"
    assert ics.duration(timedelta(weeks=2)) == "P2W"
    assert ics.duration(timedelta(minutes=30)) == "PT30M"
    assert ics.duration(timedelta(days=1, hours=2)) == "P1DT2H"


def test_only_the_latest_conversation_sets_the_next_check_in() -> None:
    """A check-in from an earlier conversation is replaced by a later conversation."""
    person = Person("Ann", id="p1")
    earlier = Conversation(
        "p1", "building-trust", date=date(2026, 10, 1), next_checkin=date(2026, 10, 15), id="c1"
    )
    later = Conversation(
        "p1", "building-trust", date=date(2026, 11, 1), next_checkin=date(2026, 11, 29), id="c2"
    )
    held = ConversationStatus.HELD
    earlier.status = later.status = held
    found = ics.checkins([person], [later, earlier], TODAY, builtin_guidance())
    assert [(e.uid, e.day) for e in found] == [("checkin-p1@coach.invalid", date(2026, 11, 29))]
    assert found[0].summary == "Check in with Ann"
    newest_without = Conversation("p1", "building-trust", date=date(2026, 11, 10), status=held)
    assert ics.checkins([person], [later, earlier, newest_without], TODAY, builtin_guidance()) == []


def test_a_conversation_being_prepared_is_the_next_meeting() -> None:
    """Prepared for a day to come, it takes the place of the check-in; one in the past does not."""
    person = Person("Ann", id="p1")
    held = Conversation(
        "p1",
        "building-trust",
        date=date(2026, 11, 1),
        id="c1",
        status=ConversationStatus.HELD,
        next_checkin=date(2026, 12, 1),
    )
    soon = Conversation("p1", "navigating-change", date=TODAY + timedelta(days=3), id="c2")
    later = Conversation("p1", "navigating-change", date=TODAY + timedelta(days=9), id="c3")
    stale = Conversation("p1", "navigating-change", date=TODAY - timedelta(days=9), id="c4")
    found = ics.checkins([person], [held, later, soon, stale], TODAY, builtin_guidance())
    assert [(e.day, e.summary) for e in found] == [(soon.date, "Conversation with Ann")]
    assert ics.checkins([person], [held, stale], TODAY, builtin_guidance())[0].day == date(
        2026, 12, 1
    )


def test_uids_stay_the_same_from_one_export_to_the_next(data_dir: Path) -> None:
    """Importing the file again into a calendar updates its events instead of adding copies."""
    seed(data_dir)
    assert sorted(events(data_dir)) == sorted(events(data_dir))


KHAL_CONFIG = """\
[calendars]
[[coach]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = UTC
local_timezone = UTC
"""


def khal(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """khal, the terminal calendar (installed with the tests), on its own configuration."""
    program = Path(sys.executable).with_name("khal")
    return subprocess.run(
        [str(program), "-c", str(config), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_khal_imports_the_export_and_importing_it_again_adds_no_copies(
    data_dir: Path, tmp_path: Path
) -> None:
    """A real calendar takes the file (to-dos and all) and lists the check-in once, even
    after the file is imported a second time."""
    seed(data_dir)
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(path=calendar))
    export = tmp_path / "coach.ics"
    export.write_bytes(exported(data_dir))

    for _ in range(2):
        imported = khal(config, "import", "--batch", "-a", "coach", str(export))
        assert imported.returncode == 0 and "rror" not in imported.stderr, imported.stderr
    meeting = f"{TODAY + timedelta(days=5)} Conversation with Zoë Ångström"
    shown = khal(
        config,
        "list",
        "--format",
        "{start-date} {title}",
        "--day-format",
        "",
        str(TODAY),
        "30d",
    )
    assert shown.returncode == 0, shown.stderr
    assert [line for line in shown.stdout.splitlines() if line] == [meeting]
