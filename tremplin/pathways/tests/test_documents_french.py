"""The pathway's documents read in French: elision, names, hours with a decimal comma."""

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tremplin.pathways.enums import ActionOwner, TargetReason
from tremplin.pathways.models import Action, Pathway, Review

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().replace("\u00a0", " ").split())


@pytest.fixture
def client_a(client, login, counselor):
    return login(client, counselor)


@pytest.fixture
def planned(pathway):
    """Inès's pathway with an adapted target and actions of whole and half hours."""
    pathway.weekly_hours_target = Decimal("15.0")
    pathway.target_reason = TargetReason.HEALTH
    pathway.save()
    for title, owner, hours in (
        ("Passer le code", ActionOwner.PERSON, Decimal("15.0")),
        ("Relancer l'employeur", ActionOwner.COUNSELOR, Decimal("17.5")),
    ):
        Action.objects.create(
            pathway=pathway, title=title, owner=owner, due_on=date(2026, 2, 6), hours=hours
        )
    return pathway


def test_the_contract_elides_names_the_referent_and_writes_hours_in_french(client_a, planned):
    assert planned.person.first_name == "Inès"
    pdf = pdf_text(client_a.get(f"/parcours/{planned.pk}/contrat.pdf").content)
    assert f"Parcours d'Inès {planned.person.last_name.upper()}" in pdf
    assert "Les engagements d'Inès" in pdf and "de Inès" not in pdf
    # The counselor's action names the référent.
    assert "Alice Conseil" in pdf and "conseiller·ère" not in pdf
    assert "15 h par semaine, adapté" in pdf
    assert "17,5 h" in pdf and "15.0" not in pdf and "17.5" not in pdf


def test_the_contract_keeps_de_before_a_consonant(client_a, planned):
    planned.person.first_name = "Camille"
    planned.person.save()
    pdf = pdf_text(client_a.get(f"/parcours/{planned.pk}/contrat.pdf").content)
    assert "Les engagements de Camille" in pdf and "Parcours de Camille" in pdf


def test_the_review_writes_hours_in_french(client_a, planned, counselor):
    review = Review.objects.create(
        pathway=planned, kind="intermediate", held_on=timezone.localdate(), author=counselor
    )
    pdf = pdf_text(client_a.get(f"/parcours/bilans/{review.pk}/bilan.pdf").content)
    assert "15 h" in pdf and "17,5 h" in pdf and "15.0" not in pdf and "17.5" not in pdf


def test_the_pathway_page_writes_hours_in_french_and_lets_wide_tables_scroll(client_a, planned):
    page = client_a.get(f"/parcours/{planned.pk}/").content.decode()
    assert "<td>17,5 h</td>" in page and "<td>15 h</td>" in page
    assert "15.0 h" not in page and "15,0 h" not in page
    assert page.count('<div class="table-responsive">') >= 2  # objectives aside, actions, weeks


@pytest.mark.parametrize(
    ("framework", "title"),
    [
        ("cej", "Contrat d'engagement jeune (CEJ)"),
        ("cer", "Contrat d'engagement réciproque (CER)"),
        ("iae", "Contrat d'accompagnement — Parcours IAE"),
        ("none", "Contrat d'accompagnement"),
    ],
)
def test_the_contract_title_names_the_frame_once(pathway, framework, title):
    from tremplin.pathways.documents import contract_document

    pathway.framework = framework
    assert contract_document(pathway).title == title


@pytest.mark.parametrize(("sex", "born"), [("F", "Née le"), ("M", "Né le"), ("X", "Né·e le")])
def test_the_contract_agrees_the_birth_date_with_the_persons_sex(client_a, pathway, sex, born):
    pathway.person.sex = sex
    pathway.person.save()
    Pathway.objects.filter(pk=pathway.pk).update(framework="cej")
    pdf = pdf_text(client_a.get(f"/parcours/{pathway.pk}/contrat.pdf").content)
    assert f"{born} {pathway.person.birth_date:%d/%m/%Y}" in pdf
    assert "/ né le" not in pdf
    assert "Contrat d'engagement jeune (CEJ)" in pdf and "Contrat — " not in pdf


def test_a_contract_signed_with_the_former_wording_stays_signed(pathway, membership):
    from tremplin.pathways import actions
    from tremplin.pathways.documents import content_hash, contract_document, snapshot_of

    signature = actions.sign_contract(
        pathway=pathway, membership=membership, channel="screen", signer_name="Inès Zwyrtkowska"
    )
    former = snapshot_of(contract_document(pathway, former_wording=True))
    assert former["title"].startswith("Contrat — ")
    # As it was recorded before the wording changed (a signature is never saved again).
    type(signature).objects.filter(pk=signature.pk).update(
        snapshot=former, content_sha256=content_hash(former)
    )
    assert actions.contract_state(pathway) == actions.ContractState.SIGNED
    Action.objects.create(
        pathway=pathway, title="Atelier CV", owner=ActionOwner.PERSON, due_on=date(2026, 3, 1)
    )
    assert actions.contract_state(pathway) == actions.ContractState.PLAN_MOVED
