"""The IAE review on the demo: the structure's own CDDI is the pathway (not its exit), its
hours count in the weekly activity, the legal limits of a CDDI, the break-up risk dated
from the check-in."""

from datetime import date
from decimal import Decimal

import pytest

from tremplin.accounts.models import StructureKind
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
