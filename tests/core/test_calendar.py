"""The iCalendar export, read back by a calendar library: the right events on the right days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar

from coach.guidance.library import builtin_guidance
from coach.model import Commitment, Conversation, ConversationStatus, Owner, Person
from coach.sharing import ics
from coach.sharing.exporting import ExportFormat, ExportRequest, render
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.review_data import seed


def events(directory: Path) -> dict[str, icalendar.cal.Component]:
    store = Store.open(directory, read_only=True)
    data = render(store, ExportRequest(ExportFormat.ICS), TODAY, builtin_guidance()).data
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_check_ins_and_open_due_dates_are_all_day_events(data_dir: Path) -> None:
    """The next check-in with Zoë and her open commitment; kept and dropped ones are left out."""
    seed(data_dir)
    found = events(data_dir)
    assert sorted(found) == [
        "checkin-p-zoe@coach.invalid",
        "commitment-k-draft@coach.invalid",
    ]
    # The conversation being prepared for next week is the next meeting with Zoë.
    meeting = found["checkin-p-zoe@coach.invalid"]
    assert meeting.decoded("DTSTART") == TODAY + timedelta(days=5)
    assert meeting.decoded("DTEND") == TODAY + timedelta(days=6)
    assert str(meeting["SUMMARY"]) == "Conversation with Zoë Ångström"
    due = found["commitment-k-draft@coach.invalid"]
    assert due.decoded("DTSTART") == TODAY - timedelta(days=2)
    assert str(due["SUMMARY"]) == "I promised Zoë Ångström: Send the budget draft"


def test_text_survives_escaping_and_folding(tmp_path: Path) -> None:
    """Commas, semicolons, backslashes, new lines and long texts come back exactly."""
    text = "Call Ann, Bob; then C:\\shared\\plan\n" + "and a very long tail é " * 8
    person = Person("Kim, Lee; \\Jr", id="p1")
    promise = Commitment(text, Owner.THEM, person.id, due=date(2027, 1, 4), id="k1")
    data = ics.calendar(ics.due_dates([person], [promise]))
    assert all(len(line.encode()) <= 75 for line in data.decode().split("\r\n"))
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) == text
    assert str(event["SUMMARY"]) == "Kim, Lee; \\Jr promised: " + " ".join(text.split())
    assert event.decoded("DTSTART") == date(2027, 1, 4)


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
