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
