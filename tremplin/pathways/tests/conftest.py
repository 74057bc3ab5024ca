from datetime import date, timedelta

import pytest

from tremplin.accounts.models import Membership
from tremplin.pathways import actions
from tremplin.pathways.enums import Framework
from tremplin.pathways.models import Funder, Pathway


@pytest.fixture
def membership(counselor, structure_a):
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    counselor.active_membership = membership
    return membership


@pytest.fixture
def funders(structure_a):
    return [
        Funder.objects.create(structure=structure_a, name="Département", nomenclature=None),
        Funder.objects.create(structure=structure_a, name="DDETS — IAE", nomenclature_id="iae"),
        Funder.objects.create(
            structure=structure_a, name="PLIE de l'estuaire", nomenclature_id="plie"
        ),
        Funder.objects.create(structure=structure_a, name="FSE+", nomenclature_id="fse_plus"),
    ]


@pytest.fixture
def pathway(person, membership, counselor, funders):
    return actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CONTRAT_ENGAGEMENT,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
            referent=counselor,
        ),
        membership=membership,
        funders=funders,
    )


def open_iae(person, membership, started_on=date(2026, 1, 5)):
    return actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.IAE,
            started_on=started_on,
            planned_end_on=started_on + timedelta(days=700),
            referent=membership.user,
        ),
        membership=membership,
    )


@pytest.fixture
def iae_pathway(person, membership):
    return open_iae(person, membership)
