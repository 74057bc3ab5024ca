"""Defects found walking through the demo: the exit form, the objectives table, the
contract, the funders without nomenclature, the weeks to come."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.employment import actions as employment_actions
from tremplin.employment.models import Employment
from tremplin.pathways.models import Action, Exit, Objective

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_a(client, login, counselor):
    return login(client, counselor)


def test_the_exit_form_tells_every_error_at_once(client_a, pathway):
    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = Action.objects.create(
        pathway=pathway,
        title="Formation CACES",
        owner="person",
        starts_on=tomorrow + timedelta(days=5),
        due_on=tomorrow + timedelta(days=10),
        status="in_progress",
    )
    response = client_a.post(
        f"/parcours/{pathway.pk}/sortie/",
        {
            "exit_on": tomorrow.isoformat(),
            "situation": "job_seeking",
            f"action_{later.pk}": "done",
        },
    )
    errors = response.context["form"].errors
    page = text(response)
    # The three errors in one round: objective undecided, date in the future, action to come.
    assert "Dites si l'objectif « Permis B » est atteint." in page
    assert errors["exit_on"] == ["La date de sortie ne peut pas être dans le futur."]
    assert errors[f"action_{later.pk}"] == [
        f"L'action « Formation CACES » commence le {later.starts_on:%d/%m/%Y}, après "
        f"aujourd'hui ({timezone.localdate():%d/%m/%Y}) : elle ne peut pas être réalisée. "
        "Choisissez « Annulée »."
    ]
    assert not Exit.objects.exists()
    pathway.refresh_from_db()
    assert not pathway.is_closed


def test_an_exit_before_the_pathway_is_refused_by_the_form(client_a, pathway):
    response = client_a.post(
        f"/parcours/{pathway.pk}/sortie/",
        {"exit_on": (pathway.started_on - timedelta(days=1)).isoformat(), "situation": "other"},
    )
    assert response.context["form"].errors["exit_on"] == [
        "La sortie ne peut pas précéder le début du parcours."
    ]
    assert not Exit.objects.exists()


def test_the_exit_form_proposes_the_employment_recorded(client_a, pathway, person, counselor):
    url = f"/parcours/{pathway.pk}/sortie/"
    assert "situation" not in client_a.get(url).context["form"].initial
    employment = Employment(
        person=person,
        referent=counselor,
        employer_name="Boulangerie du Port",
        job_title="Boulangère",
        contract_type="cdd",
        starts_on=pathway.started_on + timedelta(days=30),
        contract_ends_on=pathway.started_on + timedelta(days=240),
        weekly_hours=35,
    )
    employment_actions.start(
        employment=employment, membership=counselor.memberships.get(), steps="1 mois"
    )
    response = client_a.get(url)
    form = response.context["form"]
    assert form["situation"].value() == "cdd"
    assert form["employer"].value() == "Boulangerie du Port"
    assert form["contract_start"].value() == employment.starts_on
    assert form["contract_end"].value() == employment.contract_ends_on
    assert form["weekly_hours"].value() == 35
    assert "Situation proposée d'après l'emploi enregistré" in text(response)
    # Proposed only: nothing is closed until the counselor confirms.
    pathway.refresh_from_db()
    assert not pathway.is_closed


def test_the_objectives_table_puts_each_fact_under_its_header(client_a, pathway):
    from tremplin.pathways.documents import contract_document

    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    page = " ".join(text(client_a.get(f"/parcours/{pathway.pk}/")).split())
    assert (
        '<th scope="col">Objectif</th><th scope="col">Domaine</th>'
        '<th scope="col">Besoin du diagnostic</th>' in page
    )
    # Not from the diagnosis: the thematique goes with the objective, no need is named.
    assert (
        '<td>Permis B<br><span class="small text-body-secondary">Thématique : Préparer un '
        "permis</span></td><td>Mobilité</td><td>—</td>" in page
    )
    table = next(b for b in contract_document(pathway).blocks if b.kind == "table")
    assert table.headers == ["Objectif", "Domaine", "État"]
    assert table.rows == [
        ["Permis B (thématique : Préparer un permis)", "Mobilité", "En\u00a0cours"]
    ]


def test_a_contract_signed_with_the_former_objectives_table_stays_signed(pathway, membership):
    from tremplin.pathways import actions
    from tremplin.pathways.documents import content_hash, contract_document, snapshot_of
    from tremplin.pathways.models import ContractSignature

    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    signature = actions.sign_contract(
        pathway=pathway, membership=membership, channel="screen", signer_name="Inès Zwyrt"
    )
    former = snapshot_of(contract_document(pathway, former_objectives=True))
    assert former != signature.snapshot
    ContractSignature.objects.filter(pk=signature.pk).update(
        snapshot=former, content_sha256=content_hash(former)
    )
    assert actions.contract_state(pathway) == actions.ContractState.SIGNED
