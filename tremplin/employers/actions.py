"""Workflows of employer relations that write several rows or check the offer's wording."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.core.permissions import Perm, role_can
from tremplin.employers import enums
from tremplin.employers.models import (
    JobOffer,
    PublicationConfirmation,
    PublicationRequest,
    RecruitmentNeed,
)
from tremplin.referentials.models import RomeSkill


@dataclass
class FieldFindings:
    """What the checker found in one text of the offer, and the text cut around it."""

    field: str
    label: str
    text: str
    findings: list

    def segments(self) -> list[tuple[str, object]]:
        """[(text, finding or None)]: the text with each finding's words apart, to highlight."""
        parts: list[tuple[str, object]] = []
        position = 0
        for finding in sorted(self.findings, key=lambda f: (f.start, f.end)):
            if finding.start < position:
                continue  # overlapping findings: the first one is highlighted
            if finding.start > position:
                parts.append((self.text[position : finding.start], None))
            parts.append((self.text[finding.start : finding.end], finding))
            position = finding.end
        if position < len(self.text):
            parts.append((self.text[position:], None))
        return parts


# Between two texts of the offer: a blank line, so that no finding spans two fields.
SEPARATOR = "\n\n"


def offer_findings(offer: JobOffer) -> list[FieldFindings]:
    """Run the non-discrimination checker on the offer's title and every text field.

    The checker reads the offer as one text, title first (a job title in one gender is
    judged on the first line, « H/F » anywhere in the offer answers it); each finding is
    then given back to the field it is in, with offsets in that field's text."""
    from tremplin.employers.checker import check_text

    parts = []  # (name, label, text, start in the whole)
    whole = ""
    for name, label, text in offer.checked_texts():
        if whole:
            whole += SEPARATOR
        parts.append((name, label, text, len(whole)))
        whole += text
    by_field: dict[str, list] = {}
    for finding in check_text(whole):
        for name, _label, text, start in parts:
            if start <= finding.start < start + len(text):
                by_field.setdefault(name, []).append(
                    replace(
                        finding,
                        start=finding.start - start,
                        end=min(finding.end - start, len(text)),
                    )
                )
                break
    found = [
        FieldFindings(name, label, text, by_field[name])
        for name, label, text, _start in parts
        if name in by_field
    ]
    pay = pay_findings(offer)
    return [*found, pay] if pay else found


# Mayotte has its own SMIC, which the table of `data/smic.json` does not hold: its offers
# are not compared with the SMIC of the other departments.
_OWN_SMIC_DEPARTMENTS = ("976",)


def pay_findings(offer: JobOffer) -> FieldFindings | None:
    """The pay below the SMIC in force at the offer's start date (or today), and weekly
    hours above the legal maximum, as findings on a line « salary — hours » of the offer."""
    from tremplin.employers.checker import Finding
    from tremplin.employers.pay import check_pay

    on = offer.start_on or timezone.localdate()
    own_smic = (offer.commune_id or "").startswith(_OWN_SMIC_DEPARTMENTS)
    found = check_pay(
        pay_min=offer.pay_min,
        pay_max=offer.pay_max,
        period=offer.pay_period,
        weekly_hours=offer.weekly_hours,
        contract=offer.contract_type,
        on=on,
        rates=() if own_smic else None,
    )
    if not found:
        return None
    pay = offer.pay_label
    hours = f"{format(Decimal(str(offer.weekly_hours)).normalize(), 'f').replace('.', ',')}"
    hours += "\u00a0h par semaine"
    text = f"{pay} — {hours}" if pay else hours
    spans = {
        "smic": (0, len(pay)),
        "smic_table": (0, len(pay)),
        "weekly_hours": (len(text) - len(hours), len(text)),
    }
    findings = [
        Finding(
            start=spans[f.rule][0],
            end=spans[f.rule][1],
            words=f.figures,
            rule=f.rule,
            rule_label=f.rule_label,
            articles=f.articles,
            explanation=f.explanation,
            suggestion=f.suggestion,
            is_caution=f.is_caution,
            is_blocking=f.is_blocking,
        )
        for f in found
    ]
    return FieldFindings("pay", "salaire et durée du travail", text, findings)


def needs_confirmation(found: list[FieldFindings]) -> bool:
    """Whether publishing needs an explicit confirmation: a finding that is not a caution."""
    return any(not f.is_caution for ff in found for f in ff.findings)


def blocking_findings(found: list[FieldFindings]) -> list:
    """The findings plainly unlawful (checker.BLOCKING_RULES, pay.BLOCKING_PAY_RULES): only
    someone with the right to review offers may publish despite them."""
    return [f for ff in found for f in ff.findings if f.is_blocking]


def may_publish_despite_blocking(user) -> bool:
    """Whether the user decides on blocking findings: the right to review offers (manager)."""
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.can(Perm.OFFER_REVIEW)


BLOCKED_ERROR = (
    "Cette offre contient des points manifestement contraires à la loi : elle ne peut être "
    "publiée malgré eux que par le ou la responsable. Corrigez l'offre, ou soumettez-la au "
    "ou à la responsable en indiquant votre motif."
)


def findings_as_data(found: list[FieldFindings]) -> list[dict]:
    """The findings as stored with a confirmation (and given by the API)."""
    return [
        {
            "field": ff.field,
            "field_label": ff.label,
            "start": f.start,
            "end": f.end,
            "words": f.words,
            "rule": f.rule,
            "rule_label": f.rule_label,
            "articles": list(f.articles),
            "explanation": f.explanation,
            "suggestion": f.suggestion,
            "is_caution": f.is_caution,
            "is_blocking": f.is_blocking,
        }
        for ff in found
        for f in ff.findings
    ]


@transaction.atomic
def create_offer(*, offer: JobOffer, membership, need: RecruitmentNeed | None = None) -> JobOffer:
    """Save a new draft offer; its skills are the need's, else the core skills of its fiche."""
    offer.structure_id = membership.structure_id
    offer.created_by = membership.user
    offer.need = need
    offer.status = enums.OfferStatus.DRAFT
    offer.save()
    if need is not None and need.skills.exists():
        skills = list(need.skills.all())
    else:
        skills = list(
            RomeSkill.objects.filter(
                fiche_links__fiche_id=offer.fiche_id, fiche_links__is_core=True
            ).distinct()
        )
    offer.required_skills.set(skills)
    if need is not None and need.status != enums.NeedStatus.OFFER:
        need.status = enums.NeedStatus.OFFER
        need.version += 1
        need.save(update_fields=["status", "version", "updated_at"])
    return offer


SHORT_REASON_ERROR = (
    "Motif trop court : dites en une phrase pourquoi l'offre peut être publiée telle quelle "
    "(par exemple : exigence légale du poste, vérifiée avec l'employeur)."
)


def reason_is_too_short(reason: str) -> bool:
    """« ok », « urgent »: a publication despite the findings is answered for by a sentence."""
    words = [w for w in reason.split() if any(c.isalpha() for c in w)]
    return len(words) < 2 or len(reason.strip()) < 10


@transaction.atomic
def publish_offer(
    *, offer: JobOffer, by, confirm: bool = False, reason: str = ""
) -> PublicationConfirmation | None:
    """Publish a draft. The checker runs again here, on what is saved: with findings left,
    publishing needs an explicit confirmation and a reason, recorded with the findings."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != enums.OfferStatus.DRAFT:
        raise ValidationError("Seul un brouillon peut être publié.")
    found = offer_findings(offer)
    blocking = blocking_findings(found)
    if blocking and not may_publish_despite_blocking(by):
        raise ValidationError(BLOCKED_ERROR)
    confirmation = None
    if needs_confirmation(found):
        if not confirm or not reason.strip():
            raise ValidationError(
                "Des points restent signalés (formulations, salaire ou durée du travail) : "
                "corrigez l'offre, ou confirmez la publication en indiquant le motif."
            )
        if reason_is_too_short(reason):
            raise ValidationError(SHORT_REASON_ERROR)
        # An earlier confirmation still waiting for the manager covered wording since
        # changed: only the latest one is reviewed.
        PublicationConfirmation.objects.filter(offer=offer).awaiting_review().update(
            reviewed_at=timezone.now(), review=enums.PublicationReview.SUPERSEDED
        )
        confirmation = PublicationConfirmation.objects.create(
            offer=offer, confirmed_by=by, reason=reason.strip(), findings=findings_as_data(found)
        )
    offer.status = enums.OfferStatus.PUBLISHED
    offer.published_at = timezone.now()
    offer.version += 1
    offer.save()
    # A request to the manager is answered by the publication: by her decision, despite
    # the findings, or because the offer was corrected.
    answered = list(
        PublicationRequest.objects.filter(offer=offer).pending().select_related("requested_by")
    )
    PublicationRequest.objects.filter(pk__in=[r.pk for r in answered]).update(
        closed_at=timezone.now(),
        closed_by=by,
        outcome=enums.PublicationRequestOutcome.PUBLISHED
        if blocking
        else enums.PublicationRequestOutcome.CORRECTED,
    )
    if blocking:
        for answered_request in answered:
            _tell_requester(answered_request, by=by, what="offre publiée malgré les constats")
    return confirmation


@transaction.atomic
def request_publication(*, offer: JobOffer, by, reason: str) -> PublicationRequest:
    """The employer liaison asks the manager to decide on an offer held by blocking
    findings: recorded with her reason and the findings; the offer stays a draft."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != enums.OfferStatus.DRAFT:
        raise ValidationError("Seul un brouillon peut être soumis au ou à la responsable.")
    found = offer_findings(offer)
    if not blocking_findings(found):
        raise ValidationError(
            "Aucun point bloquant n'est relevé : vous pouvez publier l'offre vous-même."
        )
    if not reason.strip():
        raise ValidationError("Indiquez pourquoi vous soumettez l'offre malgré les constats.")
    if PublicationRequest.objects.filter(offer=offer).pending().exists():
        raise ValidationError("Cette offre attend déjà la décision du ou de la responsable.")
    request = PublicationRequest.objects.create(
        offer=offer,
        requested_by=by,
        reason=reason.strip(),
        findings=[f for f in findings_as_data(found) if f["is_blocking"]],
    )
    deciders = _deciders_emails(offer.structure_id, except_user_id=by.pk)
    if deciders:
        _mail_on_commit(
            deciders,
            "Tremplin : une offre attend votre décision",
            f"Bonjour,\n\n{by.full_name} vous soumet une offre d'emploi que le contrôle de "
            f"non-discrimination empêche de publier sans votre décision "
            f"({offer.structure.name}).\n\nLire l'offre, ses constats et le motif de la "
            f"demande, puis la publier ou la renvoyer pour correction : "
            f"{_publish_link(offer)}\n\n— Tremplin",
        )
    return request


def _deciders_emails(structure_id, *, except_user_id) -> list[str]:
    """The e-mails of the structure's active members who decide on blocked offers."""
    return [
        m.user.email
        for m in Membership.objects.active()
        .filter(structure_id=structure_id)
        .select_related("user")
        .order_by("pk")
        if role_can(m.role, Perm.OFFER_REVIEW) and m.user_id != except_user_id and m.user.email
    ]


def _publish_link(offer: JobOffer) -> str:
    return settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
        "employers:offer-publish", kwargs={"job_offer_id": offer.pk}
    )


def _mail_on_commit(recipients: list[str], subject: str, body: str) -> None:
    """Sent once the decision is saved; the mail holds a link, never the offer's text."""
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def _tell_requester(request: PublicationRequest, *, by, what: str) -> None:
    requester = request.requested_by
    if requester.pk == by.pk or not requester.email or not requester.is_active:
        return
    _mail_on_commit(
        [requester.email],
        f"Tremplin : votre demande de publication — {what}",
        f"Bonjour,\n\n{by.full_name} a répondu à l'offre que vous lui avez soumise le "
        f"{timezone.localtime(request.requested_at):%d/%m/%Y} : {what}.\n\n"
        f"Voir l'offre : {_publish_link(request.offer)}\n\n— Tremplin",
    )


@transaction.atomic
def return_request(*, offer: JobOffer, by, note: str) -> PublicationRequest:
    """The manager declines to publish an offer submitted to her: it stays a draft, to
    correct, with her note."""
    request = (
        PublicationRequest.objects.select_for_update()
        .filter(offer=offer)
        .pending()
        .order_by("-requested_at", "-pk")
        .first()
    )
    if request is None:
        raise ValidationError("Aucune demande de publication n'attend de décision.")
    if not note.strip():
        raise ValidationError("Dites ce qu'il faut corriger avant de renvoyer l'offre.")
    request.closed_at = timezone.now()
    request.closed_by = by
    request.outcome = enums.PublicationRequestOutcome.RETURNED
    request.note = note.strip()
    request.save(update_fields=["closed_at", "closed_by", "outcome", "note"])
    _tell_requester(request, by=by, what="offre renvoyée pour correction")
    return request


OWN_CONFIRMATION_ERROR = (
    "Vous avez confirmé cette publication : une autre personne que vous doit la relire."
)


@transaction.atomic
def review_publication(
    *, confirmation: PublicationConfirmation, by, decision: str, note: str = ""
) -> PublicationConfirmation:
    """The manager's reading of an offer published despite findings: keep it, or withdraw
    it (back to draft, to be corrected and checked again). Recorded once, never by who
    confirmed the publication."""
    confirmation = (
        PublicationConfirmation.objects.select_for_update()
        .select_related("offer")
        .get(pk=confirmation.pk)
    )
    if confirmation.reviewed_at is not None:
        raise ValidationError("Cette publication a déjà été relue.")
    if confirmation.confirmed_by_id == by.pk:
        # Four eyes: the review exists to have someone else read what the confirmer chose
        # to publish despite the findings (see PublicationConfirmation.other_reviewers).
        raise ValidationError(OWN_CONFIRMATION_ERROR)
    if decision not in (enums.PublicationReview.KEPT, enums.PublicationReview.WITHDRAWN):
        raise ValidationError("Choisissez de maintenir la publication ou de retirer l'offre.")
    if decision == enums.PublicationReview.WITHDRAWN and not note.strip():
        raise ValidationError("Dites ce qu'il faut corriger avant de retirer l'offre.")
    offer = JobOffer.objects.select_for_update().get(pk=confirmation.offer_id)
    if (
        decision == enums.PublicationReview.WITHDRAWN
        and offer.status == enums.OfferStatus.PUBLISHED
    ):
        offer.status = enums.OfferStatus.DRAFT
        offer.version += 1
        offer.save(update_fields=["status", "version"])
    confirmation.reviewed_at = timezone.now()
    confirmation.reviewed_by = by
    confirmation.review = decision
    confirmation.review_note = note.strip()
    confirmation.save(update_fields=["reviewed_at", "reviewed_by", "review", "review_note"])
    return confirmation


def recheck_published(*, offer: JobOffer) -> list[FieldFindings]:
    """After a published offer was edited: if its wording, pay or hours are flagged now, it
    goes back to draft, to be checked and published again (a confirmation covers only what
    it saw). Cautions alone do not send it back; what is returned is what holds it."""
    found = offer_findings(offer)
    if not needs_confirmation(found):
        return []
    if offer.status == enums.OfferStatus.PUBLISHED:
        JobOffer.objects.filter(pk=offer.pk).update(
            status=enums.OfferStatus.DRAFT, version=offer.version + 1
        )
        offer.status = enums.OfferStatus.DRAFT
        offer.version += 1
    return found


@transaction.atomic
def end_offer(*, offer: JobOffer, status: str, hired_count: int) -> JobOffer:
    """Mark a published offer filled (with the number hired) or closed without a hire."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status not in (enums.OfferStatus.PUBLISHED, enums.OfferStatus.DRAFT):
        raise ValidationError("Cette offre est déjà pourvue ou close.")
    if status == enums.OfferStatus.FILLED and hired_count < 1:
        raise ValidationError({"hired_count": "Une offre pourvue compte au moins un recrutement."})
    offer.status = status
    offer.hired_count = hired_count if status == enums.OfferStatus.FILLED else 0
    offer.ended_on = timezone.localdate()
    offer.version += 1
    offer.save()
    return offer
