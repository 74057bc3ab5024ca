"""The workflow of a proposal (mise en relation). Each step is atomic and leaves an event.

The employer's link is a signed token carrying only the proposal's id and a nonce; it stops
working once the employer has given a final answer, when the proposal is withdrawn, when
the person withdraws their consent, or when the offer is no longer published.
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

from tremplin.employers.actions import end_offer
from tremplin.employers.enums import OfferStatus
from tremplin.employers.models import JobOffer
from tremplin.matching.models import (
    TRANSITIONS,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    RefusalReason,
)
from tremplin.matching.sources import proposable_people
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent
from tremplin.projects.models import TargetJob

LINK_SALT = "tremplin.proposal-answer"


def _move(proposal: Proposal, status: str, *, by=None, by_label: str = "", note: str = ""):
    if status not in TRANSITIONS[ProposalStatus(proposal.status)]:
        raise ValidationError(
            f"Cette mise en relation en est à « {proposal.get_status_display()} » : "
            f"elle ne peut plus passer à « {ProposalStatus(status).label} »."
        )
    ProposalEvent.objects.create(
        proposal=proposal, status_to=status, by=by, by_label=by_label[:150], note=note
    )
    proposal.status = status
    proposal.version += 1


@transaction.atomic
def propose(*, offer, person, membership, message: str = "", recipient_email: str = "", score=None):
    """Propose `person` for `offer`: the person must have agreed to be proposed."""
    if offer.structure_id != membership.structure_id:
        raise ValidationError("Cette offre n'est pas celle de votre structure.")
    if offer.status != OfferStatus.PUBLISHED:
        raise ValidationError("Seule une offre publiée reçoit des candidatures.")
    if not proposable_people(membership.structure_id).filter(pk=person.pk).exists():
        raise ValidationError(
            "Cette personne n'a pas donné son accord pour être proposée à des employeurs "
            "(ou votre structure ne la suit plus) : recueillez d'abord son consentement."
        )
    if (
        Proposal.objects.filter(offer=offer, person=person)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .exists()
    ):
        raise ValidationError("Cette personne est déjà proposée pour cette offre.")
    consent = (
        Consent.objects.active()
        .filter(
            person=person,
            structure_id=membership.structure_id,
            purpose=ConsentPurpose.EMPLOYER_PROPOSAL,
        )
        .order_by("-given_at")
        .first()
    )
    proposal = Proposal.objects.create(
        structure_id=membership.structure_id,
        offer=offer,
        person=person,
        consent=consent,
        proposed_by=membership.user,
        message=message.strip(),
        recipient_email=recipient_email.strip(),
        score=score,
    )
    ProposalEvent.objects.create(
        proposal=proposal, status_to=ProposalStatus.PROPOSED, by=membership.user
    )
    if proposal.recipient_email:
        body = render_to_string(
            "matching/email/proposal.txt", {"proposal": proposal, "link": answer_url(proposal)}
        )
        subject = f"Une candidature pour votre offre « {offer.title} »"
        recipient = proposal.recipient_email
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        )
    return proposal


def answer_token(proposal: Proposal) -> str:
    return signing.dumps({"p": proposal.pk, "n": proposal.link_nonce}, salt=LINK_SALT)


def answer_url(proposal: Proposal) -> str:
    path = reverse("matching:proposal-answer", kwargs={"token": answer_token(proposal)})
    return settings.TREMPLIN_BASE_URL.rstrip("/") + path


def proposal_from_token(token: str) -> Proposal | None:
    """The proposal a link designates, while the employer may still answer (else None)."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    proposal = (
        Proposal.objects.select_related(
            "offer__company", "person__commune", "consent", "proposed_by"
        )
        .filter(pk=data.get("p"), link_nonce=data.get("n"))
        .first()
    )
    if proposal is None or not proposal.is_open:
        return None
    if not proposal.consent.is_active or proposal.offer.status != OfferStatus.PUBLISHED:
        return None
    return proposal


# An interview planned or moved is to come: compared to the minute, not to the day (this
# morning's interview is past tonight). The margin covers the time to fill in the form, the
# field having no seconds.
INTERVIEW_TIME_TOLERANCE = timedelta(minutes=5)


@transaction.atomic
def answer(
    *,
    proposal: Proposal,
    outcome: str,
    by=None,
    by_name: str = "",
    interview_at=None,
    starts_on=None,
    refusal_reason: str = "",
    comment: str = "",
    version: int | None = None,
) -> Proposal:
    """The employer's answer: through the link (`by_name`) or recorded by a counselor (`by`)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if version is not None and proposal.version != version:
        raise ValidationError(
            "Cette mise en relation vient d'être modifiée par quelqu'un d'autre : "
            "rechargez la page pour voir son état actuel."
        )
    errors = {}
    if by is None and not by_name.strip():
        errors["by_name"] = "Indiquez votre nom."
    if outcome == ProposalStatus.INTERVIEW and interview_at is None:
        errors["interview_at"] = "Indiquez la date de l'entretien."
    elif outcome == ProposalStatus.INTERVIEW and (
        interview_at < timezone.now() - INTERVIEW_TIME_TOLERANCE
    ):
        errors["interview_at"] = (
            "Cette date est passée : indiquez la date et l'heure de l'entretien à venir (un "
            "entretien déjà passé se note par sa suite : embauche ou non)."
        )
    planned = proposal.interview_at if proposal.status == ProposalStatus.INTERVIEW else None
    if outcome == ProposalStatus.HIRED and planned is not None:
        if planned > timezone.now():
            errors["outcome"] = (
                f"L'entretien est prévu {_interview_label(planned)} : notez l'embauche une "
                "fois l'entretien passé (ou notez d'abord la nouvelle date de l'entretien)."
            )
        elif starts_on is not None and starts_on < timezone.localtime(planned).date():
            errors["starts_on"] = (
                f"La prise de poste ne peut pas précéder l'entretien ({_interview_label(planned)})."
            )
    if outcome == ProposalStatus.REFUSED:
        if refusal_reason not in RefusalReason.values:
            errors["refusal_reason"] = "Choisissez le motif."
        elif refusal_reason == RefusalReason.OTHER and not comment.strip():
            errors["comment"] = "Précisez le motif."
    if outcome not in (ProposalStatus.INTERVIEW, ProposalStatus.HIRED, ProposalStatus.REFUSED):
        errors["outcome"] = "Choisissez la suite donnée."
    if errors:
        raise ValidationError(errors)
    note = comment.strip()
    said = ""
    if outcome == ProposalStatus.INTERVIEW:
        # The history keeps the interview's date, not only when it was entered.
        moved = proposal.status == ProposalStatus.INTERVIEW
        said = f"Entretien {'déplacé' if moved else 'prévu'} {_interview_label(interview_at)}"
    elif outcome == ProposalStatus.HIRED and starts_on is not None:
        said = f"Prise de poste le {starts_on:%d/%m/%Y}"
    if said:
        note = f"{said}. {note}" if note else said
    _move(proposal, outcome, by=by, by_label=by_name.strip(), note=note)
    # The interview planned stays known whatever follows it (a hire, a refusal).
    if outcome == ProposalStatus.INTERVIEW:
        proposal.interview_at = interview_at
    if outcome == ProposalStatus.HIRED:
        proposal.hire_starts_on = starts_on
    proposal.refusal_reason = refusal_reason if outcome == ProposalStatus.REFUSED else ""
    proposal.answer_comment = comment.strip()
    proposal.answered_at = timezone.now()
    proposal.save()
    # Set on the returned proposal: whether this hire filled the offer's last position.
    proposal.filled_offer = outcome == ProposalStatus.HIRED and fill_offer_when_complete(
        proposal.offer_id
    )
    if by is None and proposal.proposed_by.email:
        link = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
            "matching:proposal", kwargs={"proposal_id": proposal.pk}
        )
        subject = f"Réponse de l'employeur : « {proposal.offer.title} »"
        body = (
            f"Bonjour,\n\nL'employeur a répondu à votre mise en relation pour l'offre "
            f"« {proposal.offer.title} » : {proposal.get_status_display().lower()}.\n\n"
            f"Voir la réponse : {link}\n\n— Tremplin"
        )
        recipient = proposal.proposed_by.email
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        )
    return proposal


def _interview_label(moment) -> str:
    """« le 27/11/2026 à 10 h 00 », in local time."""
    local = timezone.localtime(moment)
    return f"le {local:%d/%m/%Y} à {local:%H} h {local:%M}"


def fill_offer_when_complete(offer_id) -> bool:
    """Mark a published offer « Pourvue » once the hires through its proposals reach its
    number of positions (it is then no longer suggested nor open to answers). True when done.
    An offer still short of hires stays published: the employer may hire someone else."""
    # The offer locked first: two hires recorded at once count each other.
    offer = JobOffer.objects.select_for_update().get(pk=offer_id)
    hires = Proposal.objects.filter(offer_id=offer_id, status=ProposalStatus.HIRED).count()
    if offer.status != OfferStatus.PUBLISHED or hires < offer.positions:
        return False
    end_offer(offer=offer, status=OfferStatus.FILLED, hired_count=hires)
    return True


@transaction.atomic
def withdraw(*, proposal: Proposal, by, reason: str) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez pourquoi la candidature est retirée."})
    _move(proposal, ProposalStatus.WITHDRAWN, by=by, note=reason.strip())
    proposal.save()
    return proposal


def shared_profile(person, offer) -> dict:
    """All the employer sees of the person: no birth date, address, contact, nor anything of
    the file beyond what this job needs. The employer reaches the person through the
    counselor."""
    targets = list(
        TargetJob.objects.for_matching().filter(person=person, structure_id=offer.structure_id)
    )
    aimed = next(
        (t for t in targets if t.appellation_id == offer.appellation_id),
        next((t for t in targets if t.appellation.fiche_id == offer.fiche_id), None),
    ) or (targets[0] if targets else None)
    required = set(offer.required_skills.values_list("pk", flat=True))
    held = {s.pk: s.label for t in targets for s in t.skills_held.all() if s.pk in required}
    return {
        "name": f"{person.first_name} {person.last_name[:1].upper()}.",
        "job": aimed.appellation.label if aimed else "",
        "skills": sorted(held.values()),
        "available_on": min((t.available_on for t in targets if t.available_on), default=None),
        "commune": person.commune.name if person.commune_id else "",
        "radius_km": person.mobility_radius_km,
        "licences": list(person.driving_licences or []),
    }
