"""TinyDB tables keyed by coach's own ids, whose documents are replaced, never mutated.

Stock `Table.update` edits committed documents in place, which would let memory
run ahead of the disk if the write then failed; DurableStorage relies on every
change arriving as a new document object.  So this table offers `put` and
refuses the in-place operations.  Over DurableStorage, `put` and `delete` hand it
just the documents they change: TinyDB's own way rebuilds the whole table twice for
every change, which made one edit cost a thousand conversations' worth of time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from coach.storage.durable import DurableStorage


class CoachTable(Table):
    """A table whose document ids are coach's string ids."""

    document_id_class = str  # type: ignore[assignment]

    def put(self, doc_id: str, document: Mapping[str, Any]) -> None:
        """Insert or replace the document stored under `doc_id`."""
        self._replace({doc_id: dict(document)})

    def put_many(self, documents: Iterable[Mapping[str, Any]]) -> None:
        """Insert or replace many documents at once, each under its own "id"."""
        self._replace({document["id"]: dict(document) for document in documents})

    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove the documents stored under these ids (missing ones are skipped)."""
        stored = self._read_table()
        self._replace({doc_id: None for doc_id in doc_ids if doc_id in stored})

    def _replace(self, documents: dict[str, dict[str, Any] | None]) -> None:
        """Put each document under its id, or remove it for None, as one change."""
        if not documents:
            return
        if isinstance(self._storage, DurableStorage):
            self._storage.change(self.name, documents)
            self.clear_cache()
            return

        def updater(table: dict[Any, Mapping[str, Any]]) -> None:
            for doc_id, document in documents.items():
                if document is None:
                    table.pop(doc_id, None)
                else:
                    table[doc_id] = document

        # _update_table is TinyDB's one primitive for changing a table (insert,
        # update and remove all use it); calling it with a replacing updater is
        # the only way to change a document without mutating the committed one.
        self._update_table(updater)

    def stored(self) -> Iterable[dict[str, Any]]:
        """The committed documents themselves, for reading only.

        Iterating the table the TinyDB way copies every document into a new
        Document; the dashboard reads thousands per refresh, and since committed
        documents are never mutated (see above) handing them out read-only is safe.
        """
        return cast("dict[str, dict[str, Any]]", self._read_table()).values()

    def fetch(self, doc_id: str) -> Document | None:
        """The document stored under `doc_id`, or None."""
        found = self.get(doc_id=doc_id)  # type: ignore[call-overload]
        return found if isinstance(found, Document) else None

    def update(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: it mutates committed documents; use `put`."""
        raise NotImplementedError("CoachTable.update mutates in place; use put()")

    def update_multiple(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: it mutates committed documents; use `put`."""
        raise NotImplementedError("CoachTable.update_multiple mutates in place; use put()")

    def upsert(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refused: it mutates committed documents; use `put`."""
        raise NotImplementedError("CoachTable.upsert mutates in place; use put()")


class CoachDB(TinyDB):
    """TinyDB whose tables are CoachTables."""

    table_class = CoachTable
