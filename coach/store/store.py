"""The one way to read and write coach's data: a repository over TinyDB.

Each kind of record has one shelf holding every read and every change of that
kind: `store.people`, `store.conversations`, `store.commitments`, `store.facts`
(see their modules in this package).  A change is a small, targeted operation
(set these notes, add this question, mark that commitment done) applied to the
latest stored record, and returns only once it is durable.  Everything is
thread-safe: the app writes from a background thread while it reads on the UI
thread.  The Store itself keeps what concerns the whole of the data: opening and
closing it, transactions, and whole documents for export and import.

`Store.open` stores durably in a data directory; `Store.in_memory` keeps
everything in memory, for tests where durability is not the point.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import MemoryStorage, Storage

from coach.model import Commitment, Conversation, Fact, Person
from coach.storage import layout, unlocking
from coach.storage.durable import DurableStorage
from coach.store import placement, records
from coach.store.commitments import Commitments
from coach.store.conversations import Conversations
from coach.store.facts import Facts
from coach.store.people import People
from coach.store.shelf import Tables


class Store:
    """People, conversations, commitments and what was learned, over any TinyDB Storage."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._tables = Tables(storage)
        self.people = People(self._tables)
        self.conversations = Conversations(self._tables, self.people)
        self.commitments = Commitments(self._tables)
        self.facts = Facts(self._tables, self.people)

    @classmethod
    def open(cls, directory: Path, *, read_only: bool = False, back_up: bool = True) -> Store:
        """Open the data in `directory` (see DurableStorage.open for what can go wrong);
        without `back_up`, the backup due is left for `back_up()`."""
        storage = DurableStorage.open(
            directory, read_only=read_only, back_up=back_up, place=placement.place
        )
        return cls(storage)

    def back_up(self) -> None:
        """Take the backup that is due, if one is (a failure is added to the warnings)."""
        if isinstance(self._storage, DurableStorage) and not self._storage.read_only:
            with self._tables.lock:  # a backup reads every table: no change may run meanwhile
                self._storage.back_up_if_due()

    @classmethod
    def in_memory(cls) -> Store:
        """An empty store that keeps everything in memory (nothing reaches a disk)."""
        return cls(MemoryStorage())  # type: ignore[no-untyped-call]  # TinyDB is untyped

    def close(self) -> None:
        """Write everything out and release the data directory."""
        with self._tables.lock:
            self._storage.close()

    @property
    def read_only(self) -> bool:
        """Whether changes are refused (another coach is writing)."""
        return isinstance(self._storage, DurableStorage) and self._storage.read_only

    @property
    def encrypted(self) -> bool:
        """Whether the data is sealed with a passphrase's key (coach encrypt)."""
        return isinstance(self._storage, DurableStorage) and unlocking.is_encrypted(
            self._storage.directory
        )

    @property
    def warnings(self) -> list[str]:
        """Things the user should know about that did not stop the data opening."""
        if isinstance(self._storage, DurableStorage):
            return list(self._storage.warnings)
        return []

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make several changes durable together, or none of them."""
        with self._tables.transaction():
            yield

    # -- the whole of the data ------------------------------------------------------

    def read_everything(self, stop: Callable[[], bool] | None = None) -> None:
        """Read the settled history as well, if it is not in memory yet: for a screen about
        to need it, from a worker, so that the screen's own reading is instant.

        Raises CorruptDataError if a part of it is damaged, and Stopped once `stop` says
        to (its screen gone).
        """
        self._tables.everything(stop)

    @property
    def everything_read(self) -> bool:
        """Whether every record is in memory (see coach.store.placement)."""
        return self._tables.complete

    def documents(self, table: str) -> list[dict[str, Any]]:
        """Every stored document of one table, as plain dicts that are copies (for the
        export and import codecs; lists read views from the shelves instead)."""
        with self._tables.lock:
            self._tables.everything()
            return [dict(doc) for doc in self._tables.table(table).stored()]

    def tables(self) -> list[str]:
        """The names of every table holding documents, known ones first (for export)."""
        stored = self._tables.names()
        return [*layout.TABLES, *sorted(stored - set(layout.TABLES))]

    def put_documents(self, table: str, documents: Iterable[dict[str, Any]]) -> None:
        """Store whole documents as they are, each under its own "id" (imports).

        Unlike put_records this keeps fields the model does not know, so data from
        a newer coach with the same schema passes through unchanged.  Call it
        inside `transaction()` to make several tables durable together.
        """
        with self._tables.lock:
            self._tables.everything()  # one already settled is replaced in its part too
            self._tables.table(table).put_many(documents)

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
            self._tables.everything()  # one already settled is replaced in its part too
            self._tables.table(layout.FACTS).put_many(records.fact_to_record(f) for f in facts)
            self._tables.table(layout.PEOPLE).put_many(records.person_to_record(p) for p in people)
            self._tables.table(layout.CONVERSATIONS).put_many(
                records.conversation_to_record(c) for c in conversations
            )
            self._tables.table(layout.COMMITMENTS).put_many(
                records.commitment_to_record(c) for c in commitments
            )

    def is_empty(self) -> bool:
        """Whether there is nothing stored yet."""
        return not (len(self.people) or len(self.conversations))

    def counts(self) -> dict[str, int]:
        """How many people, conversations and commitments are stored."""
        return {
            layout.PEOPLE: len(self.people),
            layout.CONVERSATIONS: len(self.conversations),
            layout.COMMITMENTS: len(self.commitments),
        }
