"""A realistic, varied and repeatable sample of people, conversations, commitments and facts.

Made for trying coach and for benchmarks: the same seed and day always give the
same data.  Conversations spread over the years before `today` (two unless told),
with notes in every step; commitments are kept on time, kept late, left open and
dropped, and any still open two years after they fell due were dropped at a
yearly review (as a leader tidies up).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from coach.demo.memory import remember
from coach.errors import InvalidInput
from coach.guidance.library import builtin_guidance
from coach.model import (
    RELATIONSHIPS,
    Commitment,
    CommitmentStatus,
    Conversation,
    ConversationStatus,
    Owner,
    Person,
    PlannedQuestion,
)
from coach.steps import STEPS
from coach.store.store import Store

FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Dmitri",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Lars",
    "Maya",
    "Nikhil",
    "Olga",
    "Priya",
    "Quinn",
    "Rafael",
    "Sana",
    "Tomas",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aroha",
    "Bjorn",
    "Carmen",
    "Dev",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Ivanova",
    "Yilmaz",
    "Adeyemi",
    "Tanaka",
    "Castillo",
    "Schmidt",
    "Mensah",
    "Larsen",
    "Kapoor",
    "Novak",
    "Haddad",
    "Sato",
    "Fischer",
    "Nguyen",
    "Silva",
    "Kowalski",
    "Brennan",
    "Ahmed",
    "Rossi",
    "Walsh",
]
ROLES = (
    "Product designer",
    "Senior engineer",
    "Team lead, payments",
    "Data analyst",
    "Head of operations",
    "Account director, Northwind",
    "Engineering manager",
    "Customer success lead",
    "Programme manager",
    "Partner manager, Fabrikam",
)
PHRASES = {
    "outcomes": [
        "Agree what good looks like for the next quarter.",
        "Understand what is getting in the way.",
        "Leave with one clear next step each.",
    ],
    "topics": [
        "Workload since the reorganisation",
        "The platform migration",
        "Career goals for next year",
        "How we hand over between teams",
    ],
    "setting": [
        "Walk outside, 45 minutes, no laptops.",
        "Quiet room, Thursday morning.",
        "Video call, cameras on, 30 minutes.",
    ],
    "opening": [
        "Thank them for the release work and ask how they are really doing.",
        "Start with what I noticed went well, then ask open questions.",
    ],
    "feedback": [
        "Prefers it written first, then a talk.",
        "Likes it direct and early.",
        "Wants examples, not generalities.",
    ],
    "threats": [
        "Could read this as a performance warning: say clearly it is not.",
        "Restructure rumours: acknowledge what I do not know yet.",
    ],
    "intentions": [
        "I want to support their move towards leading a team.",
        "I want us to reset how we work together.",
    ],
    "share_early": ["Budget for next year is not final yet.", "The team will grow by two."],
    "concerns": ["Deadlines have slipped twice.", "I have not kept my promise on the tooling."],
    "their_interests": [
        "More ownership of the roadmap.",
        "Predictable hours.",
        "Visibility with senior leaders.",
    ],
    "my_interests": ["A reliable release rhythm.", "Someone to mentor the new joiners."],
    "win_win": [
        "They lead the next planning cycle with my backing.",
        "Pair on the migration, then they own it.",
    ],
    "summary": [
        "We agreed the next step and who does what; they confirmed it in their words.",
        "Played back the three points; they corrected the second one.",
    ],
}
PROMISES = (
    "Send the draft of the development plan",
    "Introduce them to the architecture group",
    "Share the budget figures once approved",
    "Book the training course",
    "Review the proposal and reply with comments",
    "Check in with their manager about the move",
    "Write up the decision and circulate it",
    "Try the new stand-up format for two weeks",
)
ANSWERS = (
    "Wants more time on design work.",
    "Feels stretched; needs clearer priorities.",
    "Happy with the pace, wants more feedback.",
    "Not sure yet; will think about it.",
)


PROGRESS_EVERY = 1000  # conversations between two calls of fill's `progress`
YEARS_LEFT_OPEN = 2  # an open commitment this long past its due date was cleared


@dataclass(frozen=True)
class Showcase:
    """The sample shown in the README's pictures and the snapshot tests (one and the same)."""

    people: int = 6
    conversations: int = 24
    seed: int = 3
    today: date = date(2026, 11, 20)


SHOWCASE = Showcase()


def fill(
    store: Store,
    people: int,
    conversations: int,
    seed: int,
    today: date,
    *,
    years: int = 2,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Fill an empty store with a sample spread over `years`; refuses a store that holds
    anything.

    `progress` is told how many conversations are made so far, every thousand and
    when all are (then they are saved, in one durable change).
    """
    if not store.is_empty():
        raise InvalidInput(
            "The data directory already holds conversations; the demo only fills an empty one. "
            "Try it elsewhere with --data-dir."
        )
    if people < 1 or conversations < 0 or years < 1:
        raise InvalidInput(
            "Ask for at least one person, zero or more conversations and one year or more."
        )
    rng = random.Random(seed)
    sample = _Sample(rng, today, years)
    crowd = [sample.person(index) for index in range(people)]
    convs, promises = [], []
    for number in range(1, conversations + 1):
        conversation, made = sample.conversation(rng.choice(crowd))
        convs.append(conversation)
        promises.extend(made)
        if progress is not None and (number % PROGRESS_EVERY == 0 or number == conversations):
            progress(number)
    learned = remember(seed, today, crowd, convs, promises)
    store.put_records(people=crowd, conversations=convs, commitments=promises, facts=learned)


class _Sample:
    def __init__(self, rng: random.Random, today: date, years: int = 2) -> None:
        self.rng = rng
        self.today = today
        self.days = 365 * years if years != 2 else 730  # (two years: as it always was)
        self.purposes = builtin_guidance().purposes

    def moment(self, day: date) -> datetime:
        return datetime.combine(day, time(9 + self.rng.randrange(8)), UTC).replace(microsecond=0)

    def person(self, index: int) -> Person:
        first = FIRST[index % len(FIRST)]
        last = LAST[(index * 7 + index // len(FIRST)) % len(LAST)]
        name = f"{first} {last}" if index < len(FIRST) * len(LAST) else f"{first} {last} {index}"
        return Person(
            name=name,
            role=self.rng.choice(ROLES),
            relationship=self.rng.choice(RELATIONSHIPS[:6]),
            id=f"{self.rng.getrandbits(128):032x}",
            created=self.moment(self.today - timedelta(days=self.days + 30)),
        )

    def conversation(self, person: Person) -> tuple[Conversation, list[Commitment]]:
        rng = self.rng
        day = self.today - timedelta(days=rng.randrange(-14, self.days))
        purpose = rng.choice(self.purposes)
        if day > self.today:
            status = ConversationStatus.PREPARING
        elif (self.today - day).days < 10:
            status = rng.choice([ConversationStatus.HELD, ConversationStatus.DONE])
        else:
            status = ConversationStatus.DONE
        held = status is not ConversationStatus.PREPARING
        notes = {
            step.key: {f.key: rng.choice(PHRASES[f.key]) for f in step.fields if rng.random() < 0.9}
            for step in STEPS
            if held or step.number <= 3
        }
        questions = [
            PlannedQuestion(
                text=q.text,
                step=q.step,
                asked=held,
                answer=rng.choice(ANSWERS) if held else "",
                id=f"{rng.getrandbits(64):016x}",
            )
            for q in rng.sample(purpose.questions, k=min(4, len(purpose.questions)))
        ]
        conversation = Conversation(
            person_id=person.id,
            purpose=purpose.key,
            date=day,
            status=status,
            notes=notes,
            questions=questions,
            next_checkin=day + timedelta(days=rng.choice([7, 14, 28])) if held else None,
            summary_confirmed=held and rng.random() < 0.8,
            id=f"{rng.getrandbits(128):032x}",
            created=self.moment(day - timedelta(days=2)),
            updated=self.moment(day),
        )
        made = [self.commitment(conversation) for _ in range(rng.randrange(4))] if held else []
        return conversation, made

    def commitment(self, conversation: Conversation) -> Commitment:
        rng = self.rng
        assert conversation.date is not None
        due = conversation.date + timedelta(days=rng.randrange(2, 30))
        status, done_on = CommitmentStatus.OPEN, None
        roll = rng.random()
        if due < self.today:
            if roll < 0.6:
                status, done_on = CommitmentStatus.DONE, due - timedelta(days=rng.randrange(3))
            elif roll < 0.8:
                status, done_on = CommitmentStatus.DONE, due + timedelta(days=rng.randrange(1, 9))
            elif roll < 0.9:
                status = CommitmentStatus.DROPPED
        elif roll < 0.3:
            status, done_on = CommitmentStatus.DONE, self.today
        if done_on is not None and done_on > self.today:
            done_on = self.today
        dropped_on, reason = None, ""
        if status is CommitmentStatus.OPEN and (self.today - due).days > YEARS_LEFT_OPEN * 365:
            status, reason = CommitmentStatus.DROPPED, "Cleared at the yearly review"
            dropped_on = due + timedelta(days=YEARS_LEFT_OPEN * 365)
        return Commitment(
            text=rng.choice(PROMISES),
            owner=rng.choice([Owner.ME, Owner.ME, Owner.THEM, Owner.BOTH]),
            person_id=conversation.person_id,
            conversation_id=conversation.id,
            due=due,
            status=status,
            done_on=done_on,
            dropped_on=dropped_on,
            drop_reason=reason,
            id=f"{rng.getrandbits(128):032x}",
            created=conversation.updated,
        )
