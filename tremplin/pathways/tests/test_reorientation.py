"""Reorientation (another framework here, or another structure) and the funders' screen."""

import html
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tremplin.network import referrals as referral_workflow
from tremplin.network.models import PartnerService, PartnerStructure
from tremplin.pathways import actions
from tremplin.pathways.enums import ExitCategory, ExitSituation, ReorientationKind
from tremplin.pathways.exits import ExitFacts
from tremplin.pathways.models import Action, Exit, Funder, Objective, Pathway, Reorientation
from tremplin.people.enums import ConsentChannel
from tremplin.people.models import Follow
from tremplin.referentials.models import Thematique

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_a(client, login, counselor):
    return login(client, counselor)


@pytest.fixture
def plan(pathway):
    """Two objectives in progress (one with a done and an overdue action), one reached."""
    thematique = Thematique.objects.get(pk="mobilite--preparer-un-permis")
    permis = Objective.objects.create(pathway=pathway, thematique=thematique, title="Le permis B")
    cv = Objective.objects.create(pathway=pathway, thematique=thematique, title="Un CV à jour")
    Objective.objects.create(
        pathway=pathway, thematique=thematique, title="Le code", status="reached"
    )
    Action.objects.create(
        pathway=pathway,
        objective=permis,
        title="S'inscrire à l'auto-école",
        owner="person",
        due_on=date(2026, 2, 1),
        status="done",
    )
    Action.objects.create(
        pathway=pathway,
        objective=permis,
        title="Demander l'aide au permis",
        owner="counselor",
        due_on=date(2026, 3, 1),
        status="planned",
        hours=2,
    )
    return permis, cv


def test_reorientation_to_another_framework_closes_and_opens_with_chosen_objectives(
    client_a, pathway, plan, funders
):
    permis, _cv = plan
    aide = Action.objects.get(title="Demander l'aide au permis")
    today = timezone.localdate()
    response = client_a.post(
        f"/parcours/{pathway.pk}/reorientation/",
        {
            "kind": "framework",
            "framework-decided_on": today.isoformat(),
            "framework-framework": "cej",
            "framework-planned_end_on": (today + timedelta(days=300)).isoformat(),
            "framework-reason": "Elle a 24 ans : le CEJ lui donne l'allocation et un rythme.",
            "framework-objectives": [permis.pk],
            "framework-funders": [funders[0].pk],
            f"framework-action_{aide.pk}": "carried",
            "framework-action_versions": f"{aide.pk}:{aide.version}",
        },
    )
    pathway.refresh_from_db()
    assert pathway.is_closed and pathway.closed_on == today
    assert pathway.exit.situation == ExitSituation.REORIENTED
    assert pathway.exit.category == ExitCategory.REORIENTED
    new = Pathway.objects.exclude(pk=pathway.pk).get(person=pathway.person)
    assert response.status_code == 302 and response.url == f"/parcours/{new.pk}/"
    assert new.framework == "cej" and new.started_on == today
    assert list(new.funders.all()) == [funders[0]]
    assert [o.title for o in new.objectives.all()] == ["Le permis B"]
    moved = new.actions.get()
    # Only what is still to do comes along; an overdue action is due on the new start, to be
    # planned again: its 2 hours stay counted on its past days, in the old pathway.
    assert moved.title == "Demander l'aide au permis" and moved.due_on == today
    assert moved.objective.pathway_id == new.pk and moved.hours is None
    reorientation = Reorientation.objects.get(pathway=pathway)
    assert reorientation.kind == ReorientationKind.FRAMEWORK
    assert reorientation.new_pathway == new and reorientation.objectives_carried == 1
    assert reorientation.actions_carried == 1
    # Nothing stays open in the closed pathway: the action is « reprise » there.
    assert Action.objects.get(pk=aide.pk).status == "carried"
    page = text(client_a.get(f"/parcours/{new.pk}/"))
    assert "fait suite à une réorientation" in page and "le CEJ lui donne" in page
    old_page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "1 objectif repris" in old_page
    # The closed pathway keeps no objective « en cours »: taken up, or left.
    assert {o.title: o.status for o in pathway.objectives.all()} == {
        "Le permis B": "carried",
        "Un CV à jour": "abandoned",
        "Le code": "reached",
    }
    assert "Repris ailleurs (réorientation)" in old_page


def test_reorientation_needs_a_reason_a_new_framework_and_changes_nothing_otherwise(
    client_a, pathway, plan
):
    today = timezone.localdate()
    response = client_a.post(
        f"/parcours/{pathway.pk}/reorientation/",
        {
            "kind": "framework",
            "framework-decided_on": today.isoformat(),
            "framework-framework": pathway.framework,
            "framework-planned_end_on": today.isoformat(),
            "framework-reason": "",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "Indiquez le motif" in page or "Ce champ est obligatoire" in page
    assert "La fin prévue doit être après le début." in page
    # The current framework is not offered as the new one.
    assert "Sélectionnez un choix valide" in page
    pathway.refresh_from_db()
    assert not pathway.is_closed and Pathway.objects.count() == 1
    assert not Reorientation.objects.exists()


def test_a_failing_reorientation_leaves_the_pathway_open(pathway, membership, plan):
    # The new pathway is refused (it would end the day it starts) after the old one was
    # closed with its exit: the whole reorientation is undone.
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="fin prévue"):
        actions.reorient_to_framework(
            pathway=pathway,
            membership=membership,
            decided_on=today,
            framework="cej",
            planned_end_on=today,
            reason="Le CEJ lui convient mieux.",
            objectives=list(plan),
            action_outcomes={a.pk: "carried" for a in actions.open_items(pathway)[1]},
        )
    pathway.refresh_from_db()
    assert not pathway.is_closed and not Exit.objects.exists()
    assert not pathway.actions.filter(status="carried").exists()
    assert Pathway.objects.count() == 1 and Objective.objects.count() == 3


@pytest.fixture
def partner_service(structure_b, nantes):
    partner = PartnerStructure.objects.create(
        source="manual",
        source_id="plie-b",
        name="PLIE de la métropole",
        tremplin_structure=structure_b,
        commune=nantes,
    )
    return PartnerService.objects.create(
        structure=partner, source="manual", source_id="plie-b-acc", name="Accompagnement PLIE"
    )


def test_reorientation_to_another_structure_shares_the_chosen_sections_and_closes(
    client_a, pathway, plan, membership, partner_service, other_counselor, login
):
    referral = referral_workflow.create_draft(
        person=pathway.person,
        membership=membership,
        service=partner_service,
        motive="Un accompagnement renforcé vers l'emploi, avec un référent PLIE.",
    )
    referral_workflow.send(
        referral=referral,
        membership=membership,
        sections=["identity", "pathway"],
        consent_channel=ConsentChannel.ORAL,
    )
    # Before the reorientation the partner already reads the pathway it was given, but
    # cannot change it.
    partner_client = login(Client(), other_counselor)
    shared = partner_client.get(f"/parcours/{pathway.pk}/")
    assert shared.status_code == 200 and "Le permis B" in text(shared)
    assert "Modifier le parcours" not in text(shared)
    assert partner_client.get(f"/parcours/{pathway.pk}/modifier/").status_code in (403, 404)

    aide = Action.objects.get(title="Demander l'aide au permis")
    today = timezone.localdate()
    response = client_a.post(
        f"/parcours/{pathway.pk}/reorientation/",
        {
            "kind": "structure",
            "structure-decided_on": today.isoformat(),
            "structure-referral": referral.pk,
            "structure-reason": "Le PLIE prend le relais pour l'accès à l'emploi.",
            "structure-end_follow": "on",
            f"structure-action_{aide.pk}": "cancelled",
            "structure-action_versions": f"{aide.pk}:{aide.version}",
        },
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.is_closed and pathway.exit.category == ExitCategory.REORIENTED
    assert "PLIE de la métropole" in pathway.exit.comment
    reorientation = pathway.reorientation
    assert reorientation.kind == ReorientationKind.STRUCTURE
    assert reorientation.referral == referral and reorientation.follow_ended
    follow = Follow.objects.get(person=pathway.person, structure=membership.structure)
    assert follow.ended_on == today and follow.end_reason == "reorientation"
    assert "réorientée vers PLIE de la métropole" in text(client_a.get(response.url, follow=True))
    # The partner takes the objectives still in progress up.
    assert set(pathway.objectives.values_list("status", flat=True)) == {"carried", "reached"}
    # Our actions do not move to the partner: each is done or cancelled.
    assert Action.objects.get(pk=aide.pk).status == "cancelled"


def test_a_partner_without_the_pathway_section_does_not_see_the_pathway(
    pathway, membership, partner_service, other_counselor, login
):
    referral = referral_workflow.create_draft(
        person=pathway.person,
        membership=membership,
        service=partner_service,
        motive="Un accompagnement renforcé.",
    )
    referral_workflow.send(
        referral=referral,
        membership=membership,
        sections=["identity"],
        consent_channel=ConsentChannel.ORAL,
    )
    partner_client = login(Client(), other_counselor)
    assert partner_client.get(f"/parcours/{pathway.pk}/").status_code == 404


def test_reorientation_to_a_structure_refuses_a_cancelled_or_foreign_referral(
    pathway, membership, partner_service
):
    referral = referral_workflow.create_draft(
        person=pathway.person,
        membership=membership,
        service=partner_service,
        motive="Brouillon jamais envoyé.",
    )
    with pytest.raises(ValidationError, match="brouillon"):
        actions.reorient_to_structure(
            pathway=pathway,
            membership=membership,
            decided_on=timezone.localdate(),
            referral=referral,
            reason="Essai",
            end_follow=False,
        )
    pathway.refresh_from_db()
    assert not pathway.is_closed


def test_every_nomenclature_maps_the_reorientation(pathway, membership, funders):
    exit_ = actions.close_with_exit(
        pathway=pathway,
        by=membership.user,
        facts=ExitFacts(situation=ExitSituation.REORIENTED, exit_on=timezone.localdate()),
    )
    labels = {f.name: m.label if m else None for f, m in exit_.funder_categories()}
    assert labels == {
        "Département": None,
        "DDETS — IAE": "Autre sortie",
        "PLIE de l'estuaire": "Sortie non positive",
        "FSE+": "Aucun indicateur de résultat immédiat",
    }


# --- funders ------------------------------------------------------------------------------


def test_structure_admin_adds_renames_and_deactivates_a_funder(
    client, login, structure_admin, structure_a, funders, pathway
):
    admin = login(client, structure_admin)
    page = text(admin.get("/equipe/financeurs/"))
    assert "DDETS — IAE" in page and "IAE — sorties dynamiques" in page
    response = admin.post(
        "/equipe/financeurs/", {"name": "  Conseil   départemental ", "nomenclature": ""}
    )
    assert response.status_code == 302
    created = Funder.objects.get(structure=structure_a, name="Conseil départemental")
    # The same name twice is refused, in French, and nothing is added.
    again = admin.post("/equipe/financeurs/", {"name": "conseil départemental"})
    assert "Ce financeur existe déjà" in text(again)
    assert Funder.objects.filter(structure=structure_a).count() == 5
    admin.post(
        f"/equipe/financeurs/{created.pk}/",
        {"name": "Département de Loire-Atlantique", "nomenclature": "plie"},
    )
    created.refresh_from_db()
    assert created.name == "Département de Loire-Atlantique"
    assert created.nomenclature_id == "plie" and not created.is_active


def test_funders_screen_counts_open_pathways_and_exits_in_each_nomenclature(
    client, login, structure_admin, funders, pathway, membership
):
    actions.close_with_exit(
        pathway=pathway,
        by=membership.user,
        facts=ExitFacts(
            situation=ExitSituation.CDD,
            exit_on=timezone.localdate(),
            employer="Biocoop",
            contract_start=timezone.localdate(),
            contract_end=timezone.localdate() + timedelta(days=60),
        ),
    )
    page = text(login(client, structure_admin).get("/equipe/financeurs/"))
    assert "Emploi de transition (ET) : 1" in page
    assert "Sortie non positive (SNP) : 1" in page


def test_funders_are_for_structure_admins_of_their_own_structure(
    client, login, counselor, funders, other_counselor
):
    assert login(client, counselor).get("/equipe/financeurs/").status_code == 403
    other = login(Client(), other_counselor)
    assert other.get(f"/equipe/financeurs/{funders[0].pk}/").status_code in (403, 404)


def test_the_receiving_structure_welcomes_the_person_into_its_caseload(
    pathway, membership, partner_service, other_counselor, structure_b, login
):
    referral = referral_workflow.create_draft(
        person=pathway.person,
        membership=membership,
        service=partner_service,
        motive="Un accompagnement renforcé.",
    )
    referral_workflow.send(
        referral=referral,
        membership=membership,
        sections=["identity", "pathway"],
        consent_channel=ConsentChannel.ORAL,
    )
    partner_client = login(Client(), other_counselor)
    page = partner_client.get(f"/orientations/{referral.pk}/")
    # Not before the partner has accepted.
    assert "Suivre la personne dans notre structure" not in text(page)
    refused = partner_client.post(f"/orientations/{referral.pk}/", {"action": "welcome"})
    assert refused.status_code == 302
    assert not Follow.objects.filter(structure=structure_b).exists()
    referral_workflow.answer(referral=referral, accepted=True, by=other_counselor)
    page = partner_client.get(f"/orientations/{referral.pk}/")
    assert "Suivre la personne dans notre structure" in text(page)
    response = partner_client.post(
        f"/orientations/{referral.pk}/", {"action": "welcome", "accompaniment_channel": "oral"}
    )
    assert response.url == f"/personnes/{pathway.person_id}/"
    follow = Follow.objects.get(structure=structure_b, person=pathway.person)
    assert follow.referent == other_counselor and follow.ended_on is None
    # Twice is refused: the structure already follows the person.
    with pytest.raises(ValidationError, match="suit déjà"):
        referral_workflow.welcome(referral=referral, membership=other_counselor.memberships.get())
    assert Follow.objects.filter(structure=structure_b).count() == 1


def test_a_reorientation_to_a_cej_beyond_twelve_months_asks_the_extension_reason(client_a, pathway):
    today = timezone.localdate()
    url = f"/parcours/{pathway.pk}/reorientation/"
    data = {
        "kind": "framework",
        "framework-decided_on": today.isoformat(),
        "framework-framework": "cej",
        "framework-planned_end_on": (today + timedelta(days=450)).isoformat(),
        "framework-reason": "Elle a 24 ans : le CEJ lui donne l'allocation et un rythme.",
    }
    page = text(client_a.get(url))
    assert "Motif de la prolongation exceptionnelle" in page
    refused = client_a.post(url, data)
    pathway.refresh_from_db()
    assert refused.status_code == 200 and not pathway.is_closed
    [error] = refused.context["framework_form"].errors["extension_reason"]
    assert "la prolongation est exceptionnelle" in error and "son motif doit être indiqué" in error
    done = client_a.post(
        url, {**data, "framework-extension_reason": "Formation qualifiante en cours."}
    )
    pathway.refresh_from_db()
    new = Pathway.objects.exclude(pk=pathway.pk).get(person=pathway.person)
    assert done.status_code == 302 and pathway.is_closed
    assert new.framework == "cej" and new.extension_reason == "Formation qualifiante en cours."
