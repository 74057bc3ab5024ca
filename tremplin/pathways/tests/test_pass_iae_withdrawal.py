"""A suspension or a prolongation of the PASS IAE recorded by mistake is withdrawn: it no
longer counts in the end of the PASS, and stays on record with who withdrew it and why."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tremplin.pathways import actions
from tremplin.pathways.enums import PathwayStatus
from tremplin.pathways.models import IaeApproval, IaeProlongation, IaeSuspension, Pathway
from tremplin.pathways.tests.test_pass_iae import prolong, record, suspend

pytestmark = pytest.mark.django_db


def withdraw_suspension(suspension, membership, reason="Dates saisies sur le mauvais PASS"):
    return actions.withdraw_iae_suspension(suspension=suspension, by=membership.user, reason=reason)


def withdraw_prolongation(prolongation, membership, reason="Prolongation refusée, saisie trop tôt"):
    return actions.withdraw_iae_prolongation(
        prolongation=prolongation, by=membership.user, reason=reason
    )


def test_a_withdrawn_suspension_no_longer_pushes_the_end_back(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    assert IaeApproval.objects.get().effective_ends_on == date(2028, 1, 14)
    withdraw_suspension(suspension, membership)
    approval = IaeApproval.objects.get()
    assert approval.effective_ends_on == date(2028, 1, 4)
    assert approval.current_suspensions == []
    [kept] = approval.withdrawn_entries
    assert kept.pk == suspension.pk
    assert kept.withdrawn_by == membership.user
    assert kept.withdrawal_reason == "Dates saisies sur le mauvais PASS"
    assert kept.withdrawn_at is not None


def test_a_withdrawal_needs_a_reason_and_changes_nothing_without_one(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    with pytest.raises(ValidationError) as refused:
        withdraw_suspension(suspension, membership, reason="   ")
    assert refused.value.message_dict["reason"] == ["Dites pourquoi cette saisie est retirée."]
    assert IaeSuspension.objects.get().withdrawn_at is None


def test_a_suspension_is_withdrawn_once(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    withdraw_suspension(suspension, membership)
    first = IaeSuspension.objects.get().withdrawn_at
    with pytest.raises(ValidationError, match="déjà été retirée"):
        withdraw_suspension(suspension, membership, reason="Encore")
    assert IaeSuspension.objects.get().withdrawn_at == first


def test_a_withdrawn_suspension_leaves_its_days_free_for_the_right_one(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    wrong = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    withdraw_suspension(wrong, membership)
    suspend(IaeApproval.objects.get(), membership, date(2026, 3, 5), date(2026, 3, 20))
    assert IaeApproval.objects.get().effective_ends_on == date(2028, 1, 20)


def test_withdrawing_the_latest_prolongation_brings_the_end_back(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    prolong(approval, membership, date(2029, 1, 4))
    latest = prolong(IaeApproval.objects.get(), membership, date(2030, 1, 4))
    withdraw_prolongation(latest, membership)
    approval = IaeApproval.objects.get()
    assert approval.ends_on == date(2029, 1, 4)
    assert [p.ends_on for p in approval.current_prolongations] == [date(2029, 1, 4)]
    # The PASS's own history says when its end moved back, and who moved it.
    assert approval.history.first().ends_on == date(2029, 1, 4)
    # Then the one before is the latest, and may go too.
    withdraw_prolongation(approval.current_prolongations[0], membership)
    assert IaeApproval.objects.get().ends_on == date(2028, 1, 4)


def test_only_the_latest_prolongation_can_be_withdrawn(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    first = prolong(approval, membership, date(2029, 1, 4))
    prolong(IaeApproval.objects.get(), membership, date(2030, 1, 4))
    with pytest.raises(ValidationError) as refused:
        withdraw_prolongation(first, membership)
    assert "la plus récente, jusqu'au 04/01/2030" in refused.value.messages[0]
    assert IaeApproval.objects.get().ends_on == date(2030, 1, 4)
    assert not IaeProlongation.objects.filter(withdrawn_at__isnull=False).exists()


def test_a_prolongation_overridden_by_a_correction_is_not_withdrawn(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    prolongation = prolong(approval, membership, date(2029, 1, 4))
    record(iae_pathway, membership, ends_on=date(2028, 12, 31))  # the dates corrected since
    with pytest.raises(ValidationError, match="corrigé depuis"):
        withdraw_prolongation(prolongation, membership)
    assert IaeApproval.objects.get().ends_on == date(2028, 12, 31)


def test_a_prolongation_holding_a_suspension_is_withdrawn_after_it(iae_pathway, membership):
    # A PASS of 2024, prolonged in December 2025 beyond its end (7 January 2026), then
    # suspended in June 2026: without the prolongation, the suspension would fall outside.
    approval = record(
        iae_pathway, membership, starts_on=date(2024, 1, 8), delivered_on=date(2024, 1, 5)
    )
    prolongation = actions.prolong_iae_approval(
        approval=approval,
        by=membership.user,
        ends_on=date(2026, 12, 31),
        reason="training",
        requested_on=date(2025, 12, 1),
    )
    suspend(IaeApproval.objects.get(), membership, date(2026, 6, 1), date(2026, 6, 30))
    with pytest.raises(ValidationError) as refused:
        withdraw_prolongation(prolongation, membership)
    assert "du 01/06/2026 au 30/06/2026" in refused.value.messages[0]
    assert IaeApproval.objects.get().ends_on == date(2026, 12, 31)
    assert IaeProlongation.objects.get().withdrawn_at is None


def test_a_closed_pathway_keeps_its_pass_as_it_is(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    Pathway.objects.filter(pk=iae_pathway.pk).update(
        status=PathwayStatus.CLOSED, closed_on=date(2026, 6, 30)
    )
    with pytest.raises(ValidationError, match="clos"):
        withdraw_suspension(suspension, membership)
    assert IaeSuspension.objects.get().withdrawn_at is None


def test_the_database_refuses_a_withdrawal_without_its_reason(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    with pytest.raises(IntegrityError), transaction.atomic():
        IaeSuspension.objects.filter(pk=suspension.pk).update(
            withdrawn_at=timezone.now(), withdrawn_by=membership.user
        )


# --- the screen -------------------------------------------------------------------------------


def test_the_counselor_withdraws_a_suspension_from_the_screen(
    client, login, counselor, iae_pathway, membership
):
    approval = record(iae_pathway, membership)
    suspension = suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    prolong(IaeApproval.objects.get(), membership, date(2029, 1, 4))
    login(client, counselor)
    detail = reverse("pathways:detail", args=[iae_pathway.pk])
    url = reverse("pathways:pass-iae-withdraw", args=[iae_pathway.pk])
    assert url in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    assert "Suspension du 02/03/2026 au 11/03/2026 (10 jours)" in page
    assert "Prolongation jusqu&#x27;au 04/01/2029 (au lieu du 04/01/2028)" in page

    # No reason: a French error, nothing withdrawn.
    response = client.post(url, {"entry": f"s{suspension.pk}", "reason": ""})
    assert response.status_code == 200
    assert "Dites pourquoi cette saisie est retirée." in response.content.decode()
    assert IaeSuspension.objects.get().withdrawn_at is None

    response = client.post(url, {"entry": f"s{suspension.pk}", "reason": "Mauvaises dates"})
    assert response.status_code == 302
    assert IaeSuspension.objects.get().withdrawal_reason == "Mauvaises dates"
    page = client.get(detail).content.decode()
    assert "Saisies retirées (1)" in page
    assert "Mauvaises dates" in page
    assert "reportée de 10 jours" not in page


def test_an_entry_of_another_pathway_cannot_be_chosen(
    client, login, counselor, iae_pathway, membership
):
    record(iae_pathway, membership)
    prolongation = prolong(IaeApproval.objects.get(), membership, date(2029, 1, 4))
    login(client, counselor)
    url = reverse("pathways:pass-iae-withdraw", args=[iae_pathway.pk])
    for entry in ["s999999", f"s{prolongation.pk}", "p0", "x"]:
        response = client.post(url, {"entry": entry, "reason": "Essai"})
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in response.content.decode()
    assert IaeProlongation.objects.get().withdrawn_at is None


def test_nothing_to_withdraw_sends_back_to_the_pathway(
    client, login, counselor, iae_pathway, membership
):
    record(iae_pathway, membership)
    login(client, counselor)
    response = client.get(reverse("pathways:pass-iae-withdraw", args=[iae_pathway.pk]))
    assert response.status_code == 302
    assert response.url.endswith("#h-pass-iae")


# --- the file's history -----------------------------------------------------------------------


def test_the_file_history_tells_each_step_of_the_pass(
    client, login, counselor, colleague, iae_pathway, membership
):
    login(client, counselor)
    pass_url = reverse("pathways:pass-iae", args=[iae_pathway.pk])
    fields = {
        "number": "99999 26 12345",
        "starts_on": "2026-01-05",
        "delivered_by": "Plateforme de l'inclusion",
        "delivered_on": "2026-01-02",
    }
    assert client.post(pass_url, fields).status_code == 302
    fields["delivered_on"] = "2026-01-03"
    assert client.post(pass_url, fields).status_code == 302
    suspend_url = reverse("pathways:pass-iae-suspend", args=[iae_pathway.pk])
    client.post(
        suspend_url,
        {"starts_on": "2026-03-02", "ends_on": "2026-03-11", "reason": "incarceration"},
    )
    client.post(
        reverse("pathways:pass-iae-prolong", args=[iae_pathway.pk]),
        {"ends_on": "2029-01-04", "reason": "training", "requested_on": "2026-06-01"},
    )
    suspension = IaeSuspension.objects.get()
    client.post(
        reverse("pathways:pass-iae-withdraw", args=[iae_pathway.pk]),
        {"entry": f"s{suspension.pk}", "reason": "Erreur de salarié"},
    )
    history = reverse("people:history", args=[iae_pathway.person_id])
    page = client.get(history).content.decode()
    assert "Alice Conseil : PASS IAE enregistré : du 05/01/2026 au 04/01/2028" in page
    assert "PASS IAE corrigé" in page and "Délivré le : 02/01/2026 → 03/01/2026" in page
    assert "Suspension du PASS IAE du 02/03/2026 au 11/03/2026 (10 jours) — Incarcération" in page
    assert "PASS IAE prolongé jusqu&#x27;au 04/01/2029 (au lieu du 04/01/2028)" in page
    assert "Suspension du 02/03/2026 au 11/03/2026 retirée : Erreur de salarié" in page
    # The prolongation shows once, as a prolongation, not also as a correction of the end.
    assert "Fin du PASS IAE : 04/01/2028 → 04/01/2029" not in page

    login(client, colleague)  # not the référente: the justice motif is not for her
    page = client.get(history).content.decode()
    assert "PASS IAE enregistré" in page
    assert "Incarcération" not in page
    assert "motif réservé (partie « Justice » du dossier)" in page
