"""Reception and orders workflows. Each is atomic."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tremplin.people import actions as people_actions
from tremplin.people.enums import DocumentKind
from tremplin.reception.models import (
    Attendance,
    Contact,
    InfoSession,
    Order,
    OrderStatus,
    Registration,
)
from tremplin.reception.registrations import (
    ALREADY_REGISTERED,
    ALREADY_WAITING,
    identity,
    identity_of,
    merge_same_file,
)


class LooksAlreadyRegistered(ValidationError):
    """Someone with the same name and phone or e-mail is registered, without a file to tell
    them apart: reception confirms that this is another person, or stops."""

    def __init__(self, registration: Registration):
        self.registration = registration
        super().__init__(
            "Une personne du même nom, avec le même téléphone ou le même e-mail, est déjà "
            "inscrite à cette information collective."
        )


NO_PLACE_LEFT = (
    "Aucune place libre : les {capacity} places sont prises. La personne reste en liste d'attente."
)


class NoPlaceFree(ValidationError):
    """No place can be given: the session is full, or its free places go first to the people
    already on the waiting list. Reception may put the person on the waiting list instead
    (``register(waiting_list=True)``). When a place from the waiting list is confirmed
    (``promoting``) and none is left, the person stays on the list."""

    def __init__(self, session: InfoSession, taken: int, waiting: int, *, promoting=False):
        self.session = session
        if promoting:
            message = NO_PLACE_LEFT.format(capacity=session.capacity)
        elif taken >= session.capacity:
            message = f"Complet : les {session.capacity} places sont prises."
        else:
            free = session.capacity - taken
            places = "Une place est libre" if free == 1 else f"{free} places sont libres"
            people = "1 personne attend" if waiting == 1 else f"{waiting} personnes attendent"
            if free == 1 and waiting == 1:
                share = "la place lui revient d'abord."
            elif free == 1:
                share = "la place revient d'abord à la liste d'attente."
            else:
                share = "les places reviennent d'abord à la liste d'attente."
            message = f"{places}, mais {people} en liste d'attente : {share}"
        super().__init__(message)


@transaction.atomic
def link_contact(*, contact: Contact, person) -> None:
    """The contact's file now exists: every later view of the contact points to it.

    The contact's registrations now name the file too; when the file was also registered to
    the same session another way, the two registrations are merged into the earliest."""
    session_ids = contact.registrations.values_list("session_id", flat=True)
    locked = list(InfoSession.objects.select_for_update().filter(pk__in=session_ids).order_by("pk"))
    contact.person = person
    contact.save(update_fields=["person", "updated_at"])
    for session in locked:
        merge_same_file(_registrations_of(session))


ALREADY_LINKED_ELSEWHERE = (
    "Ce contact est déjà rattaché à un autre dossier. Ouvrez ce dossier depuis la fiche du "
    "contact ; s'il s'agit d'une erreur, signalez-la à votre responsable."
)


@transaction.atomic
def attach_contact(*, contact: Contact, person) -> bool:
    """Attach a contact noted at reception to a file that already exists.

    True when the contact was attached; False when it already was to this file (a second
    click, a second tab: nothing changes). A contact attached to another file is refused."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.person_id == person.pk:
        return False
    if contact.person_id is not None:
        raise ValidationError(ALREADY_LINKED_ELSEWHERE)
    contact._change_reason = "rattaché à un dossier existant"
    link_contact(contact=contact, person=person)
    return True


def _registrations_of(session: InfoSession) -> list[Registration]:
    return list(
        session.registrations.select_related("person", "contact__person").order_by(
            "registered_at", "pk"
        )
    )


@transaction.atomic
def register(
    *,
    session: InfoSession,
    by,
    person=None,
    contact: Contact | None = None,
    confirmed: bool = False,
    waiting_list: bool = False,
) -> Registration:
    """Register a person (file) or a contact (no file yet) to an information session.

    The same file is never registered twice. Someone who only looks registered already (same
    name and phone or e-mail, no file to tell them apart) raises ``LooksAlreadyRegistered``
    unless reception ``confirmed`` that this is another person.

    When no place can be given (the session is full, or every free place is due to someone
    already waiting), ``NoPlaceFree`` is raised, unless reception chose the ``waiting_list``: the
    person is then put at the end of the waiting list. With ``waiting_list``, the person
    always goes on the list: a place is given only by ``promote``, once they were reached."""
    session = InfoSession.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("Cette information collective est annulée.")
    if session.is_past:
        raise ValidationError("Cette information collective a déjà eu lieu.")
    if contact is not None and contact.person_id and person is None:
        person, contact = contact.person, None
    candidate = identity(person=person, contact=contact)
    registrations = _registrations_of(session)
    identities = [(registration, identity_of(registration)) for registration in registrations]
    same = next(
        (
            registration
            for registration, known in identities
            if known.same_file(candidate)
            or (contact is not None and registration.contact_id == contact.pk)
        ),
        None,
    )
    if same is not None:
        raise ValidationError(ALREADY_WAITING if same.on_waiting_list else ALREADY_REGISTERED)
    taken = sum(1 for registration in registrations if not registration.on_waiting_list)
    waiting = len(registrations) - taken
    # The places freed go first to the people already waiting: a newcomer takes a place
    # only when there are more free places than people on the waiting list.
    if not waiting_list and taken + waiting >= session.capacity:
        raise NoPlaceFree(session, taken, waiting)
    if not confirmed:
        for registration, known in identities:
            if known.looks_like(candidate):
                raise LooksAlreadyRegistered(registration)
    try:
        with transaction.atomic():
            return Registration.objects.create(
                session=session,
                person=person,
                contact=contact,
                registered_by=by,
                on_waiting_list=waiting_list,
            )
    except IntegrityError:
        raise ValidationError(ALREADY_REGISTERED) from None


@transaction.atomic
def promote(*, registration: Registration) -> Registration:
    """Give a free place to someone on the waiting list (the first, or anyone reception
    chooses), once they were reached. The session is locked, then the places taken counted
    again: two confirmations at once, or a place taken since the page was loaded, never
    overbook (``NoPlaceFree``)."""
    session = InfoSession.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.filter(pk=registration.pk).first()
    if registration is None:
        raise ValidationError("Cette personne n'est plus en liste d'attente.")
    if not registration.on_waiting_list:
        raise ValidationError("Cette personne a déjà une place à cette information collective.")
    if session.is_cancelled:
        raise ValidationError("Cette information collective est annulée.")
    if session.is_past:
        raise ValidationError("Cette information collective a déjà eu lieu.")
    taken = session.registrations.holding_a_place().count()
    if taken >= session.capacity:
        raise NoPlaceFree(session, taken, 0, promoting=True)
    registration.on_waiting_list = False
    registration._change_reason = "place confirmée depuis la liste d'attente"
    registration.save(update_fields=["on_waiting_list"])
    return registration


# Present or absent is known only once the session has begun; before, a person may only be
# registered or excused (they warned ahead).
AFTER_START_ONLY = frozenset({Attendance.PRESENT, Attendance.ABSENT})
NOT_STARTED = (
    "La séance n'a pas encore commencé : « présent·e » et « absent·e » se notent à partir "
    "du début de la séance. Avant, une personne peut seulement être inscrite ou excusée. "
    "Aucune présence n'a été modifiée."
)


WAITING_HAS_NO_ATTENDANCE = (
    "{} est en liste d'attente : sa présence ne peut pas être notée. Confirmez d'abord sa "
    "place. Aucune présence n'a été modifiée."
)


@transaction.atomic
def save_session(form) -> InfoSession:
    """Save a session's form. A change of capacity is checked again under the session's lock
    (as `register` and `promote` take it): a place confirmed by a colleague since the form
    was read must never leave more people than places."""
    session = form.instance
    if session.pk:
        InfoSession.objects.select_for_update().get(pk=session.pk)
        taken = session.registrations.holding_a_place().count()
        if form.cleaned_data["capacity"] < taken:
            raise ValidationError(
                {
                    "capacity": f"{taken} personnes sont déjà inscrites : gardez au moins "
                    f"{taken} places."
                }
            )
    return form.save()


@transaction.atomic
def record_attendance(*, session: InfoSession, attendance: dict[int, str]) -> int:
    """Record who came. Refused as a whole (nothing changes) when a person would be marked
    present or absent before the session has started."""
    session = InfoSession.objects.select_for_update().get(pk=session.pk)
    changes = []
    for registration in session.registrations.select_related("person", "contact"):
        value = attendance.get(registration.pk)
        if value in Attendance.values and value != registration.attendance:
            if registration.on_waiting_list:
                raise ValidationError(WAITING_HAS_NO_ATTENDANCE.format(registration.display_name))
            changes.append((registration, value))
    if session.starts_at > timezone.now() and any(
        value in AFTER_START_ONLY for _, value in changes
    ):
        raise ValidationError(NOT_STARTED)
    for registration, value in changes:
        registration.attendance = value
        registration.save(update_fields=["attendance"])
    return len(changes)


@transaction.atomic
def cancel_registration(*, registration: Registration) -> None:
    """Cancel a registration (the person withdrew, or was registered by mistake): the place is
    free again — for the waiting list first, which reception is shown (nobody is moved
    silently). A waiting-list entry is removed the same way. The registration's history
    keeps the trace. A person noted present keeps their registration: it is the record that
    they came."""
    InfoSession.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.filter(pk=registration.pk).first()
    if registration is None:
        raise ValidationError("Cette inscription est déjà annulée.")
    if registration.attendance == Attendance.PRESENT:
        raise ValidationError(
            "Cette personne est notée présente à la séance : son inscription est conservée."
        )
    registration._change_reason = (
        "retiré·e de la liste d'attente" if registration.on_waiting_list else "inscription annulée"
    )
    registration.delete()


def to_follow_up(session: InfoSession, structure_id) -> dict[str, list[Registration]]:
    """Who needs a next step after the session: present without a file followed here, and
    absent or excused people to contact again."""
    present, absent = [], []
    for registration in session.registrations.holding_a_place().select_related("person", "contact"):
        if registration.attendance == Attendance.PRESENT:
            person = registration.person
            if (
                person is None
                or not person.follows.filter(
                    structure_id=structure_id, ended_on__isnull=True
                ).exists()
            ):
                present.append(registration)
        elif registration.attendance in {Attendance.ABSENT, Attendance.EXCUSED}:
            absent.append(registration)
    return {"present_without_file": present, "absent": absent}


@transaction.atomic
def record_order(*, order: Order, membership, attachment=None) -> Order:
    order.structure_id = membership.structure_id
    order.recorded_by = membership.user
    order.full_clean()
    order.save()
    if attachment is not None:
        document = people_actions.add_document(
            person=order.person,
            membership=membership,
            uploaded=attachment,
            kind=DocumentKind.CONTRACT,
            title=f"Prescription {order.prescriber_name} du {order.received_on:%d/%m/%Y}",
        )
        order.documents.add(document)
    return order


@transaction.atomic
def decide_order(
    *,
    order: Order,
    by,
    decision: str,
    offer=None,
    conformity_note="",
    refusal_reason="",
    decision_note="",
) -> Order:
    """Accept or refuse the order and send the answer to the prescriber (when an e-mail is
    known). The e-mail names the person only by the prescriber's own reference."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.RECEIVED:
        raise ValidationError("Cette commande a déjà reçu une réponse.")
    order.status = decision
    order.offer = offer if decision == OrderStatus.ACCEPTED else None
    order.conformity_note = conformity_note
    order.refusal_reason = refusal_reason if decision == OrderStatus.REFUSED else ""
    order.decision_note = decision_note
    order.decided_at = timezone.now()
    order.decided_by = by
    order.full_clean()
    if order.prescriber_email:
        order.answer_sent_at = order.decided_at
        body = render_to_string(
            "reception/email/order_answer.txt", {"order": order, "structure": order.structure}
        )
        subject = f"Réponse à votre prescription du {order.received_on:%d/%m/%Y}"
        recipient = order.prescriber_email
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        )
    order.save()
    return order
