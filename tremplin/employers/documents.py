"""Documents of recruitment support: the fiche de poste and the job offer (PDF and DOCX).

Neither holds a person's data: they are written for the employer and for candidates."""

from tremplin.core.text import french_hours
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Fields,
    Heading,
    Paragraph,
    letterhead_for,
)
from tremplin.people.enums import DrivingLicence


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _licences(codes) -> str:
    labels = dict(DrivingLicence.choices)
    return ", ".join(str(labels.get(c, c)) for c in codes or []) or "Aucun"


def _company_line(company) -> str:
    place = company.commune.name if company.commune_id else ""
    return ", ".join(x for x in (company.name, place) if x)


def _text_block(title: str, text: str) -> list:
    return [Heading(title), Paragraph(text.strip() or "—")]


def job_description_document(need) -> Document:
    """The fiche de poste: the job as analysed with the employer."""
    company = need.company
    rows = [
        ("Entreprise", _company_line(company)),
        ("Métier", f"{need.appellation.label} (ROME {need.appellation.fiche_id})"),
        ("Nombre de postes", str(need.positions)),
        ("Prise de poste souhaitée", _date(need.wished_start_on)),
        ("Interlocuteur", str(need.contact) if need.contact else "—"),
        ("Tuteur ou tutrice", need.tutor or "—"),
        ("Besoin recueilli le", _date(need.collected_on)),
    ]
    blocks: list = [Fields(rows)]
    blocks += _text_block("Mission principale", need.mission)
    blocks.append(Heading("Activités et tâches"))
    tasks = need.task_list
    blocks.append(Bullets(tasks) if tasks else Paragraph("—"))
    blocks += _text_block("Conditions de travail", need.working_conditions)
    blocks.append(Heading("Compétences attendues"))
    skills = [s.label for s in need.skills.order_by("label")]
    blocks.append(Bullets(skills) if skills else Paragraph("—"))
    blocks.append(Heading("Exigences du poste"))
    blocks.append(
        Fields(
            [
                ("Diplômes, habilitations", need.qualifications.strip() or "Aucun"),
                ("Permis", _licences(need.driving_licences)),
            ]
        )
    )
    blocks.append(
        Paragraph(
            "Fiche établie avec l'employeur. Les critères retenus sont liés au poste : aucun "
            "critère discriminatoire (Code du travail, art. L1132-1).",
            muted=True,
        )
    )
    return Document(
        title="Fiche de poste",
        subtitle=need.appellation.label,
        letterhead=letterhead_for(company.structure),
        blocks=blocks,
        confidential=False,
    )


def offer_document(offer) -> Document:
    """The job offer as given to candidates."""
    rows = [
        ("Entreprise", _company_line(offer.company)),
        ("Métier", f"{offer.appellation.label} (ROME {offer.fiche_id})"),
        ("Contrat", offer.contract_label),
        ("Durée hebdomadaire", french_hours(offer.weekly_hours)),
        ("Salaire", offer.pay_label or "Selon profil, à préciser avec l'employeur"),
        (
            "Lieu de travail",
            ", ".join(x for x in (offer.address, offer.commune.name) if x),
        ),
        ("Prise de poste", _date(offer.start_on)),
        ("Nombre de postes", str(offer.positions)),
    ]
    blocks: list = [Fields(rows)]
    blocks += _text_block("Missions", offer.description)
    if offer.profile.strip():
        blocks += _text_block("Profil recherché", offer.profile)
    if offer.working_conditions.strip():
        blocks += _text_block("Conditions de travail", offer.working_conditions)
    skills = [s.label for s in offer.required_skills.order_by("label")]
    if skills:
        blocks += [Heading("Compétences requises"), Bullets(skills)]
    blocks.append(Heading("Exigences du poste"))
    blocks.append(
        Fields(
            [
                ("Diplômes, habilitations", offer.qualifications.strip() or "Aucun"),
                ("Permis", _licences(offer.driving_licences)),
            ]
        )
    )
    return Document(
        title=offer.title,
        subtitle=f"Offre d'emploi — {offer.get_status_display().lower()}",
        reference=f"Offre n° {offer.pk}",
        letterhead=letterhead_for(offer.structure),
        blocks=blocks,
        confidential=False,
    )
