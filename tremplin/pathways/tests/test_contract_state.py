"""What asks for a new signature of the contract, and what does not."""

from datetime import date

from tremplin.pathways import actions
from tremplin.pathways.actions import ContractState
from tremplin.pathways.enums import ActionOwner, ObjectiveStatus
from tremplin.pathways.models import Action, Objective


def _signed(pathway, membership):
    actions.sign_contract(
        pathway=pathway, membership=membership, channel="screen", signer_name="Inès Zwyrtkowska"
    )
    assert actions.contract_state(pathway) == ContractState.SIGNED


def test_unsigned_until_signed(pathway, membership):
    assert actions.contract_state(pathway) == ContractState.UNSIGNED
    _signed(pathway, membership)


def test_progress_plan_and_referent_move_without_a_new_signature(pathway, membership, colleague):
    objective = Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    action = Action.objects.create(
        pathway=pathway,
        objective=objective,
        title="S'inscrire à l'auto-école",
        owner=ActionOwner.PERSON,
        due_on=date(2026, 2, 1),
    )
    _signed(pathway, membership)
    objective.status = ObjectiveStatus.REACHED
    objective.save()
    action.status = "done"
    action.save()
    Action.objects.create(
        pathway=pathway, title="Passer le code", owner=ActionOwner.PERSON, due_on=date(2026, 3, 1)
    )
    pathway.referent = colleague
    pathway.save()
    assert actions.contract_state(pathway) == ContractState.PLAN_MOVED


def test_a_new_objective_changes_the_terms(pathway, membership):
    _signed(pathway, membership)
    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    assert actions.contract_state(pathway) == ContractState.TERMS_CHANGED


def test_a_longer_pathway_changes_the_terms(pathway, membership):
    _signed(pathway, membership)
    pathway.planned_end_on = date(2027, 6, 30)
    pathway.save()
    assert actions.contract_state(pathway) == ContractState.TERMS_CHANGED


def test_a_renamed_objective_changes_the_terms(pathway, membership):
    objective = Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    _signed(pathway, membership)
    objective.title = "Permis C"
    objective.save()
    assert actions.contract_state(pathway) == ContractState.TERMS_CHANGED


def test_the_caseload_flags_a_running_pathway_whose_contract_was_never_signed(
    client, login, counselor, pathway, membership
):
    login(client, counselor)
    page = client.get("/personnes/").content.decode()
    assert "commencé le 05/01/2026 : contrat pas encore signé" in page
    _signed(pathway, membership)
    page = client.get("/personnes/").content.decode()
    assert "contrat pas encore signé" not in page


def test_a_pathway_without_contract_or_not_yet_started_is_not_flagged(
    client, login, counselor, pathway
):
    login(client, counselor)
    pathway.framework = "none"
    pathway.save()
    assert "contrat pas encore signé" not in client.get("/personnes/").content.decode()
    pathway.framework = "cej"
    pathway.started_on = date(2099, 1, 4)
    pathway.planned_end_on = date(2099, 12, 31)
    pathway.save()
    assert "contrat pas encore signé" not in client.get("/personnes/").content.decode()
    pathway.started_on = date(2026, 1, 5)
    pathway.save()
    assert "contrat pas encore signé" in client.get("/personnes/").content.decode()
