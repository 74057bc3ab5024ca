"""The convention and review documents are real PDFs; immersion days count in the weekly
activity hours."""

import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tremplin.immersions.enums import ImmersionStatus
from tremplin.immersions.models import Immersion, ImmersionReview
from tremplin.immersions.tests.helpers import make_immersion, signed_immersion
from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.hours import hours_by_source, last_week_under_target, weekly_hours
from tremplin.pathways.models import Pathway

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_signed_convention_pdf_shows_the_parties_dates_and_signatures(
    client, login, counselor, person, tmp_path
):
    immersion = signed_immersion(person=person, counselor=counselor)
    login(client, counselor)
    response = client.post(f"/immersions/{immersion.pk}/valider/", {"version": immersion.version})
    response = client.get(f"/immersions/{immersion.pk}/convention.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Convention d'immersion professionnelle (PMSMP)" in text
    assert f"{person.first_name} {person.last_name.upper()}" in text
    assert "Boulangerie du Port" in text and "Hervé Le Goff" in text
    assert "Mission Locale Test A" in text
    assert f"du {immersion.starts_on:%d/%m/%Y} au {immersion.ends_on:%d/%m/%Y}" in text
    assert "Signé par" in text and "Pas encore signé" not in text
    for party in immersion.signatures.all():
        assert f"Date : {timezone.localtime(party.signed_at):%d/%m/%Y à %H:%M}" in text
    assert "Convention validée par Mission Locale Test A" in text
    docx = client.get(f"/immersions/{immersion.pk}/convention.docx")
    assert docx.content[:2] == b"PK"


def test_the_review_document_shows_the_outcome(client, login, counselor, person, tmp_path):
    immersion = make_immersion(person=person, counselor=counselor)
    Immersion.objects.filter(pk=immersion.pk).update(status=ImmersionStatus.DONE)
    review = ImmersionReview.objects.create(
        immersion=immersion,
        held_on=immersion.ends_on,
        tasks_done="Vente et façonnage.",
        tutor_assessment="Sérieuse.",
        person_opinion="J'ai aimé.",
        outcome="hired",
        author=counselor,
    )
    review.skills_observed.set(
        immersion.appellation.fiche.skill_links.all()[:1].values_list("skill", flat=True)
    )
    login(client, counselor)
    text = " ".join(
        pdf_text(client.get(f"/immersions/{immersion.pk}/bilan.pdf").content, tmp_path).split()
    )
    assert "Bilan d'immersion professionnelle" in text
    assert "La personne est embauchée" in text and "Vente et façonnage." in text


def test_immersion_days_count_in_the_weekly_hours_once_validated(counselor, person):
    membership = counselor.memberships.get()
    counselor.active_membership = membership
    pathway = pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="contrat_engagement",
            started_on=date(2026, 11, 2),
            planned_end_on=date(2027, 11, 1),
            referent=counselor,
        ),
        membership=membership,
    )
    # Monday 30 November to Wednesday 2 December 2026, 7 h a day, 4 h on Wednesday.
    immersion = make_immersion(
        person=person,
        counselor=counselor,
        starts_on=date(2026, 11, 30),
        days=3,
        schedule=["7", "7", "4", "7", "7", "0", "0"],
    )
    week = date(2026, 11, 30)
    assert hours_by_source(pathway, week)["Immersions"] == 0  # a draft counts for nothing
    for status, expected in (
        (ImmersionStatus.TO_SIGN, Decimal(0)),
        (ImmersionStatus.VALIDATED, Decimal(18)),
        (ImmersionStatus.IN_PROGRESS, Decimal(18)),
        (ImmersionStatus.DONE, Decimal(18)),
        (ImmersionStatus.CANCELLED, Decimal(0)),
    ):
        Immersion.objects.filter(pk=immersion.pk).update(status=status)
        assert hours_by_source(pathway, week)["Immersions"] == expected, status
    Immersion.objects.filter(pk=immersion.pk).update(status=ImmersionStatus.DONE)
    assert weekly_hours(pathway, week) == Decimal(18)
    assert hours_by_source(pathway, week + timedelta(weeks=1))["Immersions"] == 0
    # The bulk source (the caseload's list) gives the same hours for that week.
    from tremplin.immersions.hours import dated_hours_bulk

    rows = dated_hours_bulk([pathway], week, week + timedelta(days=6))[pathway.pk]
    assert sorted(rows) == [
        (date(2026, 11, 30), Decimal(7)),
        (date(2026, 12, 1), Decimal(7)),
        (date(2026, 12, 2), Decimal(4)),
    ]
    # 18 h are over the 15 h of the contrat d'engagement: that week is not under target.
    assert pathway.pk not in last_week_under_target([pathway], today=date(2026, 12, 8))


def test_the_document_gives_the_signed_hash_and_says_when_the_file_changed_since(counselor, person):
    from tremplin.immersions.documents import convention_document, convention_hash

    immersion = signed_immersion(person=person, counselor=counselor)
    signed_hash = convention_hash(immersion)
    text = " ".join(b.text for b in convention_document(immersion).blocks if b.kind == "paragraph")
    assert signed_hash in text and "modifié depuis la signature" not in text
    person.first_name = "Inès-Marie"
    person.save()
    immersion = Immersion.objects.get(pk=immersion.pk)
    text = " ".join(b.text for b in convention_document(immersion).blocks if b.kind == "paragraph")
    assert signed_hash in text and "modifié depuis la signature" in text


@pytest.mark.parametrize(("sex", "born"), [("F", "Née le"), ("M", "Né le"), ("X", "Né·e le")])
def test_the_convention_agrees_the_birth_date_with_the_persons_sex(counselor, person, sex, born):
    from tremplin.immersions.documents import convention_blocks

    person.sex = sex
    person.save()
    immersion = make_immersion(person=person, counselor=counselor)
    rows = dict(convention_blocks(immersion)[1].rows)
    assert rows[born] == f"{person.birth_date:%d/%m/%Y}"
    assert "Née le / né le" not in rows


def test_signatures_given_with_the_former_wording_still_let_it_be_validated(counselor, person):
    from tremplin.immersions import actions
    from tremplin.immersions.documents import content_hash, convention_content, snapshot_of
    from tremplin.immersions.models import ImmersionSignature

    immersion = signed_immersion(person=person, counselor=counselor)
    former = content_hash(snapshot_of(convention_content(immersion, former_wording=True)))
    ImmersionSignature.objects.filter(immersion=immersion).update(content_sha256=former)
    immersion.refresh_from_db()
    validated = actions.validate(immersion=immersion, membership=counselor.memberships.get())
    assert validated.status == ImmersionStatus.VALIDATED
