"""The employment's page: every document button says which document it gives; a CDDI leads
to the person's IAE pathway and PASS IAE."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import Membership, StructureKind
from tremplin.employment.models import IntegrationReview
from tremplin.employment.tests.test_follow_up import start

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def visible(page: str) -> str:
    """The page's text as seen on screen: without the visually hidden parts and the tags."""
    page = re.sub(r'<span class="visually-hidden">.*?</span>', "", page, flags=re.S)
    return re.sub(r"<[^>]+>", "", page)


def test_every_document_button_has_a_full_label(client, login, counselor, person):
    job = start(person, counselor, starts_on=timezone.localdate() - timedelta(days=30))
    IntegrationReview.objects.create(
        employment=job,
        author=counselor,
        held_on=timezone.localdate(),
        skills_acquired="Mise en rayon.",
        continuation="confirmed",
    )
    login(client, counselor)
    page = text(client.get(f"/emplois/{job.pk}/"))
    links = re.findall(r'<a class="btn[^"]*" href="/emplois/\d+/[^"]*">(.*?)</a>', page, re.S)
    labels = [" ".join(visible(link).split()) for link in links]
    for expected in (
        "Plan d'intégration (PDF)",
        "Plan d'intégration (DOCX)",
        "Bilan d'intégration (PDF)",
        "Bilan d'intégration (DOCX)",
    ):
        assert expected in labels
    assert "(DOCX)" not in labels


@pytest.fixture
def aci_job(structure_a, person, counselor):
    from tremplin.pathways.tests.test_pass_iae import open_iae, record

    structure_a.kind = StructureKind.SIAE_ACI
    structure_a.save()
    today = timezone.localdate()
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    counselor.active_membership = membership
    pathway = open_iae(person, membership, started_on=today - timedelta(days=60))
    record(
        pathway,
        membership,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=600),
        delivered_on=today - timedelta(days=61),
    )
    job = start(
        person,
        counselor,
        contract_type="siae",
        employer_name=structure_a.name,
        job_title="Ouvrier maraîcher",
        starts_on=today - timedelta(days=10),
        contract_ends_on=today + timedelta(days=150),
        weekly_hours=Decimal(26),
    )
    return job, pathway


def test_a_cddi_leads_to_the_iae_pathway_and_its_pass(client, login, counselor, aci_job):
    job, pathway = aci_job
    login(client, counselor)
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(f"/emplois/{job.pk}/"))
    link = reverse("pathways:detail", args=[pathway.pk]) + "#h-pass-iae"
    assert f'<a href="{link}">Parcours IAE et PASS IAE</a>' in page
    # One query finds the pathway and its PASS (the suspensions come with the PASS).
    pathway_queries = [
        q["sql"] for q in queries.captured_queries if 'FROM "pathways_pathway"' in q["sql"]
    ]
    assert len(pathway_queries) == 1
    assert not [q for q in queries.captured_queries if 'FROM "pathways_iaeapproval"' in q["sql"]]


def test_an_ended_cddi_still_leads_to_the_pathway_in_one_query(client, login, counselor, aci_job):
    from tremplin.employment import actions

    job, _pathway = aci_job
    actions.end(employment=job, ended_on=timezone.localdate(), reason="agreed", note="")
    login(client, counselor)
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(f"/emplois/{job.pk}/"))
    assert "Parcours IAE et PASS IAE" in page
    touching = [
        q["sql"]
        for q in queries.captured_queries
        if re.search(r'FROM "pathways_(pathway|iaeapproval|iaesuspension)"', q["sql"])
    ]
    # The pathway with its PASS; no suspensions read when no end is compared.
    assert len(touching) == 1


def test_no_pathway_link_once_the_pathway_is_closed_or_for_another_contract(
    client, login, counselor, person, aci_job
):
    from tremplin.pathways.enums import PathwayStatus

    job, pathway = aci_job
    login(client, counselor)
    other = start(person, counselor, employer_name="Boulangerie du Port")
    assert "Parcours IAE et PASS IAE" not in text(client.get(f"/emplois/{other.pk}/"))
    type(pathway).objects.filter(pk=pathway.pk).update(status=PathwayStatus.CLOSED)
    assert "Parcours IAE et PASS IAE" not in text(client.get(f"/emplois/{job.pk}/"))


def test_an_siae_records_a_cddi_in_its_own_words(client, login, counselor, aci_job, person):
    login(client, counselor)
    tab = text(client.get(reverse("employment:person", args=[person.pk])))
    assert "Enregistrer un CDDI ou une embauche" in tab and "Noter une embauche" not in tab
    form = text(client.get(reverse("employment:create", args=[person.pk])))
    assert (
        "Enregistrez ici le contrat à durée déterminée d'insertion (CDDI) signé avec la "
        "structure, que le formulaire propose déjà, ou un emploi trouvé" in form
    )
    assert "La personne a trouvé un emploi" not in form
