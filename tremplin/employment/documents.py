"""The integration plan (to share with the employer, the tutor and the person) and the
integration review (bilan d'intégration), as PDF and DOCX. The plan carries what the three
parties agreed, never the mediation notes nor the break-up risk."""

from tremplin.core.text import french_phone
from tremplin.documents.rendering import (
    Document,
    Fields,
    Heading,
    Paragraph,
    Signatures,
    Table,
    letterhead_for,
)


def _name(person) -> str:
    return f"{person.first_name} {person.last_name.upper()}"


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _hours(value) -> str:
    return f"{value.normalize():f}".replace(".", ",") + " h par semaine" if value else "—"


def _job_rows(employment) -> list[tuple[str, str]]:
    contract = employment.get_contract_type_display()
    if employment.contract_ends_on:
        contract += f" jusqu'au {_date(employment.contract_ends_on)}"
    return [
        ("Personne", _name(employment.person)),
        ("Employeur", employment.employer_name),
        ("Poste", employment.job_title),
        ("Contrat", contract),
        ("Prise de poste", _date(employment.starts_on)),
        ("Fin de la période d'essai", _date(employment.trial_ends_on)),
        ("Durée de travail", _hours(employment.weekly_hours)),
        (
            "Tuteur ou tutrice",
            " — ".join(x for x in (employment.tutor_name, employment.tutor_role) if x) or "—",
        ),
        ("Suivi assuré par", f"{employment.referent.full_name}, {employment.structure.name}"),
    ]


def plan_document(employment) -> Document:
    check_ins = employment.check_ins.exclude(cancelled=True).order_by("due_on", "pk")
    blocks: list = [
        Fields(_job_rows(employment)),
        Heading("Les interlocuteurs"),
        Table(
            ["Rôle", "Nom", "Fonction, organisme", "Contact"],
            [
                [
                    "Tuteur ou tutrice",
                    employment.tutor_name or "—",
                    employment.tutor_role,
                    " — ".join(x for x in (employment.tutor_phone, employment.tutor_email) if x),
                ],
                *(
                    [
                        c.get_kind_display(),
                        c.name,
                        c.role,
                        " — ".join(x for x in (french_phone(c.phone), c.email) if x),
                    ]
                    for c in employment.contacts.all()
                ),
                [
                    "Suivi par la structure",
                    employment.referent.full_name,
                    employment.structure.name,
                    employment.referent.email,
                ],
            ],
        ),
        Heading("Accueil et premiers jours"),
        Paragraph(employment.plan_welcome or "—"),
        Heading("Adaptation au poste et formation"),
        Paragraph(employment.plan_training or "—"),
        Heading("Accompagnement par la structure"),
        Paragraph(employment.plan_support or "—"),
        Heading("Points de vigilance partagés"),
        Paragraph(employment.plan_vigilance or "—"),
        Heading("Points de suivi prévus"),
        Table(
            ["Échéance", "Date prévue", "Fait le"],
            [[c.step, _date(c.due_on), _date(c.done_on)] for c in check_ins],
        ),
        Paragraph(
            f"Plan convenu le {_date(employment.plan_agreed_on)}"
            + (f" avec {employment.plan_agreed_with}." if employment.plan_agreed_with else "."),
            muted=True,
        ),
        Signatures(
            [
                (_name(employment.person), "La personne"),
                (employment.tutor_name or employment.employer_name, employment.employer_name),
                (employment.referent.full_name, employment.structure.name),
            ]
        ),
    ]
    return Document(
        title="Plan d'intégration dans l'emploi",
        subtitle=f"{_name(employment.person)} — {employment.employer_name}",
        letterhead=letterhead_for(employment.structure),
        blocks=blocks,
    )


def review_document(review) -> Document:
    employment = review.employment
    present = [
        label
        for label, here in (
            ("la personne", review.with_person),
            ("le tuteur ou l'employeur", review.with_employer),
        )
        if here
    ]
    blocks: list = [
        Fields(
            [
                *_job_rows(employment),
                ("Bilan du", _date(review.held_on)),
                ("En présence de", ", ".join(present) or "—"),
            ]
        ),
        Heading("Les compétences acquises dans le poste"),
        Paragraph(review.skills_acquired),
        Heading("L'appréciation de l'employeur"),
        Paragraph(review.employer_assessment or "—"),
        Heading("L'avis de la personne"),
        Paragraph(review.person_assessment or "—"),
        Heading("Ce qui reste à consolider"),
        Paragraph(review.to_consolidate or "—"),
        Heading("Les besoins de formation"),
        Paragraph(review.training_needs or "—"),
        Heading("La suite"),
        Paragraph(review.get_continuation_display()),
        Signatures(
            [
                (_name(employment.person), "J'ai pris part à ce bilan."),
                (employment.tutor_name or employment.employer_name, employment.employer_name),
                (review.author.full_name, employment.structure.name),
            ]
        ),
    ]
    return Document(
        title="Bilan d'intégration dans l'emploi",
        subtitle=f"{_name(employment.person)} — {employment.employer_name}",
        letterhead=letterhead_for(employment.structure),
        blocks=blocks,
    )
