"""Who a registration names, so that one person is registered at most once per session.

A registration names someone for certain through a file (its ``person``, or the file its
contact was later linked to). Before any file exists, reception only has what it noted: two
registrations with the same name (accents, case and punctuation ignored) and the same phone
number or e-mail *probably* name one person — or a father and his son on the family line.
The first case is refused; the second is a warning that reception may confirm.
"""

from dataclasses import dataclass

from tremplin.core.text import normalize
from tremplin.core.validators import clean_phone

ALREADY_REGISTERED = "Cette personne est déjà inscrite à cette information collective."
ALREADY_WAITING = "Cette personne est déjà en liste d'attente pour cette information collective."
REGISTERED = "registered"
# When two registrations of one file are merged, the attendance that says the most wins:
# a person marked present on either row was present.
ATTENDANCE_STRENGTH = {"present": 3, "excused": 2, "absent": 1, REGISTERED: 0}


def _phone_key(value: str) -> str:
    phone = clean_phone(value)
    if phone.startswith("+33") and len(phone) == 12:
        phone = "0" + phone[3:]
    return phone


@dataclass(frozen=True)
class Identity:
    person_id: int | None
    names: frozenset[str]
    phones: frozenset[str]
    emails: frozenset[str]

    def same_file(self, other: "Identity") -> bool:
        return bool(self.person_id) and self.person_id == other.person_id

    def looks_like(self, other: "Identity") -> bool:
        """Same name and same phone or e-mail, where at least one side has no file (two
        different files are two people, whatever reception typed)."""
        if self.person_id and other.person_id:
            return False
        if not self.names & other.names:
            return False
        return bool(self.phones & other.phones or self.emails & other.emails)


def identity(*, person=None, contact=None) -> Identity:
    """The identity named by a file and/or a reception contact (either may be None)."""
    person_id = person.pk if person is not None else None
    if person_id is None and contact is not None:
        person_id = contact.person_id
    names, phones, emails = set(), set(), set()
    for someone in (person, contact):
        if someone is None:
            continue
        names.add(normalize(f"{someone.last_name} {someone.first_name}"))
        phones.add(_phone_key(someone.phone))
        emails.add((someone.email or "").strip().lower())
    names.discard("")
    phones.discard("")
    emails.discard("")
    return Identity(person_id, frozenset(names), frozenset(phones), frozenset(emails))


def identity_of(registration) -> Identity:
    contact = registration.contact if registration.contact_id else None
    person = registration.person if registration.person_id else None
    if person is None and contact is not None and contact.person_id:
        person = contact.person
    return identity(person=person, contact=contact)


def merge_same_file(registrations) -> int:
    """Merge the registrations of one session that name the same file.

    ``registrations`` are those of one session, earliest first. The earliest is kept; it
    takes the strongest attendance of the duplicates (present, excused, absent), the place
    one of them held (a place is never lost to the waiting list), and names the file when it
    did not. Only the duplicate registration rows are deleted, so that the
    database constraint on (session, person) then guards the kept one. Registrations that
    merely look alike (same name and phone, no file) are left as they are: reception
    confirmed them. Returns the number of rows deleted.
    """
    kept: dict[int, object] = {}
    removed = 0
    for registration in registrations:
        person_id = registration.person_id or (
            registration.contact.person_id if registration.contact_id else None
        )
        if person_id is None:
            continue
        original = kept.setdefault(person_id, registration)
        if original is registration:
            continue
        if original.on_waiting_list and not registration.on_waiting_list:
            original.on_waiting_list = False
            original.save(update_fields=["on_waiting_list"])
        if ATTENDANCE_STRENGTH.get(registration.attendance, 0) > ATTENDANCE_STRENGTH.get(
            original.attendance, 0
        ):
            original.attendance = registration.attendance
            original.save(update_fields=["attendance"])
        registration.delete()
        removed += 1
    for person_id, original in kept.items():
        if original.person_id is None:
            original.person_id = person_id
            original.save(update_fields=["person"])
    return removed
