"""Workflows of the immersion convention. Each is atomic and leaves a dated event.

The signature links sent to the person and to the tutor are signed tokens carrying only the
convention's id, the party, the content revision and a nonce. A link stops working once its
party signed, when the convention's content changes (a new revision needs new signatures),
when the convention leaves « en signature » (cancelled, refused…), when it is sent again, or
after its expiry.
"""

import hashlib
from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tremplin.immersions import enums
from tremplin.immersions.documents import convention_hash, signed_hashes
from tremplin.immersions.enums import ImmersionStatus, Party, SignatureChannel
from tremplin.immersions.limits import Period, check_limits
from tremplin.immersions.models import (
    Immersion,
    ImmersionEvent,
    ImmersionReview,
    ImmersionSignature,
    new_nonce,
)
from tremplin.pathways.actions import signer_name_error
from tremplin.people import actions as people_actions
from tremplin.people.enums import DocumentKind

LINK_SALT = "tremplin.immersion-signature"
# How long a signature link stays valid after it is sent.
LINK_DAYS = 15


class TransitionRefused(ValidationError):
    pass


def _move(immersion: Immersion, status: str, *, by=None, by_label="", note="", at=None) -> None:
    if not immersion.can_become(status):
        raise TransitionRefused(
            f"Cette convention est « {immersion.get_status_display().lower()} » : elle ne peut "
            f"pas passer à « {ImmersionStatus(status).label.lower()} »."
        )
    ImmersionEvent.objects.create(
        immersion=immersion,
        at=at or timezone.now(),
        status_from=immersion.status,
        status_to=status,
        by=by,
        by_label=by_label,
        note=note,
    )
    immersion.status = status
    immersion.version += 1


def _locked(immersion: Immersion, version: int | None = None) -> Immersion:
    fresh = Immersion.objects.select_for_update().get(pk=immersion.pk)
    if version is not None and fresh.version != version:
        raise TransitionRefused(
            "Cette convention vient d'être modifiée par quelqu'un d'autre : rechargez la page "
            "pour voir son état actuel."
        )
    return fresh


def _check_structure(immersion: Immersion, membership) -> None:
    if membership is None or membership.structure_id != immersion.structure_id:
        raise TransitionRefused("Seule la structure prescriptrice peut modifier cette convention.")


def other_periods(immersion: Immersion) -> list[Period]:
    """The person's other immersions that hold days (any structure: the person is in one
    company at a time)."""
    others = Immersion.objects.active().filter(person_id=immersion.person_id)
    if immersion.pk:
        others = others.exclude(pk=immersion.pk)
    return [Period(o.starts_on, o.ends_on) for o in others]


def limit_errors(immersion: Immersion, *, today=None) -> dict[str, list[str]]:
    renews = None
    if immersion.renews_id:
        previous = immersion.renews
        renews = Period(
            previous.starts_on,
            previous.ends_on,
            objective=previous.objective,
            is_renewal=previous.renews_id is not None,
            is_renewed=previous.renewals.exclude(pk=immersion.pk)
            .exclude(status__in=(ImmersionStatus.CANCELLED, ImmersionStatus.REFUSED))
            .exists(),
        )
    birth = immersion.person.birth_date
    start = immersion.starts_on
    is_minor = bool(
        birth
        and start
        and (start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))) < 18
    )
    return check_limits(
        is_minor=is_minor,
        starts_on=immersion.starts_on,
        ends_on=immersion.ends_on,
        daily_hours=immersion.daily_hours,
        objective=immersion.objective,
        collective_weekly_hours=immersion.company_weekly_hours,
        renews=renews,
        others=other_periods(immersion),
        today=today,
    )


@transaction.atomic
def create_draft(*, immersion: Immersion, membership) -> Immersion:
    """Save a new convention as a draft (the limits are checked already)."""
    immersion.structure_id = membership.structure_id
    immersion.created_by = membership.user
    if immersion.referent_id is None:
        immersion.referent = membership.user
    immersion.status = ImmersionStatus.DRAFT
    immersion.fill_postal_code()
    immersion.full_clean()
    errors = limit_errors(immersion)
    if errors:
        raise ValidationError(errors)
    immersion.save()
    ImmersionEvent.objects.create(
        immersion=immersion,
        at=timezone.now(),
        status_to=ImmersionStatus.DRAFT,
        by=membership.user,
        note="Renouvellement" if immersion.renews_id else "",
    )
    return immersion


@transaction.atomic
def content_changed(*, immersion: Immersion, by) -> Immersion:
    """After an edit of the content: a new revision; signatures already given no longer
    count and links already sent stop working. A convention in signature returns to draft."""
    immersion = _locked(immersion)
    had_signatures = bool(immersion.current_signatures())
    immersion.revision += 1
    immersion.link_nonce = new_nonce()
    if immersion.status == ImmersionStatus.TO_SIGN:
        _move(
            immersion,
            ImmersionStatus.DRAFT,
            by=by,
            note="Convention modifiée : les signatures sont à recueillir de nouveau."
            if had_signatures
            else "Convention modifiée pendant la signature.",
        )
    immersion.save()
    return immersion


def sign_token(immersion: Immersion, party: str) -> str:
    return signing.dumps(
        {"i": immersion.pk, "p": party, "r": immersion.revision, "n": immersion.link_nonce},
        salt=LINK_SALT,
    )


def sign_url(immersion: Immersion, party: str) -> str:
    path = reverse("immersions:link-sign", kwargs={"token": sign_token(immersion, party)})
    return settings.TREMPLIN_BASE_URL.rstrip("/") + path


def immersion_from_token(token: str) -> tuple[Immersion, str] | tuple[None, None]:
    """The convention and party a link designates, if the link is still valid."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None, None
    party = data.get("p")
    if party not in enums.LINK_PARTIES:
        return None, None
    immersion = (
        Immersion.objects.select_related(
            "person", "structure", "referent", "appellation", "company_commune", "renews"
        )
        .prefetch_related("signatures")
        .filter(pk=data.get("i"), link_nonce=data.get("n"), revision=data.get("r"))
        .first()
    )
    if immersion is None or immersion.status != ImmersionStatus.TO_SIGN:
        return None, None
    if immersion.links_expire_at is None or immersion.links_expire_at <= timezone.now():
        return None, None
    if immersion.signature_of(party) is not None:
        return None, None
    return immersion, party


def _send_links(immersion: Immersion) -> None:
    """E-mail each party who has not signed yet their link (the person only if her file has
    an address: without one she signs before the counselor, on screen or on paper)."""
    for party, recipient in (
        (Party.PERSON, immersion.person.email),
        (Party.TUTOR, immersion.tutor_email),
    ):
        if not recipient or immersion.signature_of(party) is not None:
            continue
        body = render_to_string(
            "immersions/email/sign_link.txt",
            {
                "immersion": immersion,
                "party": party,
                "link": sign_url(immersion, party),
                "expires_at": immersion.links_expire_at,
            },
        )
        subject = f"Convention d'immersion à signer — {immersion.structure.name}"
        transaction.on_commit(
            lambda s=subject, b=body, r=recipient: send_mail(s, b, settings.DEFAULT_FROM_EMAIL, [r])
        )


def links_expiry(immersion: Immersion, now):
    """LINK_DAYS after sending, and never past the start of the immersion: a convention is
    signed before the person starts, so the links stop at midnight, as the first day begins
    (the hour the person starts is not known)."""
    first_day = datetime.combine(immersion.starts_on, time.min)
    start = timezone.make_aware(first_day, timezone.get_current_timezone())
    return min(now + timedelta(days=LINK_DAYS), start)


@transaction.atomic
def send_for_signature(
    *, immersion: Immersion, membership, version: int | None = None
) -> Immersion:
    """Check the limits on today's date, then e-mail the person and the tutor their link.
    A person without an e-mail address gets no link: she signs in Tremplin before the
    counselor (`sign_in_person`)."""
    immersion = _locked(immersion, version)
    _check_structure(immersion, membership)
    errors = limit_errors(immersion, today=timezone.localdate())
    if immersion.starts_on == timezone.localdate():
        # The links stop as the immersion begins: sent on its first day, none would work.
        errors.setdefault("starts_on", []).append(
            "L'immersion commence aujourd'hui : la convention se signe avant le premier jour. "
            "Décalez la date de début pour l'envoyer en signature."
        )
    # Prevention and insurance are part of what each party signs: never sent blank.
    if not immersion.risks.strip():
        errors.setdefault("risks", []).append(
            "Décrivez les risques du poste avec l'entreprise (ou écrivez « aucun risque "
            "particulier » une fois vérifié avec elle) avant d'envoyer la convention."
        )
    if not immersion.liability_insurance.strip():
        errors.setdefault("liability_insurance", []).append(
            "Indiquez l'assurance responsabilité civile de l'entreprise d'accueil avant "
            "d'envoyer la convention."
        )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    note = "Nouvel envoi" if immersion.status == ImmersionStatus.TO_SIGN else ""
    if immersion.status == ImmersionStatus.TO_SIGN:
        # Sending again: the former links stop working; signatures already given stay.
        ImmersionEvent.objects.create(
            immersion=immersion,
            at=now,
            status_from=immersion.status,
            status_to=immersion.status,
            by=membership.user,
            note=note,
        )
        immersion.version += 1
    else:
        _move(immersion, ImmersionStatus.TO_SIGN, by=membership.user, at=now)
    immersion.link_nonce = new_nonce()
    immersion.sent_at = now
    immersion.links_expire_at = links_expiry(immersion, now)
    immersion.save()
    _send_links(immersion)
    return immersion


def _tutor_name_matches(typed: str, tutor_name: str) -> bool:
    """The tutor's name is held as one text (« Hervé Le Goff »): it matches when some split
    of it into first name(s) and name(s), in either order, is accepted by the pathway check."""
    words = tutor_name.split()
    if len(words) < 2:
        return (
            signer_name_error(
                typed, SimpleNamespace(first_name=tutor_name, last_name=tutor_name, birth_name="")
            )
            is None
        )
    for i in range(1, len(words)):
        for first, last in ((words[:i], words[i:]), (words[i:], words[:i])):
            holder = SimpleNamespace(
                first_name=" ".join(first), last_name=" ".join(last), birth_name=""
            )
            if signer_name_error(typed, holder) is None:
                return True
    return False


def check_signer_name(immersion: Immersion, party: str, signer_name: str) -> None:
    """The name typed (or copied from the paper) is the one of the party who signs: the
    person, or the tutor named on the convention. Accents, case, hyphens and order do not
    matter (the same check as the pathway contract's signature)."""
    if party == Party.PERSON:
        person = immersion.person
        if signer_name_error(signer_name, person) is not None:
            raise ValidationError(
                {
                    "signer_name": (
                        f"Le nom saisi (« {signer_name.strip()} ») n'est pas celui de la "
                        f"personne en immersion : {person.first_name} "
                        f"{person.last_name.upper()}. La personne saisit elle-même son "
                        "prénom et son nom."
                    )
                }
            )
    elif party == Party.TUTOR and immersion.tutor_name.strip():
        if not _tutor_name_matches(signer_name, immersion.tutor_name):
            raise ValidationError(
                {
                    "signer_name": (
                        f"Le nom saisi (« {signer_name.strip()} ») n'est pas celui du tuteur "
                        f"ou de la tutrice désigné·e sur la convention : "
                        f"{immersion.tutor_name}. Si le tuteur ou la tutrice a changé, "
                        "la structure prescriptrice modifie la convention."
                    )
                }
            )


def _record_signature(
    immersion,
    *,
    party,
    signer_name,
    content_sha256,
    by=None,
    at=None,
    channel=SignatureChannel.ELECTRONIC,
    scan=None,
    drawing: bytes | None = None,
):
    if not signer_name.strip():
        raise ValidationError({"signer_name": "Saisissez votre nom et votre prénom."})
    if immersion.status != ImmersionStatus.TO_SIGN:
        raise TransitionRefused("Cette convention n'est pas en signature.")
    if immersion.signature_of(party) is not None:
        raise TransitionRefused("Cette partie a déjà signé la convention.")
    current = convention_hash(immersion)
    if content_sha256 != current:
        raise TransitionRefused(
            "La convention a changé depuis que vous l'avez ouverte : relisez-la avant de signer."
        )
    check_signer_name(immersion, party, signer_name)
    at = at or timezone.now()
    signature = ImmersionSignature(
        immersion=immersion,
        party=party,
        revision=immersion.revision,
        signer_name=signer_name.strip()[:150],
        signed_at=at,
        content_sha256=current,
        recorded_by=by,
        channel=channel,
        scan=scan,
    )
    if drawing and channel == SignatureChannel.SCREEN:
        signature.drawing_sha256 = hashlib.sha256(drawing).hexdigest()
        signature.drawing.save("signature.png", ContentFile(drawing), save=False)
    signature.save()
    note = f"Signature : {Party(party).label.lower()}"
    if channel != SignatureChannel.ELECTRONIC:
        note += f", {signature.how}"
    ImmersionEvent.objects.create(
        immersion=immersion,
        at=at,
        status_from=immersion.status,
        status_to=immersion.status,
        by=by,
        by_label=signer_name.strip()[:200],
        note=note,
    )
    immersion.version += 1
    signed = {s.party for s in immersion.signatures.filter(revision=immersion.revision)}
    if signed == set(Party.values):
        _move(
            immersion, ImmersionStatus.SIGNED, by=by, by_label="Trois signatures recueillies", at=at
        )
    immersion.save()
    return signature


@transaction.atomic
def sign_by_link(*, token: str, signer_name: str, content_sha256: str) -> ImmersionSignature:
    """The person or the tutor signs through their link."""
    immersion, party = immersion_from_token(token)
    if immersion is None:
        raise TransitionRefused("Ce lien de signature n'est plus valide.")
    immersion = _locked(immersion)
    if immersion_from_token(token)[0] is None:  # checked again under the lock
        raise TransitionRefused("Ce lien de signature n'est plus valide.")
    return _record_signature(
        immersion, party=party, signer_name=signer_name, content_sha256=content_sha256
    )


@transaction.atomic
def sign_as_prescriber(
    *, immersion: Immersion, membership, signer_name: str, content_sha256: str
) -> ImmersionSignature:
    immersion = _locked(immersion)
    _check_structure(immersion, membership)
    return _record_signature(
        immersion,
        party=Party.PRESCRIBER,
        signer_name=signer_name,
        content_sha256=content_sha256,
        by=membership.user,
    )


@transaction.atomic
def sign_in_person(
    *,
    immersion: Immersion,
    membership,
    party: str,
    channel: str,
    signer_name: str,
    content_sha256: str,
    scan=None,
    drawing: bytes | None = None,
) -> ImmersionSignature:
    """The person (or the tutor) signs before the counselor, without a link: on the
    counselor's screen during an interview (she types her name, and may trace her
    signature), or on paper (the scan of the signed convention is kept in her documents).
    The same evidence as a link: the SHA-256 of the content signed, who recorded it, when."""
    immersion = _locked(immersion)
    _check_structure(immersion, membership)
    if party not in enums.LINK_PARTIES:
        raise ValidationError("La structure prescriptrice signe avec « Signer pour la structure ».")
    if channel not in enums.IN_PERSON_CHANNELS:
        raise ValidationError({"channel": "Choisissez comment la convention est signée."})
    if channel == SignatureChannel.PAPER and scan is None:
        raise ValidationError({"scan": "Joignez le scan de la convention signée."})
    # Checked before the scan is stored: a refused signature leaves nothing behind.
    if immersion.status != ImmersionStatus.TO_SIGN:
        raise TransitionRefused("Cette convention n'est pas en signature.")
    if immersion.signature_of(party) is not None:
        raise TransitionRefused("Cette partie a déjà signé la convention.")
    if content_sha256 != convention_hash(immersion):
        raise TransitionRefused(
            "La convention a changé depuis que vous l'avez ouverte : relisez-la avant de signer."
        )
    if not signer_name.strip():
        raise ValidationError(
            {"signer_name": "Saisissez le nom et le prénom du ou de la signataire."}
        )
    check_signer_name(immersion, party, signer_name)
    document = None
    if channel == SignatureChannel.PAPER:
        who = "personne" if party == Party.PERSON else "structure d'accueil"
        document = people_actions.add_document(
            person=immersion.person,
            membership=membership,
            uploaded=scan,
            kind=DocumentKind.CONTRACT,
            title=(
                f"Convention d'immersion signée ({who}) — {immersion.company_name} — "
                f"version {immersion.revision}"
            ),
        )
    return _record_signature(
        immersion,
        party=party,
        signer_name=signer_name,
        content_sha256=content_sha256,
        by=membership.user,
        channel=channel,
        scan=document,
        drawing=drawing,
    )


@transaction.atomic
def validate(*, immersion: Immersion, membership, version: int | None = None) -> Immersion:
    """The structure validates a convention signed by the three parties."""
    immersion = _locked(immersion, version)
    _check_structure(immersion, membership)
    current = signed_hashes(immersion)
    signatures = immersion.current_signatures()
    if {s.party for s in signatures} != set(Party.values) or any(
        s.content_sha256 not in current for s in signatures
    ):
        raise TransitionRefused(
            "Les trois parties doivent avoir signé cette version de la convention."
        )
    now = timezone.now()
    _move(immersion, ImmersionStatus.VALIDATED, by=membership.user, at=now)
    immersion.validated_at = now
    immersion.validated_by = membership.user
    immersion.save()
    return immersion


@transaction.atomic
def start(*, immersion: Immersion, membership, version: int | None = None) -> Immersion:
    immersion = _locked(immersion, version)
    _check_structure(immersion, membership)
    if not immersion.has_begun:
        raise TransitionRefused(
            f"L'immersion commence le {immersion.starts_on:%d/%m/%Y} : elle ne peut pas "
            "encore être marquée en cours."
        )
    _move(immersion, ImmersionStatus.IN_PROGRESS, by=membership.user)
    immersion.save()
    return immersion


@transaction.atomic
def close(
    *, immersion: Immersion, membership, status: str, reason: str, version: int | None = None
) -> Immersion:
    """Cancel or refuse, with the reason."""
    immersion = _locked(immersion, version)
    _check_structure(immersion, membership)
    if status not in (ImmersionStatus.CANCELLED, ImmersionStatus.REFUSED):
        raise ValueError(status)
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif."})
    _move(immersion, status, by=membership.user, note=reason.strip())
    immersion.closing_reason = reason.strip()
    immersion.save()
    return immersion


@transaction.atomic
def record_review(
    *, immersion: Immersion, review: ImmersionReview, skills, membership, version: int | None = None
) -> ImmersionReview:
    """The end-of-immersion review; the immersion is then done."""
    immersion = _locked(immersion, version)
    _check_structure(immersion, membership)
    if immersion.status != ImmersionStatus.IN_PROGRESS:
        raise TransitionRefused("Le bilan se fait pour une immersion en cours ou qui s'achève.")
    review.immersion = immersion
    review.author = membership.user
    review.full_clean(exclude=["immersion"])
    review.save()
    review.skills_observed.set(skills)
    _move(immersion, ImmersionStatus.DONE, by=membership.user, note=review.get_outcome_display())
    immersion.save()
    return review
