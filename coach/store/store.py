"""The one way to read and write coach's data: a repository over TinyDB.

Every change is a small, targeted operation (set these notes, add this question,
mark that commitment done) applied to the latest stored document, so two parts
of the app changing the same conversation never overwrite each other's work.
Each returns only once the change is durable.  Methods are thread-safe: the app
writes from a background thread while it reads on the UI thread.
"""

from __future__ import annotations

import contextlib
import heapq
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from coach.errors import InvalidInput, StoreError
from coach.model import (
    Commitment,
    CommitmentStatus,
    Conversation,
    ConversationStatus,
    Fact,
    Owner,
    Person,
    now,
)
from coach.storage.durable import DurableStorage
from coach.store import records
from coach.store.documents import CoachDB, CoachTable
from coach.store.plan_edits import UNSET, PlanEdits
from coach.store.records import Codec, Item, Record
from coach.user_text import collapse, trim

PEOPLE = "people"
CONVERSATIONS = "conversations"
COMMITMENTS = "commitments"
FACTS = "facts"
NAME_LIMIT = 200


class Store(PlanEdits):
    """People, conversations and commitments, stored durably in one directory."""

    def __init__(self, storage: DurableStorage) -> None:
        self._storage = storage
        self._db = CoachDB(storage=lambda: storage)
        self._lock = threading.RLock()

    @classmethod
    def open(cls, directory: Path, *, read_only: bool = False) -> Store:
        """Open the data in `directory` (see DurableStorage.open for what can go wrong)."""
        return cls(DurableStorage.open(directory, read_only=read_only))

    def close(self) -> None:
        """Write everything out and release the data directory."""
        with self._lock:
            self._storage.close()

    @property
    def read_only(self) -> bool:
        """Whether changes are refused (another coach is writing)."""
        return self._storage.read_only

    @property
    def warnings(self) -> list[str]:
        """Things the user should know about that did not stop the data opening."""
        return list(self._storage.warnings)

    @property
    def directory(self) -> Path:
        """The data directory."""
        return self._storage.directory

    @property
    def path(self) -> Path:
        """The data file."""
        return self._storage.path

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make several changes durable together, or none of them."""
        with self._lock:
            try:
                with self._storage.transaction():
                    yield
            except BaseException:
                for name in (PEOPLE, CONVERSATIONS, COMMITMENTS, FACTS):
                    self._table(name).clear_cache()
                raise

    def _table(self, name: str) -> CoachTable:
        table = self._db.table(name)
        assert isinstance(table, CoachTable)
        return table

    def _all(self, name: str) -> Iterable[dict[str, Any]]:
        # Read-only views of the committed documents: never change one (see coach.store.documents).
        return self._table(name).stored()

    def documents(self, table: str) -> list[dict[str, Any]]:
        """Every stored document of one table ("people", "conversations", "commitments"),
        as plain dicts that are copies (for export, search and reports)."""
        with self._lock:
            return [dict(doc) for doc in self._all(table)]

    def tables(self) -> list[str]:
        """The names of every table holding documents, known ones first (for export)."""
        known = [PEOPLE, CONVERSATIONS, COMMITMENTS, FACTS]
        with self._lock:
            stored = self._db.tables()
        return [*known, *sorted(stored - set(known))]

    def put_documents(self, table: str, documents: Iterable[dict[str, Any]]) -> None:
        """Store whole documents as they are, each under its own "id" (imports).

        Unlike put_records this keeps fields the model does not know, so data from
        a newer coach with the same schema passes through unchanged.  Call it
        inside `transaction()` to make several tables durable together.
        """
        with self._lock:
            self._table(table).put_many(documents)

    def is_empty(self) -> bool:
        """Whether there is nothing stored yet."""
        with self._lock:
            return not any(len(self._table(name)) for name in (PEOPLE, CONVERSATIONS))

    def counts(self) -> dict[str, int]:
        """How many people, conversations and commitments are stored."""
        with self._lock:
            return {name: len(self._table(name)) for name in (PEOPLE, CONVERSATIONS, COMMITMENTS)}

    def put_records(
        self,
        *,
        people: Iterable[Person] = (),
        conversations: Iterable[Conversation] = (),
        commitments: Iterable[Commitment] = (),
        facts: Iterable[Fact] = (),
    ) -> None:
        """Store whole records as they are, in one durable change (demo data, imports)."""
        with self.transaction():
            self._table(FACTS).put_many(records.fact_to_record(f) for f in facts)
            self._table(PEOPLE).put_many(records.person_to_record(p) for p in people)
            self._table(CONVERSATIONS).put_many(
                records.conversation_to_record(c) for c in conversations
            )
            self._table(COMMITMENTS).put_many(records.commitment_to_record(c) for c in commitments)

    # -- any kind of record (see coach.store.records.Codec) ---------------------------------

    def find(self, codec: Codec[Item], where: Callable[[Record], bool] | None = None) -> list[Item]:
        """Every stored record of one kind that passes `where` (all of them without it)."""
        with self._lock:
            docs = [doc for doc in self._all(codec.table) if where is None or where(doc)]
        return [codec.read(doc) for doc in docs]

    def get(self, codec: Codec[Item], record_id: str) -> Item | None:
        """One record by id."""
        with self._lock:
            doc = self._table(codec.table).fetch(record_id)
        return codec.read(doc) if doc else None

    def put(self, codec: Codec[Item], item: Item) -> Item:
        """Store a record whole, new or replacing the one with its id."""
        with self._lock:
            self._table(codec.table).put(item.id, codec.write(item))
        return item

    def change(self, codec: Codec[Item], record_id: str, change: Callable[[Item], None]) -> Item:
        """Apply `change` to the latest stored record and store it, under one lock.

        `change` may raise (InvalidInput, say) to refuse: nothing is then stored.
        """
        with self._lock:
            item = self.get(codec, record_id)
            if item is None:
                raise StoreError(f"That {codec.noun} is no longer stored.")
            change(item)
            self._table(codec.table).put(item.id, codec.write(item))
        return item

    # -- people -------------------------------------------------------------------

    def people(self) -> list[Person]:
        """Everyone, by name."""
        with self._lock:
            found = [records.person_from_record(doc) for doc in self._all(PEOPLE)]
        return sorted(found, key=lambda person: person.name.casefold())

    def person(self, person_id: str) -> Person | None:
        """One person by id."""
        with self._lock:
            doc = self._table(PEOPLE).fetch(person_id)
        return records.person_from_record(doc) if doc else None

    def person_named(self, name: str) -> Person | None:
        """The person with this name, ignoring case and surrounding spaces."""
        wanted = trim(name).casefold()
        with self._lock:
            for doc in self._all(PEOPLE):
                if trim(str(doc.get("name", ""))).casefold() == wanted:
                    return records.person_from_record(doc)
        return None

    def add_person(self, name: str, role: str = "", relationship: str = "") -> Person:
        """Store a new person; the name must be given and not taken."""
        clean = _check_name(name)
        with self._lock:
            if self.person_named(clean):
                raise InvalidInput(f"There is already someone called {clean!r}.")
            person = Person(name=clean, role=trim(role), relationship=trim(relationship))
            self._table(PEOPLE).put(person.id, records.person_to_record(person))
        return person

    # -- conversations ------------------------------------------------------------

    def conversation(self, conversation_id: str) -> Conversation | None:
        """One conversation by id."""
        with self._lock:
            doc = self._table(CONVERSATIONS).fetch(conversation_id)
        return records.conversation_from_record(doc) if doc else None

    def conversations(
        self, *, person_id: str | None = None, status: ConversationStatus | None = None
    ) -> list[Conversation]:
        """Conversations, newest first, optionally one person's or in one status."""
        wanted = status.value if status is not None else None  # once, not per document
        with self._lock:
            docs = [
                doc
                for doc in self._all(CONVERSATIONS)
                if (person_id is None or doc.get("person_id") == person_id)
                and (wanted is None or doc.get("status") == wanted)
            ]
        docs.sort(key=_newest_first, reverse=True)
        return [records.conversation_from_record(doc) for doc in docs]

    def recent_conversations(self, limit: int) -> list[Conversation]:
        """The latest conversations already held (held or done), newest first."""
        with self._lock:
            docs = heapq.nlargest(
                limit,
                (d for d in self._all(CONVERSATIONS) if d.get("status") != "preparing"),
                key=_newest_first,
            )
        return [records.conversation_from_record(doc) for doc in docs]

    def last_conversation(self, person_id: str, before: str | None = None) -> Conversation | None:
        """The most recent conversation with this person other than `before`."""
        with self._lock:
            docs = [
                d
                for d in self._all(CONVERSATIONS)
                if d.get("person_id") == person_id and d.get("id") != before
            ]
        if not docs:
            return None
        return records.conversation_from_record(max(docs, key=_newest_first))

    def start_conversation(
        self, person: Person, purpose: str, day: date | None, *, new_person: bool = False
    ) -> Conversation:
        """Begin preparing a conversation, adding the person too when they are new."""
        if not purpose:
            raise InvalidInput("Choose a purpose for the conversation.")
        conversation = Conversation(person_id=person.id, purpose=purpose, date=day)
        with self.transaction():
            if new_person:
                clean = _check_name(person.name)
                if self.person_named(clean):
                    raise InvalidInput(f"There is already someone called {clean!r}.")
                person.name = clean
                self._table(PEOPLE).put(person.id, records.person_to_record(person))
            elif self.person(person.id) is None:
                raise InvalidInput("That person is no longer stored.")
            self._put_conversation(conversation)
        return conversation

    def delete_conversation(self, conversation_id: str) -> None:
        """Remove a conversation and the commitments made in it."""
        with self.transaction():
            self._table(CONVERSATIONS).delete([conversation_id])
            made_in = [
                doc["id"]
                for doc in self._all(COMMITMENTS)
                if doc.get("conversation_id") == conversation_id
            ]
            if made_in:
                self._table(COMMITMENTS).delete(made_in)

    def update_conversation(
        self, conversation_id: str, change: Callable[[Conversation], None]
    ) -> Conversation:
        """Apply `change` to the latest stored conversation and store it durably.

        The read and the write happen under one lock, so concurrent changes to other
        parts of the same conversation are never lost.
        """
        with self._lock:
            conversation = self.conversation(conversation_id)
            if conversation is None:
                raise StoreError("That conversation is no longer stored.")
            change(conversation)
            conversation.updated = now()
            self._put_conversation(conversation)
        return conversation

    def _put_conversation(self, conversation: Conversation) -> None:
        self._table(CONVERSATIONS).put(
            conversation.id, records.conversation_to_record(conversation)
        )

    # -- commitments ----------------------------------------------------------------

    def commitments(
        self,
        *,
        person_id: str | None = None,
        conversation_id: str | None = None,
        status: CommitmentStatus | None = None,
    ) -> list[Commitment]:
        """Commitments, soonest due first (those with no date last)."""
        wanted = status.value if status is not None else None  # once, not per document
        with self._lock:
            docs = [
                doc
                for doc in self._all(COMMITMENTS)
                if (person_id is None or doc.get("person_id") == person_id)
                and (conversation_id is None or doc.get("conversation_id") == conversation_id)
                and (wanted is None or doc.get("status") == wanted)
            ]
        found = [records.commitment_from_record(doc) for doc in docs]
        return sorted(found, key=due_order)

    def commitment(self, commitment_id: str) -> Commitment | None:
        """One commitment by id."""
        with self._lock:
            doc = self._table(COMMITMENTS).fetch(commitment_id)
        return records.commitment_from_record(doc) if doc else None

    def add_commitment(self, commitment: Commitment) -> Commitment:
        """Store a new commitment; it must say what was promised."""
        commitment.text = trim(commitment.text)
        if not commitment.text:
            raise InvalidInput("Say what was promised.")
        with self._lock:
            self._table(COMMITMENTS).put(commitment.id, records.commitment_to_record(commitment))
        return commitment

    def set_commitment_status(
        self, commitment_id: str, status: CommitmentStatus, today: date
    ) -> Commitment:
        """Mark a commitment open or done (today); to drop one, coach.store.commitment_life.drop."""
        if status is CommitmentStatus.DROPPED:
            raise InvalidInput("Say why it was dropped.")
        with self._lock:
            commitment = self.commitment(commitment_id)
            if commitment is None:
                raise StoreError("That commitment is no longer stored.")
            commitment.status = status
            commitment.done_on = today if status is CommitmentStatus.DONE else None
            commitment.dropped_on, commitment.drop_reason = None, ""
            self._table(COMMITMENTS).put(commitment.id, records.commitment_to_record(commitment))
        return commitment

    def update_commitment(
        self,
        commitment_id: str,
        *,
        text: str = UNSET,
        owner: Owner | None = UNSET,
        due: date | None = UNSET,
    ) -> Commitment:
        """Change what a commitment says, who owns it or when it is due."""
        with self._lock:
            commitment = self.commitment(commitment_id)
            if commitment is None:
                raise StoreError("That commitment is no longer stored.")
            if text is not UNSET:
                if not trim(text):
                    raise InvalidInput("Say what was promised.")
                commitment.text = trim(text)
            if owner is not UNSET and owner is not None:
                commitment.owner = owner
            if due is not UNSET:
                commitment.due = due
            self._table(COMMITMENTS).put(commitment.id, records.commitment_to_record(commitment))
        return commitment

    def delete_commitment(self, commitment_id: str) -> None:
        """Remove a commitment entered by mistake."""
        with self._lock:
            self._table(COMMITMENTS).delete([commitment_id])


def due_order(commitment: Commitment) -> tuple[bool, date, str]:
    """Sort key: earliest due first (so overdue ones lead), undated last."""
    return (commitment.due is None, commitment.due or date.max, commitment.created.isoformat())


def _newest_first(doc: dict[str, Any]) -> tuple[str, str]:
    return (str(doc.get("date") or doc.get("created", ""))[:10], str(doc.get("created", "")))


def _check_name(name: str) -> str:
    clean = collapse(name)
    if not clean:
        raise InvalidInput("Enter the person's name.")
    if len(clean) > NAME_LIMIT:
        raise InvalidInput(f"A name can be at most {NAME_LIMIT} characters.")
    return clean
