"""The store's machinery: the tables under one lock, with transactions, and one shelf per kind.

`Tables` wraps any TinyDB Storage: coach's DurableStorage, which makes a
transaction one durable change, or TinyDB's MemoryStorage for tests where
durability is not the point, for which a transaction that fails puts the tables
back as they were.  A `Shelf` holds one kind of record in its table; the shelves
in this package (people, conversations, commitments, facts) build on it, and
nothing outside the package uses it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, Generic

from tinydb.storages import Storage

from coach.errors import CorruptDataError, Stopped, StoreError
from coach.storage import collector, layout, parts
from coach.storage.durable import DurableStorage
from coach.storage.parts import PartRef
from coach.store.documents import CoachDB, CoachTable
from coach.store.records import Codec, Item, Record


class _Unset:
    """Marks an argument that was not given (None is a meaningful value)."""


UNSET: Any = _Unset()


class Tables:
    """coach's TinyDB tables over one storage, every read and write under one lock.

    The lock is re-entrant and thread-safe: the app writes from a background
    thread while it reads on the UI thread.
    """

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.lock = threading.RLock()
        self._db = CoachDB(storage=lambda: storage)
        self._depth = 0  # transactions open, for storages without their own

    def table(self, name: str) -> CoachTable:
        """One table (created empty when first written)."""
        table = self._db.table(name)
        assert isinstance(table, CoachTable)
        return table

    def names(self) -> set[str]:
        """Every table holding documents."""
        with self.lock:
            self.everything()
            return set(self._db.tables())

    @property
    def complete(self) -> bool:
        """Whether every record is in memory, the settled history too."""
        storage = self.storage
        return not isinstance(storage, DurableStorage) or storage.at_hand()

    def first_frame(self) -> contextlib.AbstractContextManager[None]:
        """Reading only what the first frame shows (see DurableStorage.first_frame)."""
        storage = self.storage
        if isinstance(storage, DurableStorage):
            return storage.first_frame()
        return contextlib.nullcontext()

    def changed_since_written(self, table: str) -> int:
        """How many records of `table` changed since the data file was written (0 when
        there is none)."""
        storage = self.storage
        return storage.changed_since_written(table) if isinstance(storage, DurableStorage) else 0

    def at_hand(self, table: str, day: date) -> bool:
        """Whether every record of `table` dated `day` or later is in memory
        (coach.store.placement)."""
        storage = self.storage
        return not isinstance(storage, DurableStorage) or storage.at_hand(table, day.isoformat())

    def everything(self, stop: Callable[[], bool] | None = None) -> None:
        """Read the settled history too, once (a screen or a command needs all of it).

        Raises CorruptDataError if a part of it is damaged, and Stopped (what was read
        kept) as soon as `stop` says so: a screen closed, or coach quitting, must not
        wait for years of history to be read.
        """
        storage = self.storage
        if not isinstance(storage, DurableStorage) or storage.at_hand():
            return
        self._read_the_rest(storage, stop)
        # Kept as long as the store: a full collection would walk all of it, on whichever
        # thread it fell (the UI's: half a second at 100,000).
        collector.keep_for_good()

    def _read_the_rest(self, storage: DurableStorage, stop: Callable[[], bool] | None) -> None:
        # The files are read and parsed without the lock, so that saving and the screens
        # go on meanwhile (seconds, with decades of history); only putting them in memory
        # takes it.  A fold may replace a part in between: that one is read again.
        for _ in range(3):
            with self.lock:
                wanted = storage.unread_parts()
            read: dict[str, tuple[PartRef, dict[str, dict[str, Any]]]] = {}
            try:
                with collector.paused():
                    for key, ref in wanted.items():
                        if stop is not None and stop():
                            with self.lock:
                                storage.take(read)
                            raise Stopped()
                        read[key] = (ref, parts.read(storage.directory, ref))
            except CorruptDataError:
                with self.lock:
                    if all(storage.unread_parts().get(k) == ref for k, ref in wanted.items()):
                        raise  # still the part the data file names: it is damaged
                continue
            with self.lock:
                if storage.take(read):
                    self._cleared()
                    return
        with self.lock:
            storage.read_everything()
            self._cleared()

    def _cleared(self) -> None:
        for name in self._db.tables():
            self.table(name).clear_cache()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Several changes made together, or none of them."""
        with self.lock:
            try:
                if isinstance(self.storage, DurableStorage):
                    # One durable change: one journal record, all or nothing on disk.
                    with self.storage.transaction():
                        yield
                else:
                    with self._kept_for_undo():
                        yield
            except BaseException:
                for name in layout.TABLES:
                    self.table(name).clear_cache()
                raise

    @contextlib.contextmanager
    def _kept_for_undo(self) -> Iterator[None]:
        """Put the tables back as they were if the outermost transaction fails."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        # Two levels are enough: TinyDB replaces a changed table, and coach's tables
        # replace a changed document, so nothing below is ever edited in place.
        before = {name: dict(table) for name, table in (self.storage.read() or {}).items()}
        self._depth = 1
        try:
            yield
        except BaseException:
            self.storage.write(before)
            raise
        finally:
            self._depth = 0


class Shelf(Generic[Item]):
    """One kind of record in its table: reading and changing it whole, under the lock.

    Reading every record reads the settled history too (coach.store.placement), once;
    a reading that needs only what is at hand says so (`at_hand=True`), and one
    record by id is looked for at hand first.
    """

    # People and what was learned are never settled: always at hand.
    always_at_hand = False

    def __init__(self, tables: Tables, codec: Codec[Item]) -> None:
        self._tables = tables
        self._codec = codec

    @property
    def _table(self) -> CoachTable:
        return self._tables.table(self._codec.table)

    def _documents(self, *, at_hand: bool = False, first: bool = False) -> Iterable[Record]:
        # The committed documents themselves, read-only (see coach.store.documents);
        # the caller holds the lock.  `first`: those of the dashboard's first frame are
        # all wanted (coach.store.placement), so the data file's later section can wait.
        if not (at_hand or first or self.always_at_hand):
            self._tables.everything()
        if not (first or self.always_at_hand):  # (a table never settled is never later)
            return self._table.stored()
        with self._tables.first_frame():
            return self._table.stored()

    def __len__(self) -> int:
        with self._tables.lock:
            if not self.always_at_hand:
                self._tables.everything()
            return len(self._table)

    def get(self, record_id: str) -> Item | None:
        """One record by id, or None."""
        document = self._fetch(record_id)
        return self._codec.read(document) if document else None

    def _fetch(self, record_id: str) -> Record | None:
        """The stored document with this id, at hand or in the settled history."""
        with self._tables.lock:
            document = self._table.fetch(record_id)
            if document is None and not self.always_at_hand and not self._tables.complete:
                self._tables.everything()
                document = self._table.fetch(record_id)
        return document

    def _find(
        self,
        where: Callable[[Record], bool] | None = None,
        *,
        at_hand: bool = False,
        first: bool = False,
    ) -> list[Item]:
        """Every record that passes `where` (all of them without it), in no order; only
        those at hand if `at_hand` (the caller knows those are all that can pass), or
        only those the first frame reads if `first` (likewise)."""
        with self._tables.lock:
            documents = self._documents(at_hand=at_hand, first=first)
            found = [doc for doc in documents if where is None or where(doc)]
        return [self._codec.read(doc) for doc in found]

    def _put(self, item: Item) -> Item:
        """Store a record whole, new or replacing the one with its id."""
        with self._tables.lock:
            self._table.put(item.id, self._codec.write(item))
        return item

    def _change(self, record_id: str, change: Callable[[Item], None]) -> Item:
        """Apply `change` to the latest stored record and store it, under one lock.

        `change` may raise (InvalidInput, say) to refuse: nothing is then stored.
        """
        with self._tables.lock:
            item = self.get(record_id)
            if item is None:
                raise StoreError(f"That {self._codec.noun} is no longer stored.")
            change(item)
            self._table.put(item.id, self._codec.write(item))
        return item

    def _delete(self, record_ids: Iterable[str]) -> None:
        """Remove records by id (missing ones are skipped)."""
        with self._tables.lock:
            if not self.always_at_hand:
                self._tables.everything()  # a settled one is removed from its part too
            self._table.delete(record_ids)
