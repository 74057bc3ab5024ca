"""The rules of the plateforme de l'inclusion on the PASS IAE's suspensions and
prolongations, and what the team sees of a sensitive motif."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tremplin.pathways import actions
from tremplin.pathways.enums import IaeProlongationReason, IaeSuspensionReason
from tremplin.pathways.models import (
    IaeApproval,
    IaeProlongation,
    IaeSuspension,
    default_iae_ends_on,
)
from tremplin.pathways.tests.test_pass_iae import record, suspend

pytestmark = pytest.mark.django_db


def test_a_suspension_is_recorded_when_it_begins_not_ahead(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        suspend(approval, membership, tomorrow, tomorrow + timedelta(days=30))
    assert "dans le futur" in refused.value.message_dict["starts_on"][0]
    assert not IaeSuspension.objects.exists()


def test_a_suspension_lasts_36_months_at_most(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    with pytest.raises(ValidationError) as refused:
        suspend(approval, membership, date(2026, 3, 2), date(2029, 3, 2))
    [message] = refused.value.message_dict["ends_on"]
    assert message == (
        "Une suspension dure 36 mois au plus : celle-ci doit finir le 01/03/2029 au plus tard."
    )
    assert not IaeSuspension.objects.exists()
    suspend(approval, membership, date(2026, 3, 2), date(2026, 3, 11))
    assert IaeSuspension.objects.count() == 1


def test_a_suspension_outside_the_pass_says_the_rule(iae_pathway, membership):
    approval = record(iae_pathway, membership)
    with pytest.raises(ValidationError) as refused:
        suspend(approval, membership, date(2025, 12, 1), date(2026, 1, 10))
    assert refused.value.message_dict["starts_on"] == [
        "La suspension doit commencer pendant la validité du PASS IAE, du 05/01/2026 au 04/01/2028."
    ]


def prolong_on(approval, membership, requested_on, reason=IaeProlongationReason.TRAINING):
    return actions.prolong_iae_approval(
        approval=approval,
        by=membership.user,
        ends_on=approval.ends_on + timedelta(days=365),
        reason=reason,
        requested_on=requested_on,
    )


def test_an_ended_pass_is_not_prolonged(iae_pathway, membership):
    approval = record(
        iae_pathway, membership, starts_on=date(2024, 1, 8), delivered_on=date(2024, 1, 5)
    )
    with pytest.raises(ValidationError) as refused:
        prolong_on(approval, membership, date(2026, 1, 8))
    [message] = refused.value.message_dict["requested_on"]
    assert message.startswith("Le PASS IAE a pris fin le 07/01/2026 : une prolongation se ")
    assert not IaeProlongation.objects.exists()
    # Asked on its last day, it is prolonged.
    prolong_on(approval, membership, date(2026, 1, 7))
    assert IaeApproval.objects.get().ends_on == date(2027, 1, 7)


def test_the_age_of_a_senior_prolongation_is_checked(iae_pathway, membership):
    person = iae_pathway.person
    person.birth_date = date(1976, 6, 2)
    person.save(update_fields=["birth_date"])
    approval = record(iae_pathway, membership)
    with pytest.raises(ValidationError) as refused:
        prolong_on(approval, membership, date(2026, 6, 1), IaeProlongationReason.SENIOR)
    assert refused.value.message_dict["reason"] == [
        "La personne avait moins de 50 ans le 01/06/2026, date de la demande (né·e le "
        "02/06/1976) : choisissez un autre motif."
    ]
    assert not IaeProlongation.objects.exists()
    prolong_on(approval, membership, date(2026, 6, 2), IaeProlongationReason.SENIOR)
    assert IaeProlongation.objects.count() == 1


def test_no_motif_is_preselected(client, login, counselor, iae_pathway, membership):
    record(iae_pathway, membership)
    login(client, counselor)
    url = reverse("pathways:pass-iae-suspend", args=[iae_pathway.pk])
    page = client.get(url).content.decode()
    assert '<option value="" selected>— Choisir le motif —</option>' in page
    response = client.post(url, {"starts_on": "2026-03-02", "ends_on": "2026-03-11"})
    assert "Choisissez le motif de la suspension." in response.content.decode()
    assert not IaeSuspension.objects.exists()
    page = client.get(reverse("pathways:pass-iae-prolong", args=[iae_pathway.pk])).content
    assert '<option value="" selected>— Choisir le motif —</option>' in page.decode()


def test_a_health_or_justice_motif_is_for_the_referent_only(
    client, login, counselor, colleague, iae_pathway, membership
):
    approval = record(iae_pathway, membership)
    actions.suspend_iae_approval(
        approval=approval,
        by=counselor,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 4, 30),
        reason=IaeSuspensionReason.INCARCERATION,
        detail="Maison d'arrêt de Nantes",
    )
    actions.suspend_iae_approval(
        approval=IaeApproval.objects.get(),
        by=counselor,
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 20),
        reason=IaeSuspensionReason.CONTRACT_SUSPENDED,
        detail="Mise à pied",
    )
    detail = reverse("pathways:detail", args=[iae_pathway.pk])
    withdraw = reverse("pathways:pass-iae-withdraw", args=[iae_pathway.pk])

    login(client, counselor)  # the référente
    page = client.get(detail).content.decode()
    assert "Incarcération (Maison d&#x27;arrêt de Nantes)" in page
    assert "Incarcération" in client.get(withdraw).content.decode()

    login(client, colleague)  # a counselor of the team, not the référente
    for url in (detail, withdraw):
        page = client.get(url).content.decode()
        assert "Incarcération" not in page and "Maison d" not in page
        assert "motif réservé (partie « Justice » du dossier)" in page
        assert "Contrat de travail suspendu depuis plus de 15 jours" in page
    assert "(Mise à pied)" in client.get(detail).content.decode()


def test_in_an_siae_a_new_pathway_is_a_parcours_iae_over_24_months(
    client, login, counselor, person, structure_a
):
    login(client, counselor)
    url = reverse("pathways:create", args=[person.pk])
    page = client.get(url).content.decode()
    assert '<option value="iae" selected>' not in page
    structure_a.kind = "siae_aci"
    structure_a.save(update_fields=["kind"])
    page = client.get(url).content.decode()
    assert '<option value="iae" selected>' in page
    end = default_iae_ends_on(timezone.localdate())
    assert f'value="{end:%Y-%m-%d}"' in page


def test_a_pass_longer_than_24_months_without_prolongation_asks_to_check(
    client, login, counselor, iae_pathway, membership
):
    approval = record(iae_pathway, membership, ends_on=date(2029, 1, 4))
    assert approval.longer_than_initial
    login(client, counselor)
    detail = reverse("pathways:detail", args=[iae_pathway.pk])
    assert "dure plus de 24 mois sans prolongation" in client.get(detail).content.decode()
    approval = record(iae_pathway, membership, ends_on=date(2028, 1, 4))
    actions.prolong_iae_approval(
        approval=approval,
        by=counselor,
        ends_on=date(2029, 1, 4),
        reason=IaeProlongationReason.TRAINING,
        requested_on=date(2026, 6, 1),
    )
    assert not IaeApproval.objects.get().longer_than_initial
    assert "dure plus de 24 mois sans prolongation" not in client.get(detail).content.decode()


def test_an_rqth_prolongation_is_for_those_who_see_the_health_part(
    client, login, counselor, colleague, iae_pathway, membership
):
    approval = record(iae_pathway, membership)
    actions.prolong_iae_approval(
        approval=approval,
        by=counselor,
        ends_on=date(2029, 1, 4),
        reason=IaeProlongationReason.RQTH,
        requested_on=date(2026, 6, 1),
        detail="RQTH jusqu'en 2030",
    )
    detail = reverse("pathways:detail", args=[iae_pathway.pk])
    login(client, counselor)
    assert (
        "Reconnaissance de la qualité de travailleur handicapé"
        in client.get(detail).content.decode()
    )
    login(client, colleague)
    for url in (
        detail,
        reverse("pathways:pass-iae-withdraw", args=[iae_pathway.pk]),
        reverse("people:history", args=[iae_pathway.person_id]),
    ):
        page = client.get(url).content.decode()
        assert "travailleur handicapé" not in page and "RQTH jusqu" not in page
        assert "motif réservé (partie « Santé » du dossier)" in page


def test_withdrawing_a_suspension_others_depend_on_is_refused(iae_pathway, membership):
    # A PASS of 2024 ending on 7 January 2026, suspended a year (so ending in January 2027),
    # then suspended again in June 2026: without the first, the second falls outside.
    approval = record(
        iae_pathway, membership, starts_on=date(2024, 1, 8), delivered_on=date(2024, 1, 5)
    )
    first = suspend(approval, membership, date(2025, 6, 1), date(2026, 5, 31))
    suspend(IaeApproval.objects.get(), membership, date(2026, 6, 15), date(2026, 6, 30))
    with pytest.raises(ValidationError) as refused:
        actions.withdraw_iae_suspension(suspension=first, by=membership.user, reason="Erreur")
    assert "du 15/06/2026 au 30/06/2026" in refused.value.messages[0]
    assert not IaeSuspension.objects.filter(withdrawn_at__isnull=False).exists()


def test_the_download_from_the_space_leaves_out_health_and_justice_motifs(
    iae_pathway, membership, structure_a
):
    import json

    from tremplin.dataexport.actions import SPACE_EXCLUDED
    from tremplin.dataexport.builder import as_json, collect

    approval = record(iae_pathway, membership)
    suspend(
        approval, membership, date(2026, 3, 2), date(2026, 3, 11), IaeSuspensionReason.INCARCERATION
    )
    suspend(
        IaeApproval.objects.get(),
        membership,
        date(2026, 4, 1),
        date(2026, 4, 20),
        IaeSuspensionReason.CONTRACT_SUSPENDED,
    )
    person = iae_pathway.person
    whole = json.dumps(as_json(collect(person, structure_a)), ensure_ascii=False)
    assert "Incarcération" in whole
    space = json.dumps(
        as_json(collect(person, structure_a, exclude=SPACE_EXCLUDED)), ensure_ascii=False
    )
    assert "Incarcération" not in space
    assert "Contrat de travail suspendu depuis plus de 15 jours" in space
