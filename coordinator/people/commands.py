"""Commands on people: register one, and find one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from coordinator import validation
from coordinator.conference.commands import ConferenceCommands
from coordinator.core.commands import Outcome, command
from coordinator.errors import Forbidden
from coordinator.people.aggregate import Person

# Far more people than any conference has; a bound all the same.
KNOWN_PEOPLE_LIMIT = 200_000


class PeopleCommands(ConferenceCommands):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_people: set[UUID] = set()

    @command
    def register_person(self, name: str, email: str | None = None,
                        join_code: str | None = None, roles: list[str] | None = None,
                        check_join_code: bool = True) -> Outcome:
        name = validation.name(name)
        if email is not None:
            email = validation.text(email, "email", limit=254)
            if email is not None and "@" not in email:
                raise validation.InvalidInput("'email' does not look like an email address.")
        expected = self.conference().join_code
        if check_join_code and expected and join_code != expected:
            raise Forbidden("That join code is not right; ask the organizers for it.")
        person = Person(name=name, email=email or None, roles=list(roles or ["volunteer"]))
        return self.commit(person, id=person.id.hex, name=name)

    def person(self, person_id: UUID) -> Person:
        return self.load(person_id, Person, "person")

    def require_person(self, person_id: UUID) -> None:
        """Raise NotFound unless the person is registered here. People are never removed,
        so once found an id is remembered and costs no read again."""
        if person_id in self._known_people:
            return
        self.person(person_id)
        if len(self._known_people) < KNOWN_PEOPLE_LIMIT:
            self._known_people.add(person_id)
