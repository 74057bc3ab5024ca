"""The CV is a real document with the inventory and without protected data by default;
training days count in the pathway's weekly hours (November 2026: Monday 2, 9, 16)."""

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.hours import hours_by_source, last_week_under_target, weekly_hours
from tremplin.pathways.models import Pathway
from tremplin.projects.models import Education, Experience, PersonSkill, Training

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "cv.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def inventory(person, target):
    mine = {"person": person, "structure": target.structure}
    Experience.objects.create(
        **mine,
        job_title="Agent de service hospitalier",
        employer="EHPAD Les Glycines",
        place="Saint-Nazaire",
        started_on=date(2023, 3, 1),
        ended_on=date(2025, 6, 30),
        tasks="Entretien des chambres, aide aux repas.",
    )
    Education.objects.create(**mine, title="CAP Accompagnant éducatif petite enfance", year=2019)
    PersonSkill.objects.create(**mine, kind="quality", label="Patiente")
    person.languages = "Français courant, portugais"
    person.phone = "06 12 34 56 78"
    person.save()


def test_the_cv_is_a_pdf_with_the_experiences_and_without_the_birth_date(
    client, login, counselor, person, target, inventory, tmp_path
):
    login(client, counselor)
    response = client.get(
        f"/personnes/{person.pk}/projet/cv/",
        {"fmt": "pdf", "target_job": target.pk, "with_phone": "on"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content, tmp_path)
    assert "Agent de service hospitalier" in text and "EHPAD Les Glycines" in text
    assert "De mars 2023 à juin 2025" in text
    assert "CAP Accompagnant éducatif petite enfance" in text and "Patiente" in text
    assert "Aide-soignant / Aide-soignante" in text  # the job the CV is aimed at
    assert person.last_name.upper() in text
    assert f"{person.birth_date:%d/%m/%Y}" not in text and "Né·e" not in text
    # The person may choose to show it.
    response = client.get(
        f"/personnes/{person.pk}/projet/cv/",
        {"fmt": "pdf", "with_phone": "on", "with_birth_date": "on"},
    )
    assert f"{person.birth_date:%d/%m/%Y}" in pdf_text(response.content, tmp_path)


def test_the_cv_also_comes_as_an_editable_docx(client, login, counselor, person, inventory):
    login(client, counselor)
    response = client.get(f"/personnes/{person.pk}/projet/cv/", {"fmt": "docx", "with_phone": "on"})
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content[:2] == b"PK"


def test_an_empty_cv_is_refused_with_a_french_message(client, login, counselor, person):
    login(client, counselor)
    person.phone = "06 12 34 56 78"
    person.save()
    response = client.get(f"/personnes/{person.pk}/projet/cv/", {"fmt": "pdf", "with_phone": "on"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Le CV serait vide" in response.content.decode()


def test_a_cv_without_any_way_to_reach_the_person_is_refused(
    client, login, counselor, person, inventory
):
    login(client, counselor)
    response = client.get(f"/personnes/{person.pk}/projet/cv/", {"fmt": "pdf"})
    assert response["Content-Type"].startswith("text/html")
    assert "ne permettrait pas de joindre la personne" in response.content.decode()


@pytest.fixture
def pathway(person, membership, counselor):
    return pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="contrat_engagement",
            started_on=date(2026, 11, 2),
            planned_end_on=date(2027, 10, 31),
            referent=counselor,
        ),
        membership=membership,
    )


def test_days_of_a_training_in_progress_count_in_the_weekly_hours(pathway, person, target):
    # 7 hours a day from Wednesday 4 to Tuesday 10 November 2026: three working days in the
    # first week (Wed, Thu, Fri), two in the next (Mon, Tue); the week-end counts nothing.
    training = Training.objects.create(
        person=person,
        structure=pathway.structure,
        organisation="IFAS",
        title="Préparation au concours",
        starts_on=date(2026, 11, 4),
        ends_on=date(2026, 11, 10),
        hours_per_day=Decimal(7),
        status="in_training",
    )
    assert hours_by_source(pathway, date(2026, 11, 2))["Formations"] == Decimal(21)
    assert weekly_hours(pathway, date(2026, 11, 2)) == Decimal(21)
    assert weekly_hours(pathway, date(2026, 11, 9)) == Decimal(14)
    assert weekly_hours(pathway, date(2026, 11, 16)) == 0
    # The bulk source (the caseload) agrees: 14 hours, under the 15 hours of the contract.
    under = last_week_under_target([pathway], today=date(2026, 11, 16))
    assert under[pathway.pk].start == date(2026, 11, 9)
    assert under[pathway.pk].hours == Decimal(14)
    # A training only applied for counts nothing.
    training.status = "applied"
    training.save()
    assert weekly_hours(pathway, date(2026, 11, 2)) == 0
