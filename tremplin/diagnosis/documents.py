"""The « synthèse du diagnostic partagé » document (PDF and DOCX)."""

from django.utils import timezone

from tremplin.diagnosis.domains import DOMAINS
from tremplin.diagnosis.models import ValidationChannel
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Fields,
    Heading,
    Paragraph,
    Signatures,
    Subheading,
    letterhead_for,
)

COMPLETE_WARNING = "contient des informations de santé ou de justice : ne pas transmettre"


def synthesis_document(version, *, domains: set[str], complete: bool = False) -> Document:
    """The synthesis as validated with the person; only the domains listed are included.
    `complete` when they include health or justice: the document then says so in its title,
    its subtitle and the footer of every page, so that it is never sent by mistake."""
    diagnosis = version.diagnosis
    person = diagnosis.person
    # « Née le 04/12/2008 », agreed with the sex as in the file's header.
    born, _space, birth_day = person.born_on_label.rpartition(" ")
    blocks = [
        Fields(
            [
                ("Personne", f"{person.first_name} {person.last_name.upper()}"),
                (born, birth_day),
                ("Entretien du", f"{version.interview_date:%d/%m/%Y}"),
                ("Professionnel·le", version.created_by.full_name),
            ]
        ),
        Heading("La demande"),
        Paragraph(version.demand or "—"),
    ]
    order = {d.code: i for i, d in enumerate(DOMAINS)}
    assessments = sorted(
        (a for a in version.domains.prefetch_related("needs") if a.domain in domains),
        key=lambda a: order[a.domain],
    )
    if assessments:
        blocks.append(Heading("La situation, domaine par domaine"))
    for a in assessments:
        rows = list(a.fact_rows)
        if a.situation:
            rows.append(("Situation", a.situation))
        if a.strengths:
            rows.append(("Atouts", a.strengths))
        if a.obstacles:
            rows.append(
                (
                    "Freins",
                    "\n".join(
                        f"{label} ({severity})" for label, _code, severity in a.obstacle_rows
                    ),
                )
            )
        needs = [t.label for t in a.needs.all()]
        if needs:
            rows.append(("Besoins", "\n".join(needs)))
        blocks += [Subheading(a.definition.label), Fields(rows)]
    blocks += [Heading("Synthèse"), Paragraph(version.synthesis or "—")]
    if version.is_validated:
        blocks.append(Paragraph(f"Synthèse {version.validation_summary}.", muted=True))
    # Boxes to sign, unless the person already validated from their space (nothing to sign).
    if version.validation_channel != ValidationChannel.PERSON_SPACE:
        blocks.append(
            Signatures(
                [
                    (
                        f"{person.first_name} {person.last_name.upper()}",
                        "J'ai relu cette synthèse et je la valide.",
                    ),
                    (version.created_by.full_name, diagnosis.structure.name),
                ]
            )
        )
    subtitle = f"Version {version.number} du {timezone.localtime(version.created_at):%d/%m/%Y}"
    if complete:
        subtitle += f" — {COMPLETE_WARNING}"
    return Document(
        title="Synthèse du diagnostic partagé" + (" — version complète" if complete else ""),
        subtitle=subtitle,
        letterhead=letterhead_for(diagnosis.structure),
        blocks=blocks,
    )


def interview_report_document(version, *, domains: set[str], urgency_check, referrals) -> Document:
    """The « compte rendu d'entretien » of the interview behind a diagnosis version: what was
    asked, looked at and decided. A DOCX the counselor may complete before sending it."""
    diagnosis = version.diagnosis
    person = diagnosis.person
    rows = [
        ("Personne", f"{person.first_name} {person.last_name.upper()}"),
        ("Entretien du", f"{version.interview_date:%d/%m/%Y}"),
        ("Mené par", f"{version.created_by.full_name}, {diagnosis.structure.name}"),
    ]
    if version.order_id:
        rows.append(
            ("Commande", f"{version.order.prescriber_name} — {version.order.service_ordered}")
        )
    blocks = [
        Fields(rows),
        Heading("Objet"),
        Paragraph(
            "Premier entretien : accueil de la demande et diagnostic partagé."
            if version.number == 1
            else f"Entretien de mise à jour du diagnostic partagé (version {version.number})."
        ),
        Heading("La demande de la personne"),
        Paragraph(version.demand or "—"),
        Heading("Repérage des urgences"),
    ]
    if urgency_check is None:
        blocks.append(Paragraph("Les questions sur les urgences n'ont pas été posées.", muted=True))
    elif urgency_check.is_positive:
        blocks += [
            Paragraph(f"Repérage du {timezone.localtime(urgency_check.asked_at):%d/%m/%Y} :"),
            Bullets(urgency_check.positive_labels),
        ]
        if urgency_check.note:
            blocks.append(Paragraph(f"Ce qui a été fait : {urgency_check.note}"))
    else:
        blocks.append(Paragraph("Aucune situation d'urgence repérée."))
    order = {d.code: i for i, d in enumerate(DOMAINS)}
    assessments = sorted(
        (
            a
            for a in version.domains.prefetch_related("needs")
            if a.domain in domains and not a.is_empty
        ),
        key=lambda a: order[a.domain],
    )
    if assessments:
        blocks.append(Heading("Ce qui a été abordé"))
        points = []
        for a in assessments:
            obstacles = ", ".join(label for label, _code, _severity in a.obstacle_rows)
            points.append(a.definition.label + (f" — freins : {obstacles}" if obstacles else ""))
        blocks.append(Bullets(points))
    needs = sorted({t.label for a in assessments for t in a.needs.all()})
    if needs:
        blocks += [Heading("Besoins repérés avec la personne"), Bullets(needs)]
    if version.synthesis:
        blocks += [Heading("Synthèse"), Paragraph(version.synthesis)]
    blocks.append(Heading("Décisions et suites"))
    if referrals:
        blocks.append(
            Bullets(
                [
                    f"Orientation vers {r.service.name} ({r.partner.name}) — "
                    f"{r.get_status_display().lower()}"
                    for r in referrals
                ]
            )
        )
    else:
        blocks.append(Paragraph("Aucune orientation vers un partenaire à ce jour.", muted=True))
    if not version.is_validated:
        blocks.append(
            Paragraph("La synthèse n'a pas encore été validée par la personne.", muted=True)
        )
    return Document(
        title="Compte rendu d'entretien",
        subtitle=f"Entretien du {version.interview_date:%d/%m/%Y}",
        letterhead=letterhead_for(diagnosis.structure),
        blocks=blocks,
    )
