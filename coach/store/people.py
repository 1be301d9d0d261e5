"""The people the leader holds conversations with: every read and change of a person."""

from __future__ import annotations

from coach.errors import InvalidInput
from coach.model import Cadence, Person
from coach.store import records
from coach.store.shelf import Shelf, Tables
from coach.store.views import PersonView
from coach.user_text import collapse, trim

NAME_LIMIT = 200
# What a name may not hold, typed or imported: the line breaks collapse() makes spaces
# of when typed, and NUL.
NAME_BREAKS = "\x00\n\r\u2028\u2029"


class People(Shelf[Person]):
    """Everyone stored, by name; a name is given and belongs to one person only."""

    always_at_hand = True  # never settled (coach.store.placement)

    def __init__(self, tables: Tables) -> None:
        super().__init__(tables, records.PEOPLE)

    def all(self) -> list[Person]:
        """Everyone, by name."""
        return sorted(self._find(), key=lambda person: person.name.casefold())

    def views(self) -> list[PersonView]:
        """Everyone as read-only views, in no order (cheap: for lists and lookups)."""
        with self._tables.lock:
            return [PersonView.of(doc) for doc in self._documents()]

    def named(self, name: str) -> Person | None:
        """The person with this name, ignoring case and surrounding spaces."""
        wanted = trim(name).casefold()
        with self._tables.lock:
            for doc in self._documents():
                if trim(str(doc.get("name", ""))).casefold() == wanted:
                    return records.person_from_record(doc)
        return None

    def add(self, name: str, role: str = "", relationship: str = "") -> Person:
        """Store a new person; the name must be given and not taken."""
        person = Person(name=name, role=trim(role), relationship=trim(relationship))
        self.add_new(person)
        return person

    def add_new(self, person: Person) -> None:
        """Store `person`, new (its name checked and tidied; refused when taken)."""
        clean = check_name(person.name)
        with self._tables.lock:
            if self.named(clean):
                raise InvalidInput(f"There is already someone called {clean!r}.")
            person.name = clean
            self._put(person)

    def set_cadence(self, person_id: str, cadence: Cadence) -> Person:
        """Set the rhythm of conversations wanted with a person."""

        def change(person: Person) -> None:
            person.cadence = cadence

        return self._change(person_id, change)


def check_name(name: str) -> str:
    """A person's name on one line (raises InvalidInput when blank or too long)."""
    clean = collapse(name)
    if not clean:
        raise InvalidInput("Enter the person's name.")
    if len(clean) > NAME_LIMIT:
        raise InvalidInput(f"A name can be at most {NAME_LIMIT} characters.")
    if "\x00" in clean:
        raise InvalidInput("A name cannot hold a NUL character.")
    return clean
