"""The « synthèse du diagnostic partagé » document (PDF and DOCX)."""

from tremplin.diagnosis.domains import DOMAINS
from tremplin.documents.rendering import (
    Document,
    Fields,
    Heading,
    Paragraph,
    Signatures,
    Subheading,
    letterhead_for,
)


def synthesis_document(version, *, domains: set[str]) -> Document:
    """The synthesis as validated with the person; only the domains listed are included."""
    diagnosis = version.diagnosis
    person = diagnosis.person
    blocks = [
        Fields(
            [
                ("Personne", f"{person.first_name} {person.last_name.upper()}"),
                ("Née le / né le", f"{person.birth_date:%d/%m/%Y}"),
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
        blocks.append(
            Paragraph(
                f"Synthèse validée par la personne le {version.validated_at:%d/%m/%Y} "
                f"({version.get_validation_channel_display().lower()}).",
                muted=True,
            )
        )
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
    return Document(
        title="Synthèse du diagnostic partagé",
        subtitle=f"Version {version.number} du {version.created_at:%d/%m/%Y}",
        letterhead=letterhead_for(diagnosis.structure),
        blocks=blocks,
    )
