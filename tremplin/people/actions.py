"""Workflows on a person's file. Each is atomic: it all lands or nothing does."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from tremplin.core.permissions import Sensitivity
from tremplin.people import enums
from tremplin.people.models import (
    COMMON_GATED_SECTIONS,
    Consent,
    Document,
    Follow,
    Person,
    PersonMerge,
)
from tremplin.people.uploads import SCAN_TYPES, check_upload


@transaction.atomic
def create_person(
    *,
    person: Person,
    appellations=(),
    membership,
    referent=None,
    accompaniment_channel: str = "",
) -> Person:
    """Save a new file, followed by the acting structure, with its first consent if given."""
    person.created_by = membership.user
    person.save()
    if appellations:
        person.sought_appellations.set(appellations)
    Follow.objects.create(person=person, structure_id=membership.structure_id, referent=referent)
    if accompaniment_channel:
        Consent.objects.create(
            person=person,
            structure_id=membership.structure_id,
            purpose=enums.ConsentPurpose.ACCOMPANIMENT,
            channel=accompaniment_channel,
            recorded_by=membership.user,
        )
    return person


@transaction.atomic
def change_referent(*, follow: Follow, referent, by) -> None:
    follow.referent = referent
    follow._change_reason = f"référent changé par {by}"
    follow.save(update_fields=["referent", "updated_at"])


@transaction.atomic
def change_opened_sections(*, follow: Follow, sections, by, channel: str = "") -> None:
    """Open or close common parts of the file to a structure that took the person in from a
    referral. Opening needs the person's agreement (`channel`); closing needs nothing. `by`
    is None when the person chooses herself, from her space."""
    if follow.opened_sections is None:
        raise ValidationError("Votre structure a ouvert ce dossier : il lui est ouvert en entier.")
    gated = [s.value for s in COMMON_GATED_SECTIONS]
    wanted = [s for s in gated if s in set(sections)]
    added = set(wanted) - set(follow.opened_sections)
    if added and not channel:
        raise ValidationError(
            {"agreement_channel": "Ouvrir une partie du dossier demande l'accord de la personne."}
        )
    labels = dict(enums.ConsentChannel.choices)
    follow.opened_sections = wanted
    if by is None:  # the person herself, from her space: her choice is her agreement
        follow._change_reason = "parties ouvertes modifiées par la personne depuis son espace"
    else:
        follow._change_reason = (
            f"parties ouvertes modifiées par {by}"
            + (f" (accord de la personne : {labels.get(channel, channel)})" if added else "")
        )[:100]
    follow.save(update_fields=["opened_sections", "updated_at"])


@transaction.atomic
def end_follow(*, follow: Follow, reason: str, ended_on, by) -> None:
    if ended_on < follow.started_on:
        raise ValidationError({"ended_on": "La fin du suivi ne peut pas précéder son début."})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "La fin du suivi ne peut pas être dans le futur."})
    follow.ended_on = ended_on
    follow.end_reason = reason
    follow._change_reason = f"suivi clos par {by}"
    follow.save(update_fields=["ended_on", "end_reason", "updated_at"])


@transaction.atomic
def reopen_follow(*, person: Person, membership, referent=None) -> Follow:
    """A new follow for a structure that followed the person before: what the person had
    opened to it of the common file stays as it was."""
    previous = (
        Follow.objects.filter(person=person, structure_id=membership.structure_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    return Follow.objects.create(
        person=person,
        structure_id=membership.structure_id,
        referent=referent,
        opened_sections=previous.opened_sections if previous else None,
    )


def _store_document(*, person, membership, uploaded, kind, title, allowed=None) -> Document:
    checked = check_upload(uploaded, **({"allowed": allowed} if allowed else {}))
    sensitivity = enums.DOCUMENT_KIND_SENSITIVITY.get(kind, Sensitivity.GENERAL)
    document = Document(
        person=person,
        structure_id=membership.structure_id,
        kind=kind,
        title=title,
        sensitivity=sensitivity,
        original_name=uploaded.name[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=membership.user,
    )
    document.file.save("upload", uploaded, save=False)
    document.save()
    return document


@transaction.atomic
def add_document(*, person: Person, membership, uploaded, kind: str, title: str) -> Document:
    return _store_document(
        person=person, membership=membership, uploaded=uploaded, kind=kind, title=title
    )


@transaction.atomic
def delete_document(*, document: Document, by) -> None:
    """Hide the document from the file; the bytes are kept until the retention period ends."""
    document.deleted_at = timezone.now()
    document.deleted_by = by
    document.save(update_fields=["deleted_at", "deleted_by", "updated_at"])


@transaction.atomic
def record_consent(*, consent: Consent, membership, scan=None) -> Consent:
    consent.structure_id = membership.structure_id
    consent.recorded_by = membership.user
    if scan is not None:
        consent.document = _store_document(
            person=consent.person,
            membership=membership,
            uploaded=scan,
            kind=enums.DocumentKind.CONSENT,
            title=f"Consentement — {consent.get_purpose_display()}",
            allowed=SCAN_TYPES,
        )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def record_own_consent(*, consent: Consent) -> Consent:
    """A consent the person gave themself, from their space: no professional recorded it."""
    consent.channel = enums.ConsentChannel.PERSON_SPACE
    consent.recorded_by = None
    consent.given_at = timezone.now()
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def withdraw_consent(*, consent: Consent, by, channel: str) -> None:
    if consent.withdrawn_at is not None:
        raise ValidationError("Ce consentement est déjà retiré.")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by
    consent.withdrawal_channel = channel
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_channel", "updated_at"])


# --- merge -----------------------------------------------------------------------------------

# Relations that stay with the merged file, on purpose.
# The person's space (one per file) stays with the merged file, which it no longer opens.
_KEEP_ON_MERGED = {"merged_from", "merges", "merge_record", "space_access", "anonymisation"}


def merge_blockers(*, kept: Person, merged: Person, structure_id) -> list[str]:
    """Reasons why these two files may not be merged by this structure (empty if none)."""
    reasons = []
    if kept.pk == merged.pk:
        reasons.append("Il s'agit du même dossier.")
    if Person.objects.filter(pk__in=[kept.pk, merged.pk], anonymisation__isnull=False).exists():
        reasons.append("Un dossier anonymisé ne peut plus être fusionné.")
    others = set(
        merged.follows.exclude(structure_id=structure_id).values_list("structure__name", flat=True)
    ) - set(kept.follows.values_list("structure__name", flat=True))
    if others:
        reasons.append(
            "Le dossier à fusionner est aussi suivi par : "
            + ", ".join(sorted(others))
            + ". La fusion doit se faire avec leur accord, depuis une structure qui suit les deux dossiers."
        )
    return reasons


@transaction.atomic
def merge_people(*, kept: Person, merged: Person, by, structure_id) -> PersonMerge:
    """Merge `merged` into `kept` without losing anything.

    Empty fields of the kept file are filled from the other; every object attached to the
    merged file moves to the kept one (whatever app it belongs to); the merged file stays,
    marked as merged, with a snapshot of its values. Its access-log rows stay with it and
    are shown with the kept file.
    """
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    blockers = merge_blockers(kept=kept, merged=merged, structure_id=structure_id)
    if blockers:
        raise ValidationError(blockers)

    snapshot = model_to_dict(merged, exclude=["sought_appellations"])
    snapshot = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in snapshot.items()}
    snapshot["sought_appellations"] = list(merged.sought_appellations.values_list("pk", flat=True))
    snapshot["nir_tail"] = merged.nir_tail

    filled = []
    for field in Person._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in {"version"}:
            continue
        mine, theirs = getattr(kept, field.attname), getattr(merged, field.attname)
        if mine in (None, "", [], {}) and theirs not in (None, "", [], {}):
            setattr(kept, field.attname, theirs)
            filled.append(field.name)
    if not kept.nir_hash and merged.nir_hash:
        kept.nir_hash, kept.nir_tail = merged.nir_hash, merged.nir_tail
        filled.append("nir")
    kept.version += 1
    kept.save()
    kept.sought_appellations.add(*merged.sought_appellations.all())

    moved: dict[str, int] = {}
    # Two active follows by the same structure cannot coexist: close the merged one first.
    kept_structures = set(
        kept.follows.filter(ended_on__isnull=True).values_list("structure_id", flat=True)
    )
    today = timezone.localdate()
    for follow in merged.follows.filter(ended_on__isnull=True, structure_id__in=kept_structures):
        follow.ended_on = max(today, follow.started_on)
        follow.end_reason = enums.FollowEndReason.MERGED
        follow.save(update_fields=["ended_on", "end_reason", "updated_at"])
    for relation in Person._meta.related_objects:
        if relation.name in _KEEP_ON_MERGED or relation.many_to_many:
            continue
        count = relation.related_model._base_manager.filter(**{relation.field.name: merged}).update(
            **{relation.field.name: kept}
        )
        if count:
            moved[relation.related_model._meta.label] = count

    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    return PersonMerge.objects.create(
        kept=kept,
        merged=merged,
        merged_by=by,
        structure_id=structure_id,
        snapshot=snapshot | {"filled_fields": filled},
        moved=moved,
    )
