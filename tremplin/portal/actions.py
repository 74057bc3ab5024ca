"""Workflows of the person's space: invite, open with a link, revoke, change a consent,
validate the synthesis of a diagnosis (or ask to talk it over).

Every one is atomic and leaves a SpaceEvent. Messages leave once the transaction commits.
A link carries only the access's id and its own nonce (a SpaceLink row), signed; it works
once, until it expires, and only while the access is open. A few links may be pending at
once, so that someone asking for links with the person's e-mail never cancels the one the
person just received; getting in, a new invitation, a revocation and a block delete them
all. Five wrong birth dates (on all the links together) block the access until a
counselor invites the person again (asking for a new link from the public page does
nothing then), so that guessing is never cheaper than five tries per invitation.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.agenda.notices import person_routes
from tremplin.agenda.sms import SmsError, get_sms_backend
from tremplin.diagnosis.models import Diagnosis, DiagnosisVersion, ValidationChannel
from tremplin.people import actions as people_actions
from tremplin.people.enums import ConsentChannel
from tremplin.people.models import Consent, Follow, Person
from tremplin.portal.enums import LinkKind, SendChannel, SpaceEventKind, SpaceStatus
from tremplin.portal.models import (
    MAX_ATTEMPTS,
    MAX_PENDING_LINKS,
    SpaceAccess,
    SpaceEvent,
    SpaceLink,
)

logger = logging.getLogger("tremplin.portal")

LINK_SALT = "tremplin.person-space-link"
# A person asking for links again and again gets one every few minutes at most.
RENEWAL_THROTTLE = timedelta(minutes=5)


# --- links -------------------------------------------------------------------------------------


def link_token(link: SpaceLink) -> str:
    return signing.dumps({"a": link.access_id, "n": link.nonce}, salt=LINK_SALT)


def link_url(link: SpaceLink) -> str:
    path = reverse("portal:link", kwargs={"token": link_token(link)})
    return settings.TREMPLIN_BASE_URL.rstrip("/") + path


def link_from_token(token) -> SpaceLink | None:
    """The pending link a token names, if it may still open its access (else None, whatever
    the reason: forged, used, replaced, expired, access closed, file merged)."""
    if not isinstance(token, str) or not token:
        return None
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("n"), str):
        return None
    link = (
        SpaceLink.objects.select_related("access__person", "access__structure")
        .filter(access_id=data.get("a"), nonce=data["n"], expires_at__gt=timezone.now())
        .first()
    )
    if link is None or not link.access.is_open or link.access.person.merged_into_id is not None:
        return None
    return link


def access_from_token(token) -> SpaceAccess | None:
    """The access a link opens, if the link is still valid (else None, whatever the reason)."""
    link = link_from_token(token)
    return link.access if link is not None else None


def _drop_links(access: SpaceAccess) -> None:
    """Every pending link of the access stops working."""
    SpaceLink.objects.filter(access=access).delete()


def _issue_link(access: SpaceAccess, *, kind: str, lifetime: timedelta, now) -> SpaceLink:
    """A new link, next to the ones still pending (the expired ones are deleted). The count
    of wrong birth dates is the access's: only a right answer or a counselor's new
    invitation resets it, so that asking for links never buys more tries."""
    SpaceLink.objects.filter(access=access, expires_at__lte=now).delete()
    access.last_link_sent_at = now
    return SpaceLink.objects.create(
        access=access, kind=kind, created_at=now, expires_at=now + lifetime
    )


def _send(link: SpaceLink, channel: str, address: str) -> None:
    """Send the link once the transaction commits. The message names no one."""
    access = link.access
    context = {
        "link": link_url(link),
        "structure": access.structure,
        "is_invitation": link.kind == LinkKind.INVITATION,
        "expires_at": link.expires_at,
    }
    access_id = access.pk

    def deliver():
        try:
            if channel == SendChannel.EMAIL:
                subject = f"Votre espace personnel — {access.structure.name}"
                body = render_to_string("portal/email/link.txt", context)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            else:
                text = render_to_string("portal/email/link_sms.txt", context).strip()
                get_sms_backend().send_sms(address, text)
        except (OSError, SmsError) as error:
            # The error's text may hold the address: only its type goes to the log.
            logger.warning("space link %s not delivered (%s)", access_id, type(error).__name__)

    transaction.on_commit(deliver)


def masked(address: str) -> str:
    """An address as the file's history shows it: enough to recognise, not to reuse."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}…@{domain}"
    return f"…{address[-2:]}"


def invitation_routes(person: Person, structure_id) -> tuple[dict[str, str], str]:
    """{channel: address} through which the structure may send the invitation, or why not.

    The same rules as the appointment notices: the file's e-mail; SMS only to a mobile and
    with the person's « Rappels et informations par SMS » consent."""
    routes, reason = person_routes(person, structure_id)
    return {route.channel: route.address for route in routes}, reason


# An invitation goes to the file's e-mail or mobile: changed a few days before, the address
# may not be the person's (a typo, or someone who wants into the space). The page says so
# before sending, and the référent is told when someone else sends it.
CONTACT_CHANGE_DAYS = 7
LOOKED_AT = 20  # versions of the file read, newest first
# field: (the label, the same after « de »)
CONTACT_FIELDS = {"email": ("l'e-mail", "de l'e-mail"), "phone": ("le téléphone", "du téléphone")}


@dataclass(frozen=True)
class ContactChange:
    at: object  # datetime
    by: object  # the user who changed it, None for an import or a command
    fields: tuple[str, ...]  # « email », « phone »

    @property
    def what(self) -> str:
        """« l'e-mail et le téléphone »."""
        return " et ".join(CONTACT_FIELDS[f][0] for f in self.fields)

    @property
    def of_what(self) -> str:
        """« de l'e-mail et du téléphone »."""
        return " et ".join(CONTACT_FIELDS[f][1] for f in self.fields)


def recent_contact_change(person: Person, *, now=None) -> ContactChange | None:
    """The latest change of the file's e-mail or phone in the last days, if any."""
    since = (now or timezone.now()) - timedelta(days=CONTACT_CHANGE_DAYS)
    newest_first = ("-history_date", "-history_id")
    chain = list(
        person.history.filter(history_date__gte=since)
        .select_related("history_user")
        .order_by(*newest_first)[: LOOKED_AT + 1]
    )
    if len(chain) <= LOOKED_AT:  # the whole window: add the version it started from
        chain += list(person.history.filter(history_date__lt=since).order_by(*newest_first)[:1])
    for record, previous in zip(chain, chain[1:], strict=False):
        if record.history_type != "~":
            continue
        changed = tuple(
            field
            for field in CONTACT_FIELDS
            if (getattr(record, field) or "") != (getattr(previous, field) or "")
        )
        if changed:
            return ContactChange(at=record.history_date, by=record.history_user, fields=changed)
    return None


def _tell_referent_of_invitation(person: Person, membership, change: ContactChange) -> None:
    follow = (
        Follow.objects.filter(
            person=person, structure_id=membership.structure_id, ended_on__isnull=True
        )
        .select_related("referent")
        .first()
    )
    referent = follow.referent if follow else None
    if referent is None or not referent.email or referent.pk == membership.user_id:
        return
    link = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
        "space:manage", kwargs={"person_id": person.pk}
    )
    changed_at = timezone.localtime(change.at)
    by = f" par {change.by.full_name}" if change.by else ""
    body = (
        f"Bonjour,\n\n{membership.user.full_name} a envoyé une invitation à l'espace personnel "
        f"du dossier n° {person.pk}, dont vous êtes le ou la référent·e, peu après une "
        f"modification {change.of_what} du dossier (le {changed_at:%d/%m/%Y à %H:%M}{by}).\n\n"
        "Si cette modification ne vient pas de la personne, vérifiez ses coordonnées avec "
        f"elle et retirez l'accès au besoin : {link}\n\n— Tremplin"
    )
    recipient = referent.email
    transaction.on_commit(
        lambda: send_mail(
            "Invitation à l'espace personnel après un changement de coordonnées",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient],
        )
    )


@transaction.atomic
def invite(*, person: Person, membership, channel: str) -> SpaceAccess:
    """« Inviter la personne dans son espace »: a new link, valid 48 hours, sent now."""
    routes, reason = invitation_routes(person, membership.structure_id)
    if channel not in routes:
        raise ValidationError(
            {"channel": reason or "Ce moyen d'envoi n'est pas possible pour cette personne."}
        )
    now = timezone.now()
    access = SpaceAccess.objects.select_for_update().filter(person=person).first()
    if access is None:
        access = SpaceAccess(person=person)
    access.structure_id = membership.structure_id
    access.status = SpaceStatus.ACTIVE if access.activated_at else SpaceStatus.INVITED
    access.invited_at = now
    access.invited_by = membership.user
    access.blocked_at = None
    access.revoked_at = None
    access.revoked_by = None
    access.failed_attempts = 0  # a counselor who invites again vouches for the address
    access.save()
    _drop_links(access)  # the invitation replaces every earlier link (an address may change)
    link = _issue_link(
        access,
        kind=LinkKind.INVITATION,
        lifetime=timedelta(hours=settings.PERSON_SPACE_INVITATION_HOURS),
        now=now,
    )
    access.save()
    change = recent_contact_change(person, now=now)
    note = f"envoyé à {masked(routes[channel])}"
    if change is not None:
        note += f" ; {change.what} modifié le {timezone.localtime(change.at):%d/%m/%Y}"
        _tell_referent_of_invitation(person, membership, change)
    SpaceEvent.objects.create(
        access=access,
        kind=SpaceEventKind.INVITED,
        at=now,
        by=membership.user,
        channel=channel,
        note=note,
    )
    _send(link, channel, routes[channel])
    return access


@transaction.atomic
def issue_console_link(*, access: SpaceAccess) -> str:
    """A fresh link for the demonstration (`tremplin space_link`), shown instead of sent."""
    access = SpaceAccess.objects.select_for_update().get(pk=access.pk)
    if not access.is_open:
        raise ValidationError("L'accès de cette personne à son espace est retiré ou bloqué.")
    now = timezone.now()
    link = _issue_link(
        access,
        kind=LinkKind.RENEWAL,
        lifetime=timedelta(minutes=settings.PERSON_SPACE_RENEWAL_MINUTES),
        now=now,
    )
    access.save()
    SpaceEvent.objects.create(
        access=access, kind=SpaceEventKind.LINK_SENT, at=now, channel=SendChannel.CONSOLE
    )
    return link_url(link)


@transaction.atomic
def request_link(*, email: str) -> int:
    """The public « recevoir un nouveau lien » form. Returns how many links left (for tests
    only: the page says the same thing whatever the answer)."""
    email = email.strip()
    if not email:
        return 0
    now = timezone.now()
    sent = 0
    accesses = (
        SpaceAccess.objects.select_for_update()
        .select_related("person", "structure")
        .filter(
            person__email__iexact=email,
            person__merged_into__isnull=True,
            status__in=[SpaceStatus.INVITED, SpaceStatus.ACTIVE],
        )
    )
    for access in accesses:
        if access.last_link_sent_at and access.last_link_sent_at > now - RENEWAL_THROTTLE:
            continue
        # A new link never cancels a pending one: whoever asks with the person's e-mail
        # cannot take away the link the person just received. With MAX_PENDING_LINKS
        # pending, all sent to the person, nothing more leaves until one expires or is used.
        if access.pending_links().count() >= MAX_PENDING_LINKS:
            continue
        link = _issue_link(
            access,
            kind=LinkKind.RENEWAL,
            lifetime=timedelta(minutes=settings.PERSON_SPACE_RENEWAL_MINUTES),
            now=now,
        )
        access.save()
        SpaceEvent.objects.create(
            access=access, kind=SpaceEventKind.LINK_SENT, at=now, channel=SendChannel.EMAIL
        )
        _send(link, SendChannel.EMAIL, access.person.email)
        sent += 1
    return sent


@dataclass(frozen=True)
class Check:
    ok: bool
    blocked: bool = False
    attempts_left: int = 0


@transaction.atomic
def check_birth_date(*, access: SpaceAccess, token: str, birth_date: date | None) -> Check:
    """The second factor: the person's birth date. Right: the links are used up (every
    pending one) and the person is in. Wrong five times: the links are burnt and the access
    blocked."""
    access = SpaceAccess.objects.select_for_update().select_related("person").get(pk=access.pk)
    current = link_from_token(token)
    if current is None or current.access_id != access.pk:
        return Check(ok=False, blocked=access.status == SpaceStatus.BLOCKED)
    now = timezone.now()
    if birth_date is not None and birth_date == access.person.birth_date:
        access.status = SpaceStatus.ACTIVE
        access.activated_at = access.activated_at or now
        access.last_seen_at = now
        access.failed_attempts = 0
        access.save()
        _drop_links(access)  # a link opens the door once, and the others are not needed
        SpaceEvent.objects.create(access=access, kind=SpaceEventKind.LOGIN, at=now)
        return Check(ok=True)
    access.failed_attempts += 1
    SpaceEvent.objects.create(access=access, kind=SpaceEventKind.WRONG_BIRTH_DATE, at=now)
    if access.failed_attempts >= MAX_ATTEMPTS:
        access.status = SpaceStatus.BLOCKED
        access.blocked_at = now
        _drop_links(access)
        access.session_epoch += 1  # a session opened before stops too
        SpaceEvent.objects.create(access=access, kind=SpaceEventKind.BLOCKED, at=now)
        access.save()
        return Check(ok=False, blocked=True)
    access.save()
    return Check(ok=False, attempts_left=access.attempts_left)


@transaction.atomic
def revoke(*, access: SpaceAccess, by) -> SpaceAccess:
    """The counselor withdraws the access: links and open sessions stop at once."""
    access = SpaceAccess.objects.select_for_update().get(pk=access.pk)
    if access.status == SpaceStatus.REVOKED:
        raise ValidationError("L'accès à l'espace est déjà retiré.")
    now = timezone.now()
    access.status = SpaceStatus.REVOKED
    access.revoked_at = now
    access.revoked_by = by
    _drop_links(access)
    access.session_epoch += 1
    access.save()
    SpaceEvent.objects.create(access=access, kind=SpaceEventKind.REVOKED, at=now, by=by)
    return access


def record_logout(*, access: SpaceAccess) -> None:
    SpaceEvent.objects.create(access=access, kind=SpaceEventKind.LOGOUT)


# --- consents from the space -------------------------------------------------------------------


@transaction.atomic
def withdraw_consent(*, access: SpaceAccess, consent: Consent) -> None:
    """The person withdraws a consent: effective at once, seen by the counselors."""
    if consent.person_id != access.person_id:
        raise ValidationError("Ce consentement n'est pas le vôtre.")
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if not consent.is_active:
        raise ValidationError("Cet accord est déjà retiré.")
    people_actions.withdraw_consent(consent=consent, by=None, channel=ConsentChannel.PERSON_SPACE)
    SpaceEvent.objects.create(
        access=access,
        kind=SpaceEventKind.CONSENT_WITHDRAWN,
        note=consent.get_purpose_display(),
        concerns_id=consent.structure_id,
    )


@transaction.atomic
def give_consent(
    *, access: SpaceAccess, structure_id: int, purpose: str, like: Consent | None = None
) -> Consent:
    """The person gives (or gives again) a consent. For a sharing with a partner, only again:
    the same partner and the same parts of the file as the consent `like`."""
    # One at a time per file: a double submit must not leave two consents in force.
    Person.objects.select_for_update().filter(pk=access.person_id).first()
    partner_id = like.partner_id if like else None
    directory_id = like.partner_directory_id if like else None
    if (
        Consent.objects.active()
        .filter(
            person_id=access.person_id,
            structure_id=structure_id,
            purpose=purpose,
            partner_id=partner_id,
            partner_directory_id=directory_id,
        )
        .exists()
    ):
        raise ValidationError("Votre accord est déjà donné.")
    if not Follow.objects.active().filter(person_id=access.person_id, structure_id=structure_id):
        raise ValidationError("Cette structure ne vous accompagne plus.")
    if like is not None and (
        (like.partner_id and not like.partner.is_active)
        or (like.partner_directory_id and not like.partner_directory.is_active)
    ):
        raise ValidationError(
            "Ce partenaire n'est plus actif : voyez-le avec votre conseiller·ère."
        )
    consent = Consent(
        person=access.person,
        structure_id=structure_id,
        purpose=purpose,
        partner_id=partner_id,
        partner_directory_id=directory_id,
        sections=list(like.sections) if like else [],
    )
    if like is not None and like.expires_at is not None:
        # Given again for as long as it was given the first time, never for ever.
        consent.expires_at = timezone.now() + (like.expires_at - like.given_at)
    consent = people_actions.record_own_consent(consent=consent)
    SpaceEvent.objects.create(
        access=access,
        kind=SpaceEventKind.CONSENT_GIVEN,
        note=consent.get_purpose_display(),
        concerns_id=structure_id,
    )
    return consent


@transaction.atomic
def change_opened_sections(*, access: SpaceAccess, follow: Follow, sections) -> Follow:
    """The person chooses which common parts of her file a structure that took her in from a
    referral reads: closing counts at once; opening is her agreement, given here."""
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if follow.person_id != access.person_id or follow.opened_sections is None:
        raise ValidationError("Ce suivi n'est pas le vôtre.")
    if follow.ended_on is not None:
        raise ValidationError("Cette structure ne vous accompagne plus.")
    before = set(follow.opened_sections)
    people_actions.change_opened_sections(
        follow=follow, sections=sections, by=None, channel=ConsentChannel.PERSON_SPACE
    )
    if set(follow.opened_sections) == before:
        raise ValidationError("Rien n'a changé : c'était déjà votre choix.")
    SpaceEvent.objects.create(
        access=access,
        kind=SpaceEventKind.SECTIONS_CHANGED,
        note=("ouvertes : " + ", ".join(follow.opened_labels).lower())
        if follow.opened_sections
        else "plus aucune partie ouverte",
        concerns_id=follow.structure_id,
    )
    return follow


# --- the synthesis of the diagnosis ------------------------------------------------------------

SUPERSEDED = (
    "Votre conseiller·ère a écrit une nouvelle version de cette synthèse entre-temps. "
    "Lisez-la ci-dessous avant de la valider."
)


def _latest_synthesis(access: SpaceAccess, version_id) -> tuple[DiagnosisVersion, Follow]:
    """The version, locked, if it is still the latest of the person's own diagnosis by a
    structure that follows them; else a ValidationError saying why, in the person's words.
    The diagnosis is locked first, as `diagnosis.actions.save_version` does: no new version
    slips in between the check and the write."""
    diagnosis_id = (
        DiagnosisVersion.objects.filter(pk=version_id, diagnosis__person_id=access.person_id)
        .values_list("diagnosis_id", flat=True)
        .first()
    )
    if diagnosis_id is None:
        raise ValidationError("Cette synthèse n'est pas la vôtre.")
    diagnosis = (
        Diagnosis.objects.select_for_update().select_related("structure").get(pk=diagnosis_id)
    )
    version = DiagnosisVersion.objects.select_for_update().get(pk=version_id)
    follow = (
        Follow.objects.active()
        .filter(person_id=access.person_id, structure_id=diagnosis.structure_id)
        .select_related("referent")
        .order_by("-started_on", "-pk")
        .first()
    )
    if follow is None:
        raise ValidationError("Cette structure ne vous accompagne plus.")
    newest = diagnosis.versions.order_by("-number").values_list("number", flat=True).first()
    if newest != version.number:
        raise ValidationError(SUPERSEDED)
    version.diagnosis = diagnosis
    return version, follow


def _synthesis_note(version: DiagnosisVersion) -> str:
    return f"Version {version.number} — {version.diagnosis.structure.name}"[:255]


def talk_asked_at(version: DiagnosisVersion):
    """When the person asked from their space to talk the version's synthesis over (None
    if they did not): shown to the counselors on the diagnosis."""
    return (
        SpaceEvent.objects.filter(
            access__person_id=version.diagnosis.person_id,
            kind=SpaceEventKind.SYNTHESIS_TALK,
            note=_synthesis_note(version),
        )
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )


@transaction.atomic
def validate_synthesis(*, access: SpaceAccess, version_id: int) -> DiagnosisVersion:
    """The person validates the synthesis of the latest version from their space: once,
    with no professional (`validation_recorded_by` stays empty)."""
    version, _follow = _latest_synthesis(access, version_id)
    if version.is_validated:
        raise ValidationError("Cette synthèse est déjà validée : rien n'a changé.")
    if not version.synthesis.strip():
        raise ValidationError("Cette synthèse n'est pas encore écrite.")
    version.record_validation(channel=ValidationChannel.PERSON_SPACE, by=None)
    SpaceEvent.objects.create(
        access=access,
        kind=SpaceEventKind.SYNTHESIS_VALIDATED,
        at=version.validated_at,
        note=_synthesis_note(version),
        concerns_id=version.diagnosis.structure_id,
    )
    return version


@transaction.atomic
def ask_to_talk(*, access: SpaceAccess, version_id: int) -> bool:
    """« Je voudrais en reparler »: nothing changes on the version; the référent (else the
    author of the version) gets an e-mail naming no one, with a link to the diagnosis.
    Asked once per version: False when it was already asked (no second e-mail)."""
    version, follow = _latest_synthesis(access, version_id)
    if version.is_validated:
        raise ValidationError(
            "Cette synthèse est déjà validée. Pour en reparler, voyez votre conseiller·ère."
        )
    note = _synthesis_note(version)
    if access.events.filter(kind=SpaceEventKind.SYNTHESIS_TALK, note=note).exists():
        return False
    SpaceEvent.objects.create(
        access=access,
        kind=SpaceEventKind.SYNTHESIS_TALK,
        note=note,
        concerns_id=version.diagnosis.structure_id,
    )
    # Someone still active in this structure: a counselor who left it is not told.
    structure_id = version.diagnosis.structure_id
    members = set(
        Membership.objects.filter(structure_id=structure_id, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    recipient = next(
        (
            user.email
            for user in (follow.referent, version.created_by)
            if user is not None and user.is_active and user.email and user.pk in members
        ),
        None,
    )
    if recipient:
        link = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
            "diagnosis:detail", kwargs={"person_id": access.person_id}
        )
        body = render_to_string(
            "portal/email/synthesis_talk.txt", {"link": link, "number": version.number}
        )
        subject = "Tremplin : une personne voudrait reparler de la synthèse de son diagnostic"
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        )
    return True
