"""The person's CV, rendered by the documents app (PDF and DOCX).

What is on it is the person's choice: by default their name, phone, e-mail and commune —
never the birth date unless they ask for it; there is no photo and no nationality in the
file at all. A CV with nothing in it is refused (`EmptyCv`).
"""

from tremplin.core.dates import month_year
from tremplin.core.text import french_phone
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Heading,
    Letterhead,
    Paragraph,
    Subheading,
)
from tremplin.people.enums import DrivingLicence, MobilityMeans
from tremplin.projects.enums import SkillKind
from tremplin.projects.models import Education, Experience, PersonSkill


class EmptyCv(Exception):
    pass


def _month(day) -> str:
    return month_year(day)


def _period(experience) -> str:
    if experience.ended_on is None:
        return f"Depuis {_month(experience.started_on)}"
    if (experience.started_on.year, experience.started_on.month) == (
        experience.ended_on.year,
        experience.ended_on.month,
    ):
        return _month(experience.started_on).capitalize()
    return f"De {_month(experience.started_on)} à {_month(experience.ended_on)}"


def cv_document(
    *,
    person,
    structure_id,
    target_job=None,
    with_phone=True,
    with_email=True,
    with_address=False,
    with_birth_date=False,
) -> Document:
    mine = {"person": person, "structure_id": structure_id}
    experiences = list(Experience.objects.filter(**mine).order_by("-started_on", "-pk"))
    educations = list(Education.objects.filter(**mine).order_by("-year", "-pk"))
    skills = list(PersonSkill.objects.filter(**mine).select_related("rome_skill"))
    held = list(target_job.skills_held.order_by("label")) if target_job else []
    if not (experiences or educations or skills or held):
        raise EmptyCv(
            "Le CV serait vide : ajoutez au moins une expérience, un diplôme ou une "
            "compétence à l'inventaire."
        )

    lines = []
    if with_address and person.address:
        lines.append(person.address)
    place = person.commune.name if person.commune_id else ""
    if place:
        lines.append(f"{person.postal_code} {place}".strip() if with_address else place)
    contact = " — ".join(
        v
        for v in (
            french_phone(person.phone) if with_phone else "",
            person.email if with_email else "",
        )
        if v
    )
    if contact:
        lines.append(contact)
    if with_birth_date:
        lines.append(person.born_on_label)

    blocks: list = []
    if experiences:
        blocks.append(Heading("Expériences"))
        for e in experiences:
            where = ", ".join(x for x in (e.employer, e.place) if x)
            blocks.append(Subheading(f"{e.job_title}{' — ' + where if where else ''}"))
            blocks.append(Paragraph(f"{_period(e)} · {e.get_kind_display()}", muted=True))
            if e.tasks:
                blocks.append(Paragraph(e.tasks))
    if educations:
        blocks.append(Heading("Formation et diplômes"))
        blocks.append(
            Bullets(
                [
                    f"{ed.year} — {ed.title}"
                    + (f", {ed.school}" if ed.school else "")
                    + ("" if ed.is_obtained else " (suivi, non obtenu)")
                    for ed in educations
                ]
            )
        )
    know_how = [s.label for s in held] + [
        s.text
        for s in skills
        if s.kind == SkillKind.SKILL and s.text not in {h.label for h in held}
    ]
    if know_how:
        blocks.append(Heading("Compétences"))
        blocks.append(Bullets(know_how))
    qualities = [s.text for s in skills if s.kind == SkillKind.QUALITY]
    if qualities:
        blocks.append(Heading("Qualités"))
        blocks.append(Paragraph(", ".join(qualities)))
    extra = []
    if person.languages:
        extra.append(f"Langues : {person.languages}")
    if person.driving_licences:
        labels = dict(DrivingLicence.choices)
        extra.append(
            "Permis : " + ", ".join(str(labels.get(x, x)) for x in person.driving_licences)
        )
    if person.mobility_means:
        labels = dict(MobilityMeans.choices)
        extra.append(
            "Déplacements : " + ", ".join(str(labels.get(x, x)) for x in person.mobility_means)
        )
    if extra:
        blocks.append(Heading("Langues et mobilité"))
        blocks.append(Bullets(extra))

    name = f"{person.first_name} {person.last_name.upper()}"
    return Document(
        title=str(target_job.appellation) if target_job else "Curriculum vitae",
        subtitle="Curriculum vitae" if target_job else "",
        letterhead=Letterhead(name, lines),
        blocks=blocks,
        confidential=False,
    )
