"""Who a registration names, so that one person is registered at most once per session.

A registration names someone through a file (its ``person``, or the file its contact was
later linked to) or, before any file exists, through what reception noted: the same name
(accents, case and punctuation ignored) and the same phone number or the same e-mail.

These helpers read only plain fields, so that the data migration can use them as well.
"""

from dataclasses import dataclass

from tremplin.core.text import normalize
from tremplin.core.validators import clean_phone

ALREADY_REGISTERED = "Cette personne est déjà inscrite à cette information collective."
REGISTERED = "registered"
# When two registrations of one person are merged, the attendance that says the most wins:
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

    def same_as(self, other: "Identity") -> bool:
        if self.person_id and other.person_id:
            return self.person_id == other.person_id
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


def merge_duplicates(registrations) -> int:
    """Merge the registrations of one session that name the same person.

    ``registrations`` are those of one session, earliest first. The earliest is kept; it
    takes the strongest attendance of the duplicates (present, excused, absent), and
    the file of the person when it did not name it. Only the duplicate registration rows
    are deleted. Each kept registration of a contact linked to a file then names the file,
    so that the database constraint on (session, person) guards it. Returns the number of
    rows deleted.
    """
    kept: list[tuple[object, Identity]] = []
    removed = 0
    for registration in registrations:
        this = identity_of(registration)
        first = next((k for k in kept if k[1].same_as(this)), None)
        if first is None:
            kept.append((registration, this))
            continue
        original, known = first
        if ATTENDANCE_STRENGTH.get(registration.attendance, 0) > ATTENDANCE_STRENGTH.get(
            original.attendance, 0
        ):
            original.attendance = registration.attendance
        registration.delete()
        removed += 1
        kept[kept.index(first)] = (
            original,
            Identity(
                known.person_id or this.person_id,
                known.names | this.names,
                known.phones | this.phones,
                known.emails | this.emails,
            ),
        )
        original.save(update_fields=["attendance"])
    for original, known in kept:
        if original.person_id is None and known.person_id:
            original.person_id = known.person_id
            original.save(update_fields=["person"])
    return removed
