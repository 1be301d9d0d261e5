"""Importing an export into the data: new records come in, nothing stored is overwritten.

Records are matched by id.  One already stored with the same content is left
alone, so importing the same file twice changes nothing.  One stored with other
content is a conflict: the stored version stays and the conflict is reported.
A person in the file with the name of a different stored person is a conflict
too (coach tells people apart by name); what was said with them is then left
out, and reported.  Everything is checked before anything is written, and the
whole import is one durable change: if it cannot be made, nothing is.

Like the export (coach.sharing.archive), this is a codec of the export file: it
compares and passes on whole documents, fields it does not know included, so it
reads documents rather than the store's views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.sharing.archive import Export, ImportRefused
from coach.storage.layout import COMMITMENTS, CONVERSATIONS, FACTS, PEOPLE
from coach.store.store import Store
from coach.user_text import collapse

Document = dict[str, Any]
SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class Conflict:
    """A record in the file that differs from the stored one with its id (or name)."""

    table: str
    id: str
    what: str  # the record in words: "conversation with Alex Kim on 2026-11-13"
    fields: tuple[str, ...]  # the fields that differ; empty for a clash of names


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    added: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # records of a person not imported

    @property
    def changed(self) -> bool:
        """Whether anything was added."""
        return any(self.added.values())


def import_export(store: Store, export: Export, *, dry_run: bool = False) -> ImportReport:
    """Merge `export` into `store` as one durable change (or only report, for a dry run)."""
    with store.transaction():
        report, new = _plan(store, export.tables)
        if not dry_run:
            for table, documents in new.items():
                if documents:
                    store.put_documents(table, documents)
    return report


def _plan(store: Store, tables: dict[str, list[Document]]) -> tuple[ImportReport, dict[str, Any]]:
    report = ImportReport()
    stored = {name: {str(d["id"]): d for d in store.documents(name)} for name in tables}
    for name in (PEOPLE, CONVERSATIONS, COMMITMENTS):
        stored.setdefault(name, {str(d["id"]): d for d in store.documents(name)})
    names = {_name_key(d): key for key, d in stored[PEOPLE].items()}
    people = {**stored[PEOPLE], **{str(d["id"]): d for d in tables.get(PEOPLE, [])}}
    refused_people: set[str] = set()
    new: dict[str, list[Document]] = {name: [] for name in tables}
    # People first, so that what was said with a person left out is left out too.
    for table in sorted(tables, key=lambda name: name != PEOPLE):
        for document in tables[table]:
            key = str(document["id"])
            if table == PEOPLE and key not in stored[PEOPLE]:
                holder = names.get(_name_key(document))
                if holder is not None:
                    refused_people.add(key)
                    report.conflicts.append(
                        Conflict(
                            table,
                            key,
                            f"{_describe(table, document, people)}: "
                            "someone else of that name is already stored",
                            (),
                        )
                    )
                    continue
            if table in (CONVERSATIONS, COMMITMENTS, FACTS) and document.get("person_id") in (
                refused_people
            ):
                report.left_out.append(_describe(table, document, people))
                continue
            if key not in stored.get(table, {}):
                new[table].append(document)
                if table == PEOPLE:
                    names[_name_key(document)] = key  # a second of this name is a conflict
            elif stored[table][key] == document:
                report.unchanged += 1
            else:
                differ = sorted(
                    f
                    for f in set(document) | set(stored[table][key])
                    if document.get(f) != stored[table][key].get(f)
                )
                what = _describe(table, stored[table][key], people)
                report.conflicts.append(Conflict(table, key, what, tuple(differ)))
    _check_references(new, stored)
    report.added = {table: len(documents) for table, documents in new.items()}
    return report, new


def _name_key(document: Document) -> str:
    return collapse(str(document.get("name", ""))).casefold()


def _check_references(new: dict[str, list[Document]], stored: dict[str, dict[str, Any]]) -> None:
    """Refuse records pointing at a person or conversation that would not exist."""
    people = set(stored[PEOPLE]) | {str(d["id"]) for d in new.get(PEOPLE, [])}
    conversations = set(stored[CONVERSATIONS]) | {str(d["id"]) for d in new.get(CONVERSATIONS, [])}
    found = []
    for table in (CONVERSATIONS, COMMITMENTS, FACTS):
        for document in new.get(table, []):
            if document.get("person_id") not in people:
                found.append(f"{table} {document['id']} names a person who is not there")
            conversation = document.get("conversation_id")
            if table != CONVERSATIONS and conversation and conversation not in conversations:
                found.append(f"{table} {document['id']} names a conversation that is not there")
    if found:
        shown = "; ".join(found[:SHOWN_PROBLEMS])
        more = f"; and {len(found) - SHOWN_PROBLEMS} more" if len(found) > SHOWN_PROBLEMS else ""
        raise ImportRefused(f"The file cannot be imported, nothing was changed: {shown}{more}.")


def _describe(table: str, document: Document, people: dict[str, Document]) -> str:
    """A record in words a person recognises."""
    person = people.get(str(document.get("person_id")), {})
    name = str(person.get("name", "someone"))
    if table == PEOPLE:
        return f"person {document.get('name', '')!r}"
    if table == CONVERSATIONS:
        when = document.get("date") or str(document.get("created", ""))[:10] or "no date"
        return f"conversation with {name} on {when}"
    if table == COMMITMENTS:
        return f"commitment {str(document.get('text', ''))!r} with {name}"
    if table == FACTS:
        return f"what was learned about {name}: {str(document.get('text', ''))!r}"
    return f"{table} record {document.get('id')}"
