"""What becomes of the actions still to do at a reorientation: carried over into the new
pathway (another framework here), done or cancelled; all at once, or nothing."""

import html
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tremplin.network import referrals as referral_workflow
from tremplin.network.models import PartnerService, PartnerStructure
from tremplin.pathways import actions
from tremplin.pathways.hours import hours_by_source, spread_action
from tremplin.pathways.models import Action, Exit, Objective, Pathway, Reorientation
from tremplin.people.enums import ConsentChannel

pytestmark = pytest.mark.django_db

PERMIS = "mobilite--preparer-un-permis"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def plan(pathway):
    """Two objectives in progress and three actions still to do (and one done)."""
    permis = Objective.objects.create(pathway=pathway, thematique_id=PERMIS, title="Permis B")
    cv = Objective.objects.create(pathway=pathway, thematique_id=PERMIS, title="Un CV")
    code = Action.objects.create(
        pathway=pathway,
        objective=permis,
        title="Passer le code",
        owner="partner",
        partner_name="Auto-école sociale",
        due_on=timezone.localdate() + timedelta(days=20),
        status="in_progress",
        hours=4,
    )
    atelier = Action.objects.create(
        pathway=pathway,
        objective=cv,
        title="Atelier CV",
        owner="counselor",
        due_on=timezone.localdate() + timedelta(days=10),
    )
    attente = Action.objects.create(
        pathway=pathway,
        title="Rendez-vous mission handicap",
        owner="person",
        due_on=date(2026, 2, 2),
        status="on_hold",
    )
    Action.objects.create(
        pathway=pathway, title="Inscription", owner="person", due_on=date(2026, 1, 9), status="done"
    )
    return {"permis": permis, "cv": cv, "code": code, "atelier": atelier, "attente": attente}


def versions(pathway) -> dict[int, int]:
    return {a.pk: a.version for a in actions.open_items(pathway)[1]}


def to_framework(pathway, membership, *, decided_on=None, objectives=(), **kwargs):
    decided_on = decided_on or timezone.localdate()
    return actions.reorient_to_framework(
        pathway=pathway,
        membership=membership,
        decided_on=decided_on,
        framework="cej",
        planned_end_on=decided_on + timedelta(days=200),
        reason="Le CEJ lui donne un rythme et une allocation.",
        objectives=objectives,
        **kwargs,
    )


def snapshot():
    """Everything a refused reorientation must leave as it was."""
    return (
        tuple(Pathway.objects.order_by("pk").values_list("pk", "status", "version")),
        tuple(Objective.objects.order_by("pk").values_list("pk", "status", "version")),
        tuple(Action.objects.order_by("pk").values_list("pk", "pathway_id", "status", "version")),
        Exit.objects.count(),
        Reorientation.objects.count(),
    )


# --- to another framework -----------------------------------------------------------------


def test_each_choice_to_another_framework(pathway, membership, plan):
    code, atelier, attente = plan["code"], plan["atelier"], plan["attente"]
    done = to_framework(
        pathway,
        membership,
        objectives=[plan["permis"]],
        action_outcomes={code.pk: "carried", atelier.pk: "carried", attente.pk: "cancelled"},
        action_versions=versions(pathway),
    )
    new = done.new_pathway
    assert done.objectives_carried == 1 and done.actions_carried == 2
    # In the closed pathway nothing stays open; each decision is recorded, version moved on.
    old = {a.title: (a.status, a.version) for a in pathway.actions.all()}
    assert old == {
        "Passer le code": ("carried", 2),
        "Atelier CV": ("carried", 2),
        "Rendez-vous mission handicap": ("cancelled", 2),
        "Inscription": ("done", 1),
    }
    copies = {a.title: a for a in new.actions.select_related("objective")}
    assert set(copies) == {"Passer le code", "Atelier CV"}
    moved = copies["Passer le code"]
    # Who leads it, its status, due date and hours come along; its objective too, since
    # that objective was carried: it points at the new pathway's copy of it.
    assert (moved.owner, moved.partner_name, moved.status) == (
        "partner",
        "Auto-école sociale",
        "in_progress",
    )
    assert moved.due_on == code.due_on and moved.hours == 4
    assert moved.objective.pathway_id == new.pk and moved.objective.title == "Permis B"
    # Its objective (« Un CV ») was left: the action goes on without an objective.
    assert copies["Atelier CV"].objective is None
    assert copies["Atelier CV"].owner == "counselor"


def test_done_and_cancelled_to_another_framework_carry_nothing(pathway, membership, plan):
    decided = {plan["code"].pk: "done", plan["atelier"].pk: "cancelled", plan["attente"].pk: "done"}
    done = to_framework(pathway, membership, action_outcomes=decided)
    assert done.actions_carried == 0 and not done.new_pathway.actions.exists()
    assert {a.pk: a.status for a in pathway.actions.filter(pk__in=decided)} == decided


def test_an_overdue_action_is_rescheduled_to_the_new_start(pathway, membership, plan):
    attente = plan["attente"]  # due 2 February 2026, on hold
    done = to_framework(
        pathway,
        membership,
        action_outcomes={
            attente.pk: "carried",
            plan["code"].pk: "done",
            plan["atelier"].pk: "done",
        },
    )
    copy = done.new_pathway.actions.get()
    assert copy.due_on == timezone.localdate() and copy.status == "on_hold"


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        # An action left undecided: nothing is silently left open.
        (lambda p: {p["code"].pk: "carried"}, "reste sans décision"),
        # An action that is not in the open list (done already, or another pathway's).
        (lambda p: {**all_carried(p), 999999: "carried"}, "ne contient pas l'élément n° 999999"),
        # A value not allowed.
        (lambda p: {**all_carried(p), p["code"].pk: "deleted"}, "Choix impossible pour « Passer"),
        (lambda p: {**all_carried(p), p["code"].pk: "on_hold"}, "Choix impossible"),
    ],
    ids=["undecided", "unknown-id", "unknown-value", "open-value"],
)
def test_bad_decisions_change_nothing(pathway, membership, plan, outcomes, message):
    before = snapshot()
    with pytest.raises(ValidationError, match=message):
        to_framework(
            pathway, membership, objectives=[plan["permis"]], action_outcomes=outcomes(plan)
        )
    assert snapshot() == before


def all_carried(plan) -> dict[int, str]:
    return {plan[k].pk: "carried" for k in ("code", "atelier", "attente")}


def test_a_done_action_cannot_be_decided_again(pathway, membership, plan):
    inscription = pathway.actions.get(title="Inscription")
    before = snapshot()
    with pytest.raises(ValidationError, match=f"n° {inscription.pk}"):
        to_framework(
            pathway, membership, action_outcomes={**all_carried(plan), inscription.pk: "cancelled"}
        )
    assert snapshot() == before


def test_a_plan_changed_meanwhile_is_a_conflict_and_changes_nothing(pathway, membership, plan):
    shown = versions(pathway)
    # Another counselor edits an action (its version moves on), in another tab.
    code = plan["code"]
    code.due_on += timedelta(days=7)
    code.version += 1
    code.save()
    before = snapshot()
    with pytest.raises(ValidationError, match="modifiée entre-temps.*« Passer le code »"):
        to_framework(pathway, membership, action_outcomes=all_carried(plan), action_versions=shown)
    assert snapshot() == before
    # An action added meanwhile is a conflict too, even with a decision for every action
    # shown.
    shown = versions(pathway)
    Action.objects.create(
        pathway=pathway, title="Atelier entretien", owner="person", due_on=code.due_on
    )
    with pytest.raises(ValidationError, match="« Atelier entretien »"):
        to_framework(pathway, membership, action_outcomes=all_carried(plan), action_versions=shown)
    assert Reorientation.objects.count() == 0


# --- to another structure ---------------------------------------------------------------


@pytest.fixture
def referral(pathway, membership, structure_b, nantes):
    partner = PartnerStructure.objects.create(
        source="manual",
        source_id="plie-b",
        name="PLIE de la métropole",
        tremplin_structure=structure_b,
        commune=nantes,
    )
    service = PartnerService.objects.create(
        structure=partner, source="manual", source_id="plie-b-acc", name="Accompagnement PLIE"
    )
    referral = referral_workflow.create_draft(
        person=pathway.person, membership=membership, service=service, motive="Le PLIE."
    )
    referral_workflow.send(
        referral=referral,
        membership=membership,
        sections=["identity"],
        consent_channel=ConsentChannel.ORAL,
    )
    referral.refresh_from_db()
    return referral


def to_structure(pathway, membership, referral, **kwargs):
    return actions.reorient_to_structure(
        pathway=pathway,
        membership=membership,
        decided_on=timezone.localdate(),
        referral=referral,
        reason="Le PLIE prend le relais.",
        end_follow=False,
        **kwargs,
    )


def test_to_another_structure_each_action_is_done_or_cancelled(pathway, membership, plan, referral):
    decided = {
        plan["code"].pk: "done",
        plan["atelier"].pk: "cancelled",
        plan["attente"].pk: "cancelled",
    }
    done = to_structure(
        pathway, membership, referral, action_outcomes=decided, action_versions=versions(pathway)
    )
    assert done.actions_carried == 0 and Pathway.objects.count() == 1
    assert {a.pk: a.status for a in pathway.actions.filter(pk__in=decided)} == decided


def test_to_another_structure_an_action_cannot_be_carried(pathway, membership, plan, referral):
    before = snapshot()
    with pytest.raises(ValidationError, match="« Réalisée » ou « Annulée » seulement"):
        to_structure(pathway, membership, referral, action_outcomes=all_carried(plan))
    assert snapshot() == before


# --- the screen ---------------------------------------------------------------------------


@pytest.fixture
def client_a(client, login, counselor):
    return login(client, counselor)


def test_the_form_proposes_a_decision_for_each_open_action(client_a, pathway, plan, referral):
    response = client_a.get(f"/parcours/{pathway.pk}/reorientation/")
    framework, structure = response.context["framework_form"], response.context["structure_form"]
    code, atelier, attente = plan["code"], plan["atelier"], plan["attente"]
    # Another framework: everything goes on in the new pathway unless the counselor says.
    assert {framework[f"action_{a.pk}"].initial for a in (code, atelier, attente)} == {"carried"}
    # Another structure: not started proposed as cancelled, in progress left to decide.
    assert structure[f"action_{atelier.pk}"].initial == "cancelled"
    assert structure[f"action_{attente.pk}"].initial == "cancelled"
    assert structure[f"action_{code.pk}"].initial is None
    page = text(response)
    assert "Reprise dans le nouveau parcours" in page and "Actions encore à réaliser" in page
    assert "Inscription" not in page  # done: nothing to decide


def test_posting_the_framework_form_settles_every_action(client_a, pathway, plan):
    url = f"/parcours/{pathway.pk}/reorientation/"
    shown = client_a.get(url).context["framework_form"]["action_versions"].value()
    today = timezone.localdate()
    data = {
        "kind": "framework",
        "framework-decided_on": today.isoformat(),
        "framework-framework": "cej",
        "framework-planned_end_on": (today + timedelta(days=200)).isoformat(),
        "framework-reason": "Le CEJ lui convient.",
        "framework-objectives": [plan["permis"].pk],
        "framework-action_versions": shown,
        f"framework-action_{plan['code'].pk}": "carried",
        f"framework-action_{plan['atelier'].pk}": "done",
        f"framework-action_{plan['attente'].pk}": "cancelled",
    }
    # A value not offered: a French error, nothing changes.
    refused = client_a.post(url, {**data, f"framework-action_{plan['code'].pk}": "deleted"})
    assert refused.status_code == 200
    assert "Choix impossible pour l'action « Passer le code »" in text(refused)
    assert Pathway.objects.count() == 1
    response = client_a.post(url, data)
    new = Pathway.objects.exclude(pk=pathway.pk).get()
    assert response.status_code == 302 and response.url == f"/parcours/{new.pk}/"
    assert [a.title for a in new.actions.all()] == ["Passer le code"]
    assert set(pathway.actions.values_list("status", flat=True)) == {"carried", "done", "cancelled"}
    shown_new = text(client_a.get(response.url))
    assert "1 objectif repris, 1 action reprise" in shown_new
    old_page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "Reprise dans le nouveau parcours" in old_page
    assert "(1 objectif repris, 1 action reprise)" in old_page


def test_the_form_refuses_a_plan_changed_in_another_tab(client_a, pathway, plan, colleague, login):
    url = f"/parcours/{pathway.pk}/reorientation/"
    shown = client_a.get(url).context["framework_form"]["action_versions"].value()
    # Meanwhile a colleague marks the in-progress action as done, through its own form.
    code = plan["code"]
    form = login(Client(), colleague).get(f"/parcours/actions/{code.pk}/").context["form"]
    login(Client(), colleague).post(
        f"/parcours/actions/{code.pk}/",
        {
            "title": code.title,
            "owner": "partner",
            "partner_name": code.partner_name,
            "due_on": code.due_on.isoformat(),
            "status": "done",
            "hours": "4",
            "objective": plan["permis"].pk,
            "version": code.version,
            "loaded_state": form["loaded_state"].value(),
        },
    )
    assert Action.objects.get(pk=code.pk).status == "done"
    today = timezone.localdate()
    data = {
        "kind": "framework",
        "framework-decided_on": today.isoformat(),
        "framework-framework": "cej",
        "framework-planned_end_on": (today + timedelta(days=200)).isoformat(),
        "framework-reason": "Le CEJ lui convient.",
        "framework-action_versions": shown,
        f"framework-action_{code.pk}": "cancelled",
        f"framework-action_{plan['atelier'].pk}": "carried",
        f"framework-action_{plan['attente'].pk}": "carried",
    }
    response = client_a.post(url, data)
    assert response.status_code == 200
    assert "modifiée entre-temps" in text(response)
    # The colleague's « done » is not overwritten by the « cancelled » chosen on the old page.
    assert Action.objects.get(pk=code.pk).status == "done"
    assert Pathway.objects.count() == 1 and not Reorientation.objects.exists()
    # The page shown again carries the plan as it is now: submitting it again goes through.
    again = response.context["framework_form"].data.copy()
    assert again["framework-action_versions"] != shown
    assert client_a.post(url, again).status_code == 302
    assert Action.objects.get(pk=code.pk).status == "done"


# --- weekly activity hours ---------------------------------------------------------------


def test_a_carried_action_is_counted_once_in_the_week_of_the_reorientation(pathway, membership):
    # Decided on Wednesday 4 March 2026. A 10-hour training from Monday 2 to Friday 6 (two
    # hours a working day) is in progress, and a 3-hour workshop due on Tuesday 3 is overdue.
    monday, wednesday = date(2026, 3, 2), date(2026, 3, 4)
    training = Action.objects.create(
        pathway=pathway,
        title="Formation gestes et postures",
        owner="partner",
        partner_name="AFPA",
        starts_on=monday,
        due_on=date(2026, 3, 6),
        status="in_progress",
        hours=10,
    )
    workshop = Action.objects.create(
        pathway=pathway, title="Atelier", owner="person", due_on=date(2026, 3, 3), hours=3
    )

    def week_hours(p):
        return hours_by_source(p, monday)["Actions du parcours"]

    assert week_hours(pathway) == 13
    done = to_framework(
        pathway,
        membership,
        decided_on=wednesday,
        action_outcomes={training.pk: "carried", workshop.pk: "carried"},
    )
    pathway.refresh_from_db()
    new = done.new_pathway
    copies = {a.title: a for a in new.actions.all()}
    # The copy takes the days from the reorientation on, with their share of the hours.
    assert copies["Formation gestes et postures"].starts_on == wednesday
    assert copies["Formation gestes et postures"].hours == 6
    # The overdue workshop is to be planned again in the new pathway: its hours stay on its
    # past day, in the old one (a week already reported does not change).
    assert copies["Atelier"].due_on == wednesday and copies["Atelier"].hours is None
    # Monday and Tuesday stay in the old pathway; the rest counts in the new one: the week
    # totals 13 hours, as before the reorientation, and not 26.
    assert week_hours(pathway) == 7
    assert week_hours(new) == 6
    assert week_hours(pathway) + week_hours(new) == 13
    old_training = Action.objects.get(pk=training.pk)
    assert old_training.status == "carried"
    assert sum(h for _d, h in spread_action(old_training, closed_on=wednesday)) == 4
    old_workshop = Action.objects.get(pk=workshop.pk)
    assert spread_action(old_workshop, closed_on=wednesday) == [(date(2026, 3, 3), 3)]


def test_a_long_overdue_action_is_carried_without_refusing_the_reorientation(pathway, membership):
    # 35 hours due ten days ago: carried whole on one day, it would be « 35 h sur 1 jour ».
    today = timezone.localdate()
    training = Action.objects.create(
        pathway=pathway,
        title="Formation sécurité",
        owner="partner",
        partner_name="AFPA",
        starts_on=today - timedelta(days=20),
        due_on=today - timedelta(days=10),
        status="in_progress",
        hours=35,
    )
    others = {a.pk: "done" for a in pathway.actions.exclude(pk=training.pk).exclude(status="done")}
    done = to_framework(pathway, membership, action_outcomes={training.pk: "carried", **others})
    copy = done.new_pathway.actions.get(title="Formation sécurité")
    assert copy.hours is None and copy.due_on == done.new_pathway.started_on
