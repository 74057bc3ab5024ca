"""The IAE review on the demo: the structure's own CDDI is the pathway (not its exit), its
hours count in the weekly activity, the legal limits of a CDDI, the break-up risk dated
from the check-in."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tremplin.accounts.models import StructureKind
from tremplin.employment import actions
from tremplin.employment.models import Employment
from tremplin.pathways.enums import ExitSituation
from tremplin.pathways.forms import exit_initial_from_employment

pytestmark = pytest.mark.django_db


@pytest.fixture
def aci(structure_a):
    structure_a.kind = StructureKind.SIAE_ACI
    structure_a.name = "Chantier Les Jardins du Brivet"
    structure_a.save()
    return structure_a


def cddi(structure, **fields) -> Employment:
    values = {
        "structure": structure,
        "employer_name": structure.name,
        "job_title": "Ouvrier maraîcher",
        "contract_type": "siae",
        "starts_on": date(2026, 9, 1),
        "contract_ends_on": date(2027, 2, 28),
        "weekly_hours": Decimal(26),
    }
    values.update(fields)
    return Employment(**values)


def test_the_structures_own_cddi_is_not_proposed_as_the_exit(aci):
    assert exit_initial_from_employment(cddi(aci)) == {}


def test_a_job_found_outside_is_still_proposed_as_the_exit(aci):
    job = cddi(aci, contract_type="cdi", employer_name="Boulangerie du Port")
    job.contract_ends_on = None
    assert exit_initial_from_employment(job)["situation"] == ExitSituation.CDI


def test_a_cddi_recorded_by_a_counselor_outside_the_iae_is_a_hire_in_an_siae(structure_a):
    structure_a.kind = StructureKind.PLIE
    structure_a.save()
    initial = exit_initial_from_employment(cddi(structure_a, employer_name="Chantier du Port"))
    assert initial["situation"] == ExitSituation.SIAE_HIRE


def test_a_break_up_risk_seen_at_a_check_in_is_dated_from_the_check_in(counselor, person):
    from django.utils import timezone

    from tremplin.employment.tests.test_follow_up import start

    today = timezone.localdate()
    employment = start(person, counselor, starts_on=today - timedelta(days=80))
    point = employment.check_ins.order_by("due_on").first()
    held = today - timedelta(days=60)
    actions.complete_check_in(
        check_in=point,
        by=counselor,
        data={
            "done_on": held,
            "channel": "workplace",
            "with_person": True,
            "with_employer": True,
            "integration": "good",
            "tasks": "good",
            "risk": "high",
        },
    )
    employment.refresh_from_db()
    assert employment.at_risk
    assert timezone.localdate(employment.risk_raised_at) == held


def errors_of(employment) -> dict:
    with pytest.raises(ValidationError) as refused:
        actions.validate_job(employment)
    return refused.value.message_dict


def test_a_cddi_of_thirty_months_needs_a_derogation(aci):
    long = cddi(aci, contract_ends_on=date(2029, 2, 28))
    [error] = errors_of(long)["contract_ends_on"]
    assert "24 mois au plus" in error and "L5132-15-1" in error and "31/08/2028" in error
    long.derogation_reason = "Personne de 52 ans : renouvellement au-delà de 24 mois."
    assert "contract_ends_on" not in _errors_or_none(long)


def test_a_renewal_recorded_as_a_new_cddi_counts_from_the_first_one(aci, person, counselor):
    first = cddi(aci, person=person, referent=counselor, created_by=counselor)
    first.contract_ends_on = date(2027, 8, 31)  # twelve months
    first.schedule = "standard"
    first.save()
    # Renewed the next day for twelve months more: 24 months in all, allowed.
    renewal = cddi(
        aci, person=person, starts_on=date(2027, 9, 1), contract_ends_on=date(2028, 8, 31)
    )
    assert "contract_ends_on" not in _errors_or_none(renewal)
    # For eighteen months more: 30 months in all, refused from the first day of the first.
    renewal.contract_ends_on = date(2029, 2, 28)
    [error] = errors_of(renewal)["contract_ends_on"]
    assert error.startswith(
        "Ce CDDI renouvelle celui commencé le 01/09/2026 dans votre structure. "
        "Un CDDI dure 24 mois au plus, renouvellements compris"
    )
    assert "31/08/2028" in error
    # The first contract ended early (rupture) two months before: a new CDDI, not a renewal.
    first.ended_on = date(2027, 6, 30)
    first.save()
    assert "contract_ends_on" not in _errors_or_none(renewal)


def _errors_or_none(employment) -> dict:
    try:
        actions.validate_job(employment)
    except ValidationError as error:
        return error.message_dict
    return {}


def test_a_cddi_has_an_end_date(aci):
    open_ended = cddi(aci, contract_ends_on=None)
    assert errors_of(open_ended)["contract_ends_on"] == [
        "Un CDDI est un contrat à durée déterminée : indiquez sa fin prévue."
    ]
    open_ended.derogation_reason = "Aménagement de peine"
    assert "contract_ends_on" in errors_of(open_ended)


def test_the_trial_period_of_a_cddi_follows_article_l1242_10(aci):
    # Six months or less: one day a week, two weeks at most.
    job = cddi(aci, contract_ends_on=date(2027, 2, 28), trial_ends_on=date(2026, 12, 1))
    [error] = errors_of(job)["trial_ends_on"]
    assert "L1242-10" in error and "14/09/2026" in error
    job.trial_ends_on = date(2026, 9, 14)
    assert "trial_ends_on" not in _errors_or_none(job)
    # More than six months: one month at most.
    job = cddi(aci, contract_ends_on=date(2027, 8, 31), trial_ends_on=date(2026, 10, 15))
    [error] = errors_of(job)["trial_ends_on"]
    assert "30/09/2026" in error
    job.trial_ends_on = date(2026, 9, 30)
    assert "trial_ends_on" not in _errors_or_none(job)
    # A CDD of four weeks: four days.
    cdd = cddi(aci, contract_type="cdd", contract_ends_on=date(2026, 9, 28))
    cdd.trial_ends_on = date(2026, 9, 5)
    assert "04/09/2026" in errors_of(cdd)["trial_ends_on"][0]


def test_a_cddi_running_beyond_the_pass_iae_says_so_on_its_page(
    aci, person, counselor, client, login
):
    from django.utils import timezone

    from tremplin.accounts.models import Membership
    from tremplin.employment.tests.test_follow_up import start
    from tremplin.pathways.tests.test_pass_iae import open_iae, record

    today = timezone.localdate()
    membership = Membership.objects.get(user=counselor, structure=aci)
    counselor.active_membership = membership
    approval = record(
        open_iae(person, membership, started_on=today - timedelta(days=600)),
        membership,
        starts_on=today - timedelta(days=600),
        ends_on=today + timedelta(days=90),
        delivered_on=today - timedelta(days=601),
    )
    job = start(
        person,
        counselor,
        contract_type="siae",
        employer_name=aci.name,
        job_title="Ouvrier maraîcher",
        starts_on=today - timedelta(days=10),
        contract_ends_on=today + timedelta(days=150),
        weekly_hours=Decimal(26),
    )
    login(client, counselor)
    page = client.get(f"/emplois/{job.pk}/").content.decode()
    assert (
        f"Le CDDI court jusqu'au {job.contract_ends_on:%d/%m/%Y}, après la fin du PASS IAE "
        f"de la personne, le {approval.ends_on:%d/%m/%Y}" in page
    )
    # Within the PASS: nothing to say.
    job.contract_ends_on = approval.ends_on
    job.save()
    page = client.get(f"/emplois/{job.pk}/").content.decode()
    assert "après la fin du PASS IAE" not in page
