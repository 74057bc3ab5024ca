"""Workshop workflows. Each is atomic; messages leave once the transaction is committed.

Capacity: every change of who holds a place locks the session's row first
(`select_for_update`), so two registrations (or two promotions from the waiting list) at the
same moment can never both take the last place. A full session offers the waiting list; a
freed place is offered to its first person, never given silently.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tremplin.agenda.enums import NoticeChannel, NoticeStatus
from tremplin.agenda.notices import REASON_FAILED, Route, person_routes
from tremplin.agenda.sms import SmsError, get_sms_backend
from tremplin.core.dates import long_date
from tremplin.documents.drawing import PNG_MAGIC
from tremplin.people.enums import Sex
from tremplin.workshops.documents import sheet_header
from tremplin.workshops.enums import (
    PresenceSource,
    Reached,
    RegistrationStatus,
    SignatureMethod,
)
from tremplin.workshops.models import (
    SIGN_IN_CLOSES_AFTER_END,
    SIGN_IN_OPENS_BEFORE_START,
    HalfDay,
    Invitation,
    Presence,
    Registration,
    Sequence,
    Signature,
    WorkshopDesign,
    WorkshopSession,
)

logger = logging.getLogger("tremplin.workshops")

# A drawn signature is a small PNG; anything bigger is not a signature.
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": PNG_MAGIC}


# --- design -------------------------------------------------------------------------------------


@transaction.atomic
def create_design(*, design: WorkshopDesign, membership, thematiques=()) -> WorkshopDesign:
    design.structure_id = membership.structure_id
    design.created_by = membership.user
    design.full_clean(exclude=["created_by", "structure"])
    design.save()
    design.thematiques.set(thematiques)
    return design


@transaction.atomic
def add_sequence(*, design: WorkshopDesign, sequence: Sequence) -> Sequence:
    design = WorkshopDesign.objects.select_for_update().get(pk=design.pk)
    last = design.sequences.order_by("-position").values_list("position", flat=True).first()
    sequence.design = design
    sequence.position = (last or 0) + 1
    sequence.full_clean()
    sequence.save()
    return sequence


# --- sessions -----------------------------------------------------------------------------------


@transaction.atomic
def create_session(
    *, session: WorkshopSession, half_days: list[HalfDay], facilitators, membership
) -> WorkshopSession:
    """Programme a session and its half-days. Nothing is saved unless everything is valid."""
    session.structure_id = membership.structure_id
    session.created_by = membership.user
    errors: dict[str, list] = {}
    try:
        session.full_clean(exclude=["created_by", "structure", "design"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if not half_days:
        errors.setdefault("half_days", []).append("Indiquez au moins une demi-journée.")
    seen = set()
    for half_day in half_days:
        key = (half_day.date, half_day.slot)
        if key in seen:
            errors.setdefault("half_days", []).append(
                f"La demi-journée du {half_day.date:%d/%m/%Y} ({half_day.get_slot_display().lower()}) "
                "est indiquée deux fois."
            )
        seen.add(key)
    _check_facilitators(facilitators, membership.structure_id, errors)
    if errors:
        raise ValidationError(errors)
    session.save()
    session.facilitators.set(facilitators)
    for half_day in half_days:
        half_day.session = session
        half_day.full_clean()
        half_day.save()
    return session


def _check_facilitators(facilitators, structure_id, errors: dict) -> None:
    if not facilitators:
        errors.setdefault("facilitators", []).append("Choisissez au moins un·e animateur·rice.")
    outsiders = [
        u
        for u in facilitators
        if not u.memberships.filter(structure_id=structure_id, is_active=True).exists()
    ]
    if outsiders:
        errors.setdefault("facilitators", []).append(
            "Les animateur·rices doivent être membres de la structure."
        )


def _lock(session: WorkshopSession) -> WorkshopSession:
    return WorkshopSession.objects.select_for_update().get(pk=session.pk)


CAPACITY_LOCKED = (
    "La séance a eu lieu : son nombre de places ne peut plus être modifié (les feuilles "
    "d'émargement et le bilan en dépendent)."
)
CHANGED_MEANWHILE = (
    "Quelqu'un d'autre a modifié cette séance pendant que vous la modifiiez : rien n'a été "
    "enregistré. Rechargez la page pour voir ses changements, puis refaites les vôtres."
)
EDITABLE_SESSION_FIELDS = ("place", "remote_link", "capacity", "funder_mention")


def below_registered_message(registered: int) -> str:
    if registered == 1:
        return (
            "1 personne est déjà inscrite à cette séance : prévoyez au moins 1 place, ou "
            "désinscrivez-la d'abord."
        )
    return (
        f"{registered} personnes sont déjà inscrites à cette séance : prévoyez au moins "
        f"{registered} places, ou désinscrivez d'abord des personnes."
    )


@dataclass
class SessionUpdate:
    """What changed for the waiting list: `freed` new places its people may be offered,
    `first` the first of the list (to be reached, then confirmed: never promoted here)."""

    session: WorkshopSession
    freed: int = 0
    first: Registration | None = None


@transaction.atomic
def update_session(
    *, session: WorkshopSession, changes: dict, facilitators, membership, loaded_at: str = ""
) -> SessionUpdate:
    """Change a programmed session's place, link, capacity, funder mention and
    facilitators. The session's row is locked, as for a registration: the capacity is
    compared with who holds a place now, and never goes below it. A session that took place
    keeps its capacity (nobody can be registered or promoted there any more). Raising the
    capacity promotes nobody: the first of the waiting list is returned, to be reached."""
    session = _lock(session)
    if loaded_at and loaded_at != session.updated_at.isoformat():
        raise ValidationError(CHANGED_MEANWHILE)
    old_capacity = session.capacity
    for name in EDITABLE_SESSION_FIELDS:
        if name in changes:
            setattr(session, name, changes[name])
    errors: dict[str, list] = {}
    try:
        session.full_clean(exclude=["created_by", "structure", "design"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if session.capacity != old_capacity and "capacity" not in errors:
        registered = session.registered().count()
        if capacity_locked(session):
            errors["capacity"] = [CAPACITY_LOCKED]
        elif session.capacity < registered:
            errors["capacity"] = [below_registered_message(registered)]
    _check_facilitators(facilitators, session.structure_id, errors)
    if errors:
        raise ValidationError(errors)
    reasons = []
    if session.capacity != old_capacity:
        reasons.append(f"nombre de places : {old_capacity} → {session.capacity}")
    # The facilitators are a many-to-many the history does not keep: the reason names them.
    if {u.pk for u in facilitators} != set(session.facilitators.values_list("pk", flat=True)):
        reasons.append("animé par " + ", ".join(u.full_name for u in facilitators))
    if reasons:
        session._change_reason = " ; ".join(reasons)[:100]
    session.save()
    session.facilitators.set(facilitators)
    result = SessionUpdate(session=session)
    if session.capacity > old_capacity and not session.is_past:
        waiting = session.registrations.waiting_in_order().select_related("person")
        result.freed = min(free_places(session), waiting.count())
        if result.freed:
            result.first = waiting.first()
    return result


def capacity_locked(session: WorkshopSession) -> bool:
    """A session that took place (its last day passed, or all its sheets closed) keeps
    its capacity: registrations and promotions are refused there too."""
    half_days = list(session.half_days.all())
    return session.is_past or bool(half_days) and all(h.is_closed for h in half_days)


class SessionFull(ValidationError):
    """No place for a newcomer: the caller offers the waiting list instead (explicitly).
    `rank` is where the person would be on the list."""

    def __init__(self, session: WorkshopSession, *, free: int, rank: int):
        self.session, self.rank = session, rank
        super().__init__(full_message(session.capacity, free=free))


def full_message(capacity: int, *, free: int) -> str:
    if free:
        return (
            "Plus de place pour une nouvelle inscription : "
            + ("la place libérée revient" if free == 1 else "les places libérées reviennent")
            + " d'abord aux personnes en liste d'attente."
        )
    if capacity == 1:
        return "La séance est complète : sa place est prise."
    return f"La séance est complète : les {capacity} places sont prises."


def free_places(session: WorkshopSession) -> int:
    """Places nobody holds (the session's row locked by the caller to rely on it)."""
    taken = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    return max(session.capacity - taken, 0)


@transaction.atomic
def register(*, session: WorkshopSession, person, by, waiting_list: bool = False) -> Registration:
    """Register `person` if a place is free for a newcomer, else, when `waiting_list` says the
    counselor chose it, at the end of the waiting list; else SessionFull.

    A place freed while people wait is theirs first (in order of arrival): a newcomer does
    not take it."""
    session = _lock(session)
    if session.is_past:
        raise ValidationError("Cette séance a déjà eu lieu.")
    if not person.follows.filter(structure_id=session.structure_id, ended_on__isnull=True).exists():
        raise ValidationError(
            "Seules les personnes suivies par la structure peuvent être inscrites."
        )
    existing = Registration.objects.filter(session=session, person=person).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        if existing.status == RegistrationStatus.WAITING:
            raise ValidationError("Cette personne est déjà en liste d'attente pour cette séance.")
        raise ValidationError("Cette personne est déjà inscrite à cette séance.")
    waiting = session.registrations.filter(status=RegistrationStatus.WAITING).count()
    free = free_places(session)
    if free > waiting:
        status = RegistrationStatus.REGISTERED
    elif waiting_list:
        status = RegistrationStatus.WAITING
    else:
        raise SessionFull(session, free=free, rank=waiting + 1)
    if existing is not None:
        # Back after a cancellation: at the end of the list, as any newcomer.
        existing.status = status
        existing.registered_at = timezone.now()
        existing.registered_by = by
        existing.cancelled_at = None
        existing.promoted_at = None
        existing.promoted_by = None
        existing.save()
        return existing
    try:
        with transaction.atomic():
            return Registration.objects.create(
                session=session, person=person, status=status, registered_by=by
            )
    except IntegrityError:
        raise ValidationError("Cette personne est déjà inscrite à cette séance.") from None


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration | None:
    """Cancel a registration, or take the person off the waiting list. A freed place goes
    to nobody silently: returns the first of the waiting list, to be reached and then
    confirmed (`promote`), if anyone waits."""
    session = _lock(registration.session)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError("Cette inscription est déjà annulée.")
    if registration.is_kept_as_evidence:
        raise ValidationError(
            "Cette personne a déjà émargé ou sa présence est notée : l'inscription est conservée."
        )
    held_place = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if held_place:
        return session.registrations.waiting_in_order().select_related("person").first()
    return None


@transaction.atomic
def promote(*, registration: Registration, by) -> Registration:
    """Give a free place to a person of the waiting list, once the counselor has reached
    her: the first, or anyone chosen on the list. The session's row is locked and the
    places counted again: a page shown before someone else took the place never overbooks."""
    session = _lock(registration.session)
    registration = (
        Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    )
    if registration.status != RegistrationStatus.WAITING:
        raise ValidationError("Cette personne n'est plus en liste d'attente.")
    if session.is_past:
        raise ValidationError("Cette séance a déjà eu lieu.")
    if free_places(session) < 1:
        raise ValidationError(
            "Aucune place n'est libre : la séance est complète. La personne reste en liste "
            "d'attente."
        )
    registration.status = RegistrationStatus.REGISTERED
    registration.promoted_at = timezone.now()
    registration.promoted_by = by
    registration.save(update_fields=["status", "promoted_at", "promoted_by"])
    return registration


# --- invitations --------------------------------------------------------------------------------


def _dates(session: WorkshopSession) -> list[str]:
    with translation.override("fr"):
        return [
            f"{long_date(h.date, weekday=True)}, de {h.starts_at:%H} h {h.starts_at:%M} "
            f"à {h.ends_at:%H} h {h.ends_at:%M}"
            for h in session.half_days.all()
        ]


def invitation_email(session: WorkshopSession) -> tuple[str, str]:
    structure = session.structure
    where = session.place or f"à distance : {session.remote_link}"
    lines = [
        "Bonjour,",
        "",
        f"{structure.name} vous invite à l'atelier « {session.design.title} » :",
        *[f"- {d}" for d in _dates(session)],
        f"Lieu : {where}",
        "",
        "Votre place est réservée. En cas d'empêchement, merci de nous prévenir"
        + (f" au {structure.phone}." if structure.phone else "."),
        "",
        structure.name,
    ]
    return f"Invitation à un atelier — {structure.name}", "\n".join(lines)


def invitation_sms(session: WorkshopSession) -> str:
    # No title in an SMS: it is read over shoulders (see agenda.notices).
    first = session.half_days.first()
    structure = session.structure
    where = session.place[:80] if session.place else session.remote_link
    phone = f" au {structure.phone}" if structure.phone else ""
    return (
        f"{structure.name[:60]} : atelier collectif le {first.date:%d/%m} à "
        f"{first.starts_at:%Hh%M}, {where}. Empêchement : prévenez-nous{phone}."
    )


def _deliver(invitation_id: int, route: Route, session: WorkshopSession) -> None:
    try:
        if route.channel == NoticeChannel.EMAIL:
            subject, body = invitation_email(session)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [route.address])
        else:
            get_sms_backend().send_sms(route.address, invitation_sms(session))
    except (OSError, SmsError) as error:
        logger.warning("invitation %s not delivered (%s)", invitation_id, type(error).__name__)
        Invitation.objects.filter(pk=invitation_id).update(
            status=NoticeStatus.FAILED, reason=REASON_FAILED
        )


def send_invitation(registration: Registration) -> list[Invitation]:
    """One invitation per channel the person can be reached by; none sent twice. A person
    without any channel gets a `skipped` row whose reason the counselor reads. Nobody on the
    waiting list is invited: « votre place est réservée » would be untrue."""
    if registration.status != RegistrationStatus.REGISTERED:
        return []
    session = registration.session
    routes, reason = person_routes(registration.person, session.structure_id)
    created = []
    with transaction.atomic():
        for route in routes or [None]:
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        registration=registration,
                        channel=route.channel if route else NoticeChannel.NONE,
                        status=NoticeStatus.SENT if route else NoticeStatus.SKIPPED,
                        reason="" if route else reason,
                    )
            except IntegrityError:
                continue
            created.append(invitation)
            if route is not None:
                transaction.on_commit(lambda i=invitation, r=route: _deliver(i.pk, r, session))
    return created


@dataclass
class InviteReport:
    """What `invite` did, person by person, for the counselor's summary: who was invited
    (at least one message left), who was registered without a message and why."""

    registrations: list[Registration] = field(default_factory=list)
    invited: list[Registration] = field(default_factory=list)
    # (registration, reason) for people no channel reaches.
    unreachable: list[tuple[Registration, str]] = field(default_factory=list)
    # Registered again after a cancellation: their invitation had already left.
    already_invited: list[Registration] = field(default_factory=list)
    waiting: list[Registration] = field(default_factory=list)
    # Registered (or on the waiting list) meanwhile, by someone else: left as they are.
    already_registered: list[Registration] = field(default_factory=list)


@transaction.atomic
def invite(*, session: WorkshopSession, people, by, waiting_list: bool = False) -> InviteReport:
    """Register each person chosen from the caseload and send them the invitation. When the
    places run out, those left go to the waiting list (in the order given, not invited) if
    `waiting_list` says the counselor chose it; else nobody is registered (SessionFull).
    Someone registered meanwhile (from the session's page) is left as they are and said."""
    if not people:
        raise ValidationError({"people": "Choisissez au moins une personne."})
    report = InviteReport()
    _lock(session)
    for person in people:
        existing = (
            Registration.objects.filter(session=session, person=person)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("person")
            .first()
        )
        if existing is not None:
            report.already_registered.append(existing)
            continue
        registration = register(session=session, person=person, by=by, waiting_list=waiting_list)
        report.registrations.append(registration)
        if registration.status == RegistrationStatus.WAITING:
            report.waiting.append(registration)
            continue
        created = send_invitation(registration)
        if not created:
            report.already_invited.append(registration)
        elif any(i.status == NoticeStatus.SENT for i in created):
            report.invited.append(registration)
        else:
            report.unreachable.append((registration, created[0].reason))
    return report


# --- sign-in ------------------------------------------------------------------------------------


def statement_for(half_day: HalfDay, registration: Registration) -> str:
    """What the participant signs, in the first person and agreed with their sex (worded
    without agreement when it is not given)."""
    person = registration.person
    session = half_day.session
    name = f"{person.first_name} {person.last_name.upper()}"
    attended = (
        f"l'atelier « {session.design.title} » organisé par {session.structure.name}, "
        f"le {half_day.label}."
    )
    if person.sex == Sex.FEMALE:
        return f"Je soussignée {name} atteste avoir été présente à {attended}"
    if person.sex == Sex.MALE:
        return f"Je soussigné {name} atteste avoir été présent à {attended}"
    return f"Je, {name}, atteste avoir assisté à {attended}"


def _minutes(delta) -> str:
    """« 30 minutes », « 1 heure », « 1 h 30 »: a margin as a counselor says it."""
    hours, minutes = divmod(int(delta.total_seconds()) // 60, 60)
    if not hours:
        return f"{minutes} minutes"
    if not minutes:
        return f"{hours} heure" + ("s" if hours > 1 else "")
    return f"{hours} h {minutes:02d}"


@transaction.atomic
def sign(
    *,
    half_day: HalfDay,
    registration: Registration,
    by,
    drawing: bytes | None = None,
    typed_name: str = "",
    now=None,
) -> Signature:
    """Record the participant's signature for the half-day, once.

    Open only from SIGN_IN_OPENS_BEFORE_START before the half-day starts until
    SIGN_IN_CLOSES_AFTER_END after it ends, and until it is closed. `drawing` is the PNG drawn on
    the screen; without it, the participant typed their name and ticked the attestation
    (the keyboard way, for those who cannot draw)."""
    half_day = HalfDay.objects.select_for_update().select_related("session").get(pk=half_day.pk)
    now = now or timezone.now()
    if half_day.is_closed:
        raise ValidationError("Cette demi-journée est close : l'émargement n'est plus possible.")
    if now < half_day.sign_in_opens_at:
        opens = timezone.localtime(half_day.sign_in_opens_at)
        raise ValidationError(
            "L'émargement sur l'écran n'est pas encore ouvert : il ouvre le "
            f"{opens:%d/%m/%Y} à {opens:%H:%M}, {_minutes(SIGN_IN_OPENS_BEFORE_START)} avant "
            "le début de la demi-journée."
        )
    if now > half_day.sign_in_closes_at:
        closes = timezone.localtime(half_day.sign_in_closes_at)
        raise ValidationError(
            f"L'émargement sur l'écran est fermé depuis le {closes:%d/%m/%Y} à {closes:%H:%M}, "
            f"{_minutes(SIGN_IN_CLOSES_AFTER_END)} après la fin de la demi-journée : aucune "
            "signature ne peut être ajoutée après coup."
        )
    if registration.session_id != half_day.session_id or (
        registration.status != RegistrationStatus.REGISTERED
    ):
        raise ValidationError("Cette personne n'est pas inscrite à la séance.")
    if Signature.objects.filter(half_day=half_day, registration=registration).exists():
        raise ValidationError("Cette personne a déjà signé pour cette demi-journée.")
    statement = statement_for(half_day, registration)
    signed_at = now.replace(microsecond=0)
    signature = Signature(
        half_day=half_day,
        registration=registration,
        signed_at=signed_at,
        statement=statement,
        recorded_by=by,
    )
    if drawing:
        signature.method = SignatureMethod.DRAWN
        signature.sha256 = Signature.digest(statement, signed_at, drawing)
        signature.image.save("signature.png", ContentFile(drawing), save=False)
    else:
        typed_name = " ".join(typed_name.split())[:200]
        if not typed_name:
            raise ValidationError({"typed_name": "Saisissez votre nom pour signer."})
        signature.method = SignatureMethod.TYPED
        signature.typed_name = typed_name
        signature.sha256 = Signature.digest(statement, signed_at, typed_name.encode())
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise ValidationError("Cette personne a déjà signé pour cette demi-journée.") from None
    return signature


@transaction.atomic
def close_half_day(*, half_day: HalfDay, by, paper_signed=()) -> list[Presence]:
    """Close the sheet: present whoever signed on the screen (or, ticked in `paper_signed`,
    on the printed sheet); every other registered participant is marked absent."""
    half_day = HalfDay.objects.select_for_update().get(pk=half_day.pk)
    if half_day.is_closed:
        raise ValidationError("Cette demi-journée est déjà close.")
    if not half_day.has_come:
        raise ValidationError(
            "Cette demi-journée n'a pas encore eu lieu : elle ne peut être close."
        )
    signed = set(half_day.signatures.values_list("registration_id", flat=True))
    paper = {int(pk) for pk in paper_signed}
    presences = []
    for registration in half_day.session.registered():
        if registration.pk in signed:
            present, source = True, PresenceSource.TABLET
        elif registration.pk in paper:
            present, source = True, PresenceSource.PAPER
        else:
            present, source = False, PresenceSource.NONE
        presence = Presence(
            half_day=half_day, registration=registration, is_present=present, source=source
        )
        presence.save()
        presences.append(presence)
    half_day.closed_at = timezone.now()
    half_day.closed_by = by
    half_day.sheet_header = sheet_header(half_day.session)
    half_day.save(update_fields=["closed_at", "closed_by", "sheet_header"])
    return presences


@transaction.atomic
def attach_scan(*, half_day: HalfDay, uploaded, by) -> HalfDay:
    """Attach the scanned paper sheet, once (the sheet is evidence, never replaced)."""
    half_day = HalfDay.objects.select_for_update().get(pk=half_day.pk)
    if half_day.scan:
        raise ValidationError(
            {"scan": "Une feuille scannée est déjà jointe : elle ne peut pas être remplacée."}
        )
    content = uploaded.read()
    kind = next((t for t, magic in SCAN_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise ValidationError({"scan": "Joignez un PDF, un JPEG ou un PNG."})
    if len(content) > MAX_SCAN_BYTES:
        raise ValidationError({"scan": "Le fichier dépasse 10 Mo."})
    half_day.scan.save("scan", ContentFile(content), save=False)
    half_day.scan_sha256 = hashlib.sha256(content).hexdigest()
    half_day.scan_content_type = kind
    half_day.scan_attached_at = timezone.now()
    half_day.scan_attached_by = by
    half_day.save(
        update_fields=[
            "scan",
            "scan_sha256",
            "scan_content_type",
            "scan_attached_at",
            "scan_attached_by",
        ]
    )
    return half_day


# --- evaluation ---------------------------------------------------------------------------------

NOT_ATTENDED = (
    "Cette personne n'a assisté à aucune demi-journée de la séance : elle ne peut pas être évaluée."
)


NOT_ENDED = (
    "La séance n'est pas terminée : l'évaluation se remplit avec la personne à la fin de la "
    "dernière demi-journée, une fois son heure de fin passée ou sa feuille d'émargement close."
)


@transaction.atomic
def evaluate(*, registration: Registration, objectives: dict, answers: dict, comment: str, by):
    from tremplin.workshops.models import Evaluation

    design = registration.session.design
    if not registration.session.has_ended():
        raise ValidationError(NOT_ENDED)
    if not registration.attended:
        raise ValidationError(NOT_ATTENDED)
    missing = [o for o in design.objectives if objectives.get(o) not in Reached.values]
    if missing:
        raise ValidationError({"objectives": "Indiquez pour chaque objectif s'il est atteint."})
    evaluation, _created = Evaluation.objects.update_or_create(
        registration=registration,
        defaults={
            "objectives": {o: objectives[o] for o in design.objectives},
            "answers": {
                q: int(answers[q]) for q in design.satisfaction_questions if answers.get(q)
            },
            "comment": comment,
            "evaluated_by": by,
        },
    )
    return evaluation
