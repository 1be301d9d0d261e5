"""Cadence, who is due a conversation, and the nudges built from them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coach.memory import cadence, nudges
from coach.model import Cadence, Conversation, ConversationStatus, Person
from coach.store.records import conversation_to_record
from coach.store.store import Store
from coach.store.views import ConversationView
from tests.conftest import TODAY


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def as_stored(conversation: Conversation) -> ConversationView:
    return ConversationView.of(conversation_to_record(conversation))


def held(person: Person, day: date) -> ConversationView:
    return as_stored(Conversation(person.id, "building-trust", day, ConversationStatus.HELD))


def planned(person: Person, day: date | None) -> ConversationView:
    """In preparation, for `day` (or undated, made three days ago)."""
    made = datetime.combine(ago(3), datetime.min.time()).astimezone()
    return as_stored(Conversation(person.id, "building-trust", day, created=made))


def test_due_and_overdue_by_the_rhythm() -> None:
    """Weekly, last held 7 days ago: due today; 9 days ago: 2 days overdue; 5 days: not yet."""
    weekly = Person("Priya", cadence=Cadence.WEEKLY)
    due_today = cadence.rhythm(weekly, [held(weekly, ago(7)), held(weekly, ago(20))], TODAY)
    assert due_today is not None and due_today.is_due(TODAY) and due_today.days_late(TODAY) == 0
    assert cadence.describe(due_today, TODAY) == (
        "weekly · last spoke 7 days ago · a conversation is due today"
    )
    late = cadence.rhythm(weekly, [held(weekly, ago(9))], TODAY)
    assert late is not None and late.days_late(TODAY) == 2
    assert "a conversation is 2 days overdue" in cadence.describe(late, TODAY)
    fine = cadence.rhythm(weekly, [held(weekly, ago(5))], TODAY)
    assert fine is not None and not fine.is_due(TODAY)
    assert cadence.describe(fine, TODAY).endswith("next due in 2 days")


def test_a_planned_conversation_is_not_nagged() -> None:
    """Overdue, but a conversation is prepared for a day to come: not due; an undated one is."""
    monthly = Person("Sam", cadence=Cadence.MONTHLY)
    ahead = cadence.rhythm(monthly, [held(monthly, ago(45)), planned(monthly, TODAY)], TODAY)
    assert ahead is not None and not ahead.is_due(TODAY)
    assert "next planned Fri 20 Nov" in cadence.describe(ahead, TODAY)
    undated = cadence.rhythm(monthly, [held(monthly, ago(45)), planned(monthly, None)], TODAY)
    assert undated is not None and undated.is_due(TODAY)


def test_no_cadence_or_no_conversation_yet() -> None:
    """No rhythm: never due.  A rhythm and nothing held yet: due now."""
    anyone = Person("Ann")
    assert cadence.rhythm(anyone, [held(anyone, ago(400))], TODAY) is None
    assert cadence.describe(None, TODAY) == "no set rhythm"
    fresh = Person("Ben", cadence=Cadence.FORTNIGHTLY)
    found = cadence.rhythm(fresh, [], TODAY)
    assert found is not None and found.is_due(TODAY)
    assert "no conversation held yet" in cadence.describe(found, TODAY)


def test_only_their_own_conversations_count() -> None:
    """Sam's conversation yesterday does not make Priya's rhythm kept."""
    priya = Person("Priya", cadence=Cadence.WEEKLY)
    sam = Person("Sam", cadence=Cadence.WEEKLY)
    meetings = [held(priya, ago(10)), held(sam, ago(1))]
    assert [r.name for r in cadence.due_people([priya, sam], meetings, TODAY)] == ["Priya"]


def test_the_rhythm_goes_round() -> None:
    """c on the person view: none, weekly, fortnightly, monthly, none."""
    seen = [Cadence.NONE]
    for _ in range(4):
        seen.append(cadence.next_cadence(seen[-1]))
    assert seen == [
        Cadence.NONE,
        Cadence.WEEKLY,
        Cadence.FORTNIGHTLY,
        Cadence.MONTHLY,
        Cadence.NONE,
    ]


def test_setting_the_cadence_is_durable(file_store: Store, data_dir: object) -> None:
    """Stored on the person; other details untouched."""
    person = file_store.people.add("Priya Kapoor", role="Designer")
    file_store.people.set_cadence(person.id, Cadence.FORTNIGHTLY)
    again = file_store.people.get(person.id)
    assert again is not None
    assert (again.cadence, again.role) == (Cadence.FORTNIGHTLY, "Designer")


def test_meetings_from_the_store(store: Store) -> None:
    """Held and in preparation, with or without a date."""
    person = store.people.add("Priya Kapoor")
    done = store.conversations.start(person, "building-trust", ago(3))
    store.conversations.set_details(done.id, status=ConversationStatus.DONE)
    store.conversations.start(person, "building-trust", None)
    found = sorted(store.conversations.views(), key=lambda m: m.held)
    assert [(m.held, m.date is not None) for m in found] == [(False, False), (True, True)]
    assert found[1].day == ago(3)


def test_one_persons_meetings_from_the_store(store: Store) -> None:
    """A person's page reads theirs only, every year of them, no one else's."""
    priya, sam = store.people.add("Priya Kapoor"), store.people.add("Sam Lee")
    theirs = {store.conversations.start(priya, "building-trust", ago(d)).id for d in (3, 900)}
    store.conversations.start(sam, "building-trust", ago(1))
    found = store.conversations.views(person_id=priya.id)
    assert {view.id for view in found} == theirs
    assert store.conversations.views(person_id="nobody") == []


def test_the_nudges_in_one_line_and_in_words() -> None:
    """Overdue and due-today commitments, and people due a conversation, counted."""
    priya = Person("Priya Kapoor", cadence=Cadence.WEEKLY)
    sam = Person("Sam Lee", cadence=Cadence.WEEKLY)
    other_sam = Person("Sam Ortiz")
    dues = [ago(2), ago(1), TODAY, TODAY + timedelta(days=1), None]
    found = nudges.gather(dues, [priya, sam, other_sam], [held(priya, ago(8))], TODAY)
    assert (found.overdue, found.due_today) == (2, 1)
    # Priya a day overdue first; then Sam (never held: due now), named in full (two Sams).
    assert [r.name for r in found.people] == ["Priya Kapoor", "Sam Lee"]
    assert nudges.status_line(found) == (
        "coach: 2 overdue, 1 due today, Priya and Sam Lee due a conversation"
    )
    assert nudges.summary(found) == (
        "3 commitments due today or overdue · 2 people due a conversation"
    )


def test_nothing_due_says_nothing() -> None:
    """An empty line for the prompt; no notification."""
    calm = nudges.gather([TODAY + timedelta(days=3)], [Person("Ann")], [], TODAY)
    assert not calm
    assert nudges.status_line(calm) == "" and nudges.summary(calm) == ""


def test_many_people_are_counted_not_named() -> None:
    """Beyond two names the line would not fit a status bar."""
    people = [Person(f"P{n} X", cadence=Cadence.WEEKLY) for n in range(3)]
    found = nudges.gather([], people, [], TODAY)
    assert nudges.status_line(found) == "coach: 3 people due a conversation"


def test_nudges_from_the_store(store: Store) -> None:
    """The figures the app's notification and the dashboard use."""
    person = store.people.add("Priya Kapoor")

    store.people.set_cadence(person.id, Cadence.WEEKLY)
    conversation = Conversation(
        person.id, "building-trust", date=ago(8), status=ConversationStatus.DONE
    )
    store.put_records(conversations=[conversation])
    found = nudges.from_store(store, TODAY)
    assert [r.name for r in found.people] == ["Priya Kapoor"]
    assert nudges.summary(found) == "1 person due a conversation"
