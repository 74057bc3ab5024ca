"""How a job ends depends on its contract (code du travail): a CDD or a CDDI ends at its
term, or early only in the cases the law lists; démission, rupture conventionnelle and
licenciement belong to the CDI; a temporary mission ends at its term or early."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accounts.models import StructureKind
from tremplin.employment import actions
from tremplin.employment.enums import EndReason, end_reasons_for
from tremplin.employment.models import Employment
from tremplin.employment.tests.test_follow_up import start

pytestmark = pytest.mark.django_db

CDI_ONLY = {
    EndReason.RESIGNATION,
    EndReason.CONVENTIONAL,
    EndReason.DISMISSAL_PERSONAL,
    EndReason.DISMISSAL_ECONOMIC,
}
FIXED_TERM_EARLY = {
    EndReason.AGREED,
    EndReason.SERIOUS_MISCONDUCT,
    EndReason.FORCE_MAJEURE,
    EndReason.UNFITNESS,
    EndReason.LEFT_FOR_CDI,
}
TRIAL = {EndReason.TRIAL_EMPLOYER, EndReason.TRIAL_PERSON}


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_cdd_ends_at_its_term_or_early_only_in_the_cases_of_the_law():
    reasons = set(end_reasons_for("cdd"))
    assert reasons == {EndReason.TERM, *TRIAL, *FIXED_TERM_EARLY, EndReason.OTHER}
    assert not reasons & CDI_ONLY


def test_a_cddi_may_also_end_for_a_cdd_of_six_months_or_a_qualifying_training():
    reasons = set(end_reasons_for("siae"))
    assert reasons == {
        EndReason.TERM,
        *TRIAL,
        *FIXED_TERM_EARLY,
        EndReason.LEFT_FOR_FIXED_TERM,
        EndReason.LEFT_FOR_TRAINING,
        EndReason.OTHER,
    }
    assert EndReason.LEFT_FOR_FIXED_TERM not in end_reasons_for("cdd")


def test_resignation_conventional_break_and_dismissal_belong_to_the_cdi():
    reasons = set(end_reasons_for("cdi"))
    assert reasons == {*TRIAL, *CDI_ONLY, EndReason.OTHER}
    assert EndReason.TERM not in reasons and EndReason.AGREED not in reasons


def test_a_temporary_mission_ends_at_its_term_or_early():
    assert set(end_reasons_for("interim")) == {
        EndReason.TERM,
        *TRIAL,
        EndReason.MISSION_EARLY,
        EndReason.OTHER,
    }


def test_the_former_undetailed_dismissal_is_kept_for_the_record_but_never_offered():
    assert EndReason("dismissal").label == "Licenciement (motif non précisé)"
    for contract in ("cdi", "cdd", "siae", "interim", "apprenticeship", "subsidised", ""):
        assert EndReason.DISMISSAL not in end_reasons_for(contract)


def test_the_end_form_of_a_cdd_offers_only_its_reasons_and_none_chosen(
    client, login, counselor, person
):
    job = start(
        person,
        counselor,
        contract_type="cdd",
        starts_on=timezone.localdate() - timedelta(days=30),
        contract_ends_on=timezone.localdate() + timedelta(days=150),
    )
    login(client, counselor)
    page = text(client.get(f"/emplois/{job.pk}/"))
    select = re.search(r'<select name="reason"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options[0] == ("", "— choisir —")
    # Nothing chosen beforehand: only the empty choice is selected.
    assert re.findall(r'<option value="([^"]*)" selected>', select) == [""]
    offered = [value for value, _label in options[1:]]
    assert offered == [r.value for r in end_reasons_for("cdd")]
    assert "Démission" not in select and "Licenciement" not in select
    assert "Rupture conventionnelle" not in select
    assert "Rupture anticipée pour faute grave" in select


def test_a_resignation_posted_for_a_cddi_is_refused_and_nothing_saved(
    client, login, counselor, person, structure_a
):
    structure_a.kind = StructureKind.SIAE_ACI
    structure_a.save()
    job = start(
        person,
        counselor,
        contract_type="siae",
        employer_name=structure_a.name,
        starts_on=timezone.localdate() - timedelta(days=30),
        contract_ends_on=timezone.localdate() + timedelta(days=150),
        weekly_hours=Decimal(26),
    )
    login(client, counselor)
    response = client.post(
        f"/emplois/{job.pk}/",
        {
            "action": "end",
            "ended_on": timezone.localdate().isoformat(),
            "reason": "resignation",
            "note": "",
            "version": str(job.version),
        },
    )
    assert response.status_code == 200
    assert "Ce motif ne s'applique pas à ce contrat" in text(response)
    job.refresh_from_db()
    assert job.status == "active" and job.end_reason == "" and job.ended_on is None
    assert not job.check_ins.filter(cancelled=True).exists()
    # No reason chosen: said so.
    response = client.post(
        f"/emplois/{job.pk}/",
        {
            "action": "end",
            "ended_on": timezone.localdate().isoformat(),
            "reason": "",
            "version": str(job.version),
        },
    )
    assert "Choisissez le motif de fin." in text(response)
    # A reason of the CDDI is recorded.
    client.post(
        f"/emplois/{job.pk}/",
        {
            "action": "end",
            "ended_on": timezone.localdate().isoformat(),
            "reason": "left_for_training",
            "note": "Entrée en formation d'aide-soignante.",
            "version": str(job.version),
        },
    )
    job.refresh_from_db()
    assert job.status == "ended" and job.end_reason == "left_for_training"
    assert "Rupture anticipée par la personne pour suivre une formation qualifiante" in text(
        client.get(f"/emplois/{job.pk}/")
    )


@pytest.mark.parametrize(
    ("contract", "reason", "says"),
    [
        ("cdd", "resignation", "Un CDD prend fin à son terme"),
        ("cdd", "dismissal_personal", "Un CDD prend fin à son terme"),
        ("cdd", "left_for_training", "Un CDD prend fin à son terme"),
        ("cdi", "term", "Un CDI n'a pas de terme"),
        ("cdi", "agreed", "Un CDI n'a pas de terme"),
        ("interim", "conventional", "Une mission d'intérim prend fin"),
        ("cdi", "dismissal", "n'est plus proposé"),
    ],
)
def test_the_action_refuses_a_reason_the_contract_does_not_allow(
    counselor, person, contract, reason, says
):
    fields = {"contract_type": contract, "starts_on": timezone.localdate() - timedelta(days=30)}
    if contract != "cdi":
        fields["contract_ends_on"] = timezone.localdate() + timedelta(days=150)
    job = start(person, counselor, **fields)
    with pytest.raises(ValidationError) as refused:
        actions.end(employment=job, ended_on=timezone.localdate(), reason=reason, note="")
    assert says in refused.value.message_dict["reason"][0]
    row = Employment.objects.get(pk=job.pk)
    assert row.status == "active" and row.end_reason == "" and row.version == job.version
    assert not row.check_ins.filter(cancelled=True).exists()
