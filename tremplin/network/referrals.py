"""Workflows of referrals (orientations). Each is atomic and leaves a dated event.

The answer link sent to a partner without an account is a signed token carrying only the
referral's id and a nonce; it stops working when the referral is answered and closed, when
it is cancelled, when the answer delay has passed, or when it is sent again.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tremplin.core.permissions import SHAREABLE_SECTIONS, Role, Section
from tremplin.core.text import quoted
from tremplin.network.models import (
    Referral,
    ReferralEvent,
    ReferralStatus,
    RefusalReason,
)
from tremplin.people import enums as people_enums
from tremplin.people.models import COMMON_GATED_SECTIONS, Consent, Follow

LINK_SALT = "tremplin.referral-answer"
# What the fiche de liaison carries to a partner reached by a link (a partner on Tremplin
# reads the shared sections of the file itself).
LINK_SECTIONS = (Section.IDENTITY, Section.SITUATION, Section.DIAGNOSIS)
# After acceptance, the partner may still record whether the person came, this long.
OUTCOME_WINDOW = timedelta(days=90)


class TransitionRefused(ValidationError):
    pass


def _move(referral: Referral, status: str, *, by=None, by_label="", note="", at=None) -> None:
    if not referral.can_become(status):
        raise TransitionRefused(
            f"Cette orientation est « {referral.get_status_display().lower()} » : "
            f"elle ne peut plus passer à « {ReferralStatus(status).label.lower()} »."
        )
    at = at or timezone.now()
    ReferralEvent.objects.create(
        referral=referral,
        at=at,
        status_from=referral.status,
        status_to=status,
        by=by,
        by_label=by_label,
        note=note,
    )
    referral.status = status
    referral.version += 1


def _check_party(referral: Referral, user, *, receiver_too: bool) -> None:
    """The acting user's structure sent the referral (or, if allowed, received it)."""
    structures = {referral.structure_id}
    if receiver_too and referral.partner.tremplin_structure_id:
        structures.add(referral.partner.tremplin_structure_id)
    membership = getattr(user, "active_membership", None)
    if membership is not None:
        if membership.structure_id in structures:
            return
    elif user.memberships.filter(structure_id__in=structures, is_active=True).exists():
        return
    raise TransitionRefused("Votre structure ne peut pas modifier cette orientation.")


def _locked(referral: Referral, version: int | None = None) -> Referral:
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    if version is not None and fresh.version != version:
        raise TransitionRefused(
            "Cette orientation vient d'être modifiée par quelqu'un d'autre : "
            "rechargez la page pour voir son état actuel."
        )
    return fresh


@transaction.atomic
def create_draft(
    *,
    person,
    membership,
    service,
    motive: str,
    thematique=None,
    diagnosis_version=None,
    recipient_email: str = "",
) -> Referral:
    referral = Referral(
        person=person,
        structure_id=membership.structure_id,
        created_by=membership.user,
        service=service,
        partner=service.structure,
        thematique=thematique,
        diagnosis_version=diagnosis_version,
        motive=motive.strip(),
        recipient_email=recipient_email or service.contact_email,
    )
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(
        referral=referral, status_to=ReferralStatus.DRAFT, by=membership.user
    )
    return referral


@transaction.atomic
def edit_draft(
    *, referral: Referral, by, motive: str, recipient_email=None, version: int | None = None
) -> Referral:
    """Correct a referral before it leaves: a draft, or an expired one about to be sent again."""
    referral = _locked(referral, version)
    _check_party(referral, by, receiver_too=False)
    if referral.status not in (ReferralStatus.DRAFT, ReferralStatus.EXPIRED):
        raise TransitionRefused("Une orientation envoyée ne se modifie plus.")
    referral.motive = motive.strip()
    if recipient_email is not None and not referral.partner_uses_tremplin:
        referral.recipient_email = recipient_email.strip()
    referral.version += 1  # a send prepared on the earlier wording is refused
    referral.full_clean()
    referral.save()
    return referral


def answer_token(referral: Referral) -> str:
    return signing.dumps({"r": referral.pk, "n": referral.link_nonce}, salt=LINK_SALT)


def answer_url(referral: Referral) -> str:
    path = reverse("referrals:answer", kwargs={"token": answer_token(referral)})
    return settings.TREMPLIN_BASE_URL.rstrip("/") + path


def referral_from_token(token: str) -> Referral | None:
    """The referral a link designates, if the link is still valid (else None)."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    referral = (
        Referral.objects.select_related("person", "service", "partner", "structure", "consent")
        .filter(pk=data.get("r"), link_nonce=data.get("n"))
        .first()
    )
    if referral is None or referral.partner_uses_tremplin:
        return None
    # The person withdrew the consent: nothing more leaves the structure.
    if referral.consent is None or not referral.consent.is_active:
        return None
    now = timezone.now()
    if referral.status == ReferralStatus.SENT and referral.expires_at > now:
        return referral
    if (
        referral.status == ReferralStatus.ACCEPTED
        and referral.answered_at
        and referral.answered_at + OUTCOME_WINDOW > now
    ):
        return referral
    return None


@transaction.atomic
def send(
    *,
    referral: Referral,
    membership,
    sections: list[str],
    consent_channel: str,
    version: int | None = None,
    note: str = "",
) -> Referral:
    """Record the person's consent to share `sections` with the partner, then send.

    `note` goes to the sending step of the history (e.g. sensitive details confirmed).

    A partner on Tremplin receives the referral in its own space (the consent then opens
    those sections of the file to it); any other partner gets an e-mail with a signed link.
    The e-mail names no one: the person's details are behind the link.
    """
    referral = _locked(referral, version)
    if referral.structure_id != membership.structure_id:
        raise TransitionRefused("Seule la structure qui oriente peut envoyer l'orientation.")
    if not sections:
        raise ValidationError(
            {"sections": "Choisissez au moins une partie du dossier à transmettre."}
        )
    allowed = SHAREABLE_SECTIONS if referral.partner_uses_tremplin else LINK_SECTIONS
    if not set(sections) <= {s.value for s in allowed}:
        raise ValidationError(
            {
                "sections": "Une de ces parties du dossier ne peut pas être transmise à ce partenaire."
            }
        )
    if not referral.partner_uses_tremplin and not referral.recipient_email:
        raise ValidationError(
            {"recipient_email": "Indiquez l'e-mail du partenaire qui recevra l'orientation."}
        )
    if not referral.service.is_active or not referral.partner.is_active:
        raise TransitionRefused("Ce service n'est plus actif dans l'annuaire.")
    consent = Consent(
        person=referral.person,
        purpose=people_enums.ConsentPurpose.SHARE_WITH_PARTNER,
        partner_id=referral.partner.tremplin_structure_id,
        partner_directory=referral.partner,
        sections=sorted(sections),
        channel=consent_channel,
    )
    # Imported here: people.actions is the one place a consent is recorded.
    from tremplin.people.actions import record_consent

    record_consent(consent=consent, membership=membership)
    now = timezone.now()
    if referral.status == ReferralStatus.EXPIRED:
        note = f"Relance après expiration. {note}" if note else "Relance après expiration"
    _move(referral, ReferralStatus.SENT, by=membership.user, note=note, at=now)
    referral.consent = consent
    referral.sent_at = now
    referral.expires_at = now + timedelta(days=membership.structure.referral_answer_days)
    referral.link_nonce = Referral._meta.get_field("link_nonce").default()
    referral.answered_at = None
    referral.save()
    _notify_partner(referral)
    return referral


def _notify_partner(referral: Referral) -> None:
    if referral.partner_uses_tremplin:
        recipient = referral.partner.tremplin_structure.email or referral.recipient_email
        link = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse("referrals:dashboard")
    else:
        recipient = referral.recipient_email
        link = answer_url(referral)
    if not recipient:
        return
    body = render_to_string(
        "network/referrals/email/referral_sent.txt", {"referral": referral, "link": link}
    )
    subject = f"Orientation vers votre service {quoted(referral.service.name)}"
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )


def _notify_sender(referral: Referral) -> None:
    recipient = referral.created_by.email
    body = render_to_string(
        "network/referrals/email/referral_answered.txt",
        {
            "referral": referral,
            "link": settings.TREMPLIN_BASE_URL.rstrip("/")
            + reverse("referrals:detail", kwargs={"referral_id": referral.pk}),
        },
    )
    subject = f"Réponse à votre orientation vers {quoted(referral.service.name)}"
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )


@transaction.atomic
def answer(
    *,
    referral: Referral,
    accepted: bool,
    by=None,
    by_name: str = "",
    refusal_reason: str = "",
    comment: str = "",
    appointment_at=None,
    version: int | None = None,
) -> Referral:
    """The partner's answer: in its space (`by`) or through the link (`by_name`)."""
    referral = _locked(referral, version)
    if by is not None and not (
        referral.partner.tremplin_structure_id
        and by.memberships.filter(
            structure_id=referral.partner.tremplin_structure_id, is_active=True
        ).exists()
    ):
        raise TransitionRefused("Seul le partenaire destinataire peut répondre.")
    if referral.status != ReferralStatus.SENT:
        raise TransitionRefused(
            "Cette orientation a déjà reçu une réponse ou n'est plus en attente."
        )
    if referral.expires_at <= timezone.now():
        raise TransitionRefused("Le délai de réponse à cette orientation est dépassé.")
    if not by and not by_name.strip():
        raise ValidationError({"by_name": "Indiquez votre nom."})
    if not accepted and refusal_reason not in RefusalReason.values:
        raise ValidationError({"refusal_reason": "Choisissez le motif du refus."})
    if not accepted and refusal_reason == RefusalReason.OTHER and not comment.strip():
        raise ValidationError({"comment": "Précisez la raison du refus."})
    status = ReferralStatus.ACCEPTED if accepted else ReferralStatus.REFUSED
    now = timezone.now()
    _move(referral, status, by=by, by_label=by_name.strip(), note=comment.strip(), at=now)
    referral.answered_at = now
    referral.answered_by = by
    referral.answered_by_name = by_name.strip()[:150]
    referral.refusal_reason = "" if accepted else refusal_reason
    referral.partner_comment = comment.strip()
    referral.appointment_at = appointment_at if accepted else None
    if not accepted:
        referral.closed_at = now
    referral.save()
    _notify_sender(referral)
    return referral


@transaction.atomic
def record_outcome(
    *,
    referral: Referral,
    came: bool,
    note: str = "",
    by=None,
    by_name: str = "",
    version: int | None = None,
) -> Referral:
    """After acceptance: the person was received (done) or did not come (no show)."""
    referral = _locked(referral, version)
    if by is not None:
        _check_party(referral, by, receiver_too=True)
    status = ReferralStatus.DONE if came else ReferralStatus.NO_SHOW
    now = timezone.now()
    _move(referral, status, by=by, by_label=by_name.strip(), note=note.strip(), at=now)
    referral.closed_at = now
    referral.outcome_note = note.strip()
    referral.save()
    return referral


WELCOME_STATUSES = (ReferralStatus.ACCEPTED, ReferralStatus.DONE)


@transaction.atomic
def welcome(
    *, referral: Referral, membership, accompaniment_channel: str = "", opened_sections=None
):
    """The receiving structure, on Tremplin, takes the person into its own follow-up.

    The person's consent to the referral came first, and must still be in force: once
    withdrawn or expired, nothing of the file opens any more. The structure then reads the
    identity, and of the other common parts (situation, health, justice) those the person
    opens to it: `opened_sections`, by default what she agreed to share for the referral.
    What the sending structure recorded itself (its diagnosis, documents, consents) reaches
    the receiving one only as far as the sharing consent goes. With `accompaniment_channel`,
    the person's agreement to be accompanied by the receiving structure is recorded too.
    """
    referral = _locked(referral)
    if referral.partner.tremplin_structure_id != membership.structure_id:
        raise TransitionRefused("Seul le partenaire destinataire peut accueillir la personne.")
    if referral.status not in WELCOME_STATUSES:
        raise TransitionRefused("La personne s'accueille une fois l'orientation acceptée.")
    if not referral.sharing_in_force:
        raise TransitionRefused(
            "La personne a retiré son accord au partage de ses informations avec votre "
            "structure (ou cet accord a expiré) : vous ne pouvez pas la suivre à partir de "
            "cette orientation. Si elle souhaite être accompagnée chez vous, voyez-le avec elle."
        )
    if Follow.objects.filter(
        person=referral.person, structure_id=membership.structure_id, ended_on__isnull=True
    ).exists():
        raise TransitionRefused("Votre structure suit déjà cette personne.")
    referent = membership.user if membership.role in (Role.COUNSELOR, Role.MANAGER) else None
    if opened_sections is None:
        opened_sections = referral.consent.sections
    gated = {s.value for s in COMMON_GATED_SECTIONS}
    follow = Follow.objects.create(
        person=referral.person,
        structure_id=membership.structure_id,
        referent=referent,
        opened_sections=sorted(gated & set(opened_sections)),
    )
    accompaniment = people_enums.ConsentPurpose.ACCOMPANIMENT
    if (
        accompaniment_channel
        and not Consent.objects.active()
        .filter(person=referral.person, structure_id=membership.structure_id, purpose=accompaniment)
        .exists()
    ):
        from tremplin.people.actions import record_consent

        record_consent(
            consent=Consent(
                person=referral.person, purpose=accompaniment, channel=accompaniment_channel
            ),
            membership=membership,
        )
    return follow


@transaction.atomic
def cancel(*, referral: Referral, by, reason: str, version: int | None = None) -> Referral:
    referral = _locked(referral, version)
    _check_party(referral, by, receiver_too=False)
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez pourquoi l'orientation est annulée."})
    _move(referral, ReferralStatus.CANCELLED, by=by, note=reason.strip())
    referral.closed_at = timezone.now()
    referral.save()
    return referral


def expire_overdue(now=None) -> int:
    """Mark « sans réponse » every sent referral past its delay. Returns how many."""
    now = now or timezone.now()
    count = 0
    for pk in Referral.objects.overdue(now).values_list("pk", flat=True):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            if referral.status != ReferralStatus.SENT or referral.expires_at > now:
                continue
            _move(referral, ReferralStatus.EXPIRED, by_label="Délai de réponse dépassé", at=now)
            referral.save()
            count += 1
    return count
