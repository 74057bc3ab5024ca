"""The « fiche de liaison » of a referral (PDF and DOCX), limited to what was consented."""

from datetime import date, datetime

from django.db import models
from django.utils import timezone

from tremplin.core.permissions import Section
from tremplin.core.text import french_phone
from tremplin.diagnosis.domains import DOMAINS
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Fields,
    Heading,
    Paragraph,
    Subheading,
    letterhead_for,
)
from tremplin.people.models import Person

# Fields of the identity and situation sections never printed on a fiche de liaison.
NEVER_PRINTED = {"nir", "nir_hash", "caf_number"}


def _display(person: Person, field: models.Field) -> str:
    value = getattr(person, field.name)
    if value in (None, "", [], False) and not isinstance(field, models.BooleanField):
        return ""
    if field.name in Person.LIST_CHOICES:
        return ", ".join(person.choice_labels(field.name))
    if field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if isinstance(field, models.BooleanField):
        return "Oui" if value else ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def person_rows(person: Person, section: Section) -> list[tuple[str, str]]:
    rows = []
    for name in Person.SECTION_FIELDS.get(section, ()):
        if name in NEVER_PRINTED:
            continue
        field = Person._meta.get_field(name)
        if field.many_to_many:
            value = ", ".join(str(v) for v in getattr(person, name).all())
        else:
            value = _display(person, field)
        if value:
            label = str(field.verbose_name)
            rows.append((label[:1].upper() + label[1:], value))
    return rows


def liaison_blocks(referral) -> list:
    """The content of the fiche, as blocks: also shown on the partner's answer page."""
    person = referral.person
    sections = set(referral.shared_sections)
    sender = referral.created_by
    blocks = [
        Fields(
            [
                ("Service", f"{referral.service.name} — {referral.partner.name}"),
                ("Orientée par", f"{sender.full_name}, {referral.structure.name}"),
                (
                    "Contact",
                    " — ".join(
                        x for x in (sender.email, french_phone(referral.structure.phone)) if x
                    ),
                ),
                ("Envoyée le", f"{timezone.localtime(referral.sent_at):%d/%m/%Y}")
                if referral.sent_at
                else ("État", referral.get_status_display()),
                ("Réponse attendue avant le", f"{timezone.localtime(referral.expires_at):%d/%m/%Y}")
                if referral.expires_at
                else ("Référence", referral.reference),
            ]
        ),
        Heading("La personne"),
    ]
    if Section.IDENTITY in sections:
        blocks.append(Fields(person_rows(person, Section.IDENTITY)))
    else:
        blocks.append(
            Paragraph(
                "Identité non transmise. La personne se présentera avec la référence "
                f"{referral.reference}.",
                muted=True,
            )
        )
    if Section.SITUATION in sections:
        rows = person_rows(person, Section.SITUATION)
        if rows:
            blocks += [Subheading("Situation administrative et sociale"), Fields(rows)]
    blocks += [Heading("Motif de l'orientation")]
    if referral.thematique_id:
        blocks.append(Paragraph(f"Besoin : {referral.thematique.label}"))
    blocks.append(Paragraph(referral.motive))
    version = referral.diagnosis_version
    if Section.DIAGNOSIS in sections and version is not None:
        shared_domains = {d.code for d in DOMAINS if d.section == Section.DIAGNOSIS}
        blocks += [
            Heading("Diagnostic partagé"),
            Paragraph(
                f"Entretien du {version.interview_date:%d/%m/%Y}"
                + (
                    f", synthèse validée par la personne le {timezone.localtime(version.validated_at):%d/%m/%Y}."
                    if version.is_validated
                    else " (synthèse pas encore validée par la personne)."
                ),
                muted=True,
            ),
        ]
        if version.demand:
            blocks += [Subheading("La demande"), Paragraph(version.demand)]
        needs = sorted(
            {
                t.label
                for a in version.domains.prefetch_related("needs")
                if a.domain in shared_domains
                for t in a.needs.all()
            }
        )
        if needs:
            blocks += [Subheading("Besoins repérés"), Bullets(needs)]
        if version.synthesis:
            blocks += [Subheading("Synthèse"), Paragraph(version.synthesis)]
    if referral.consent_id:
        consent = referral.consent
        blocks.append(
            Paragraph(
                f"La personne a accepté le {timezone.localtime(consent.given_at):%d/%m/%Y} "
                f"({consent.get_channel_display().lower()}) que ces informations soient "
                f"transmises à {referral.partner.name} : "
                + ", ".join(s.lower() for s in consent.section_labels)
                + ", et le motif de l'orientation. Elles servent uniquement à la recevoir.",
                muted=True,
            )
        )
    return blocks


def liaison_document(referral) -> Document:
    return Document(
        title="Fiche de liaison",
        subtitle=f"Orientation vers {referral.service.name}",
        letterhead=letterhead_for(referral.structure),
        blocks=liaison_blocks(referral),
    )
