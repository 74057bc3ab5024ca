from datetime import date, timedelta

import pytest
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.fse import rules
from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.enums import Framework
from tremplin.pathways.exits import ExitFacts, add_months
from tremplin.pathways.models import Funder, Pathway
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Follow
from tremplin.testing.factories import PersonFactory


@pytest.fixture
def membership(counselor, structure_a):
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    counselor.active_membership = membership
    return membership


@pytest.fixture
def fse_funder(structure_a):
    return Funder.objects.create(
        structure=structure_a, name="FSE+ — Pays de la Loire", nomenclature_id="fse_plus"
    )


def six_months_ago(days_after=0):
    """An exit whose six-month date is today (plus `days_after`)."""
    return add_months(timezone.localdate(), -rules.FOLLOW_UP_MONTHS) + timedelta(days=days_after)


@pytest.fixture
def make_exited(structure_a, counselor, membership, fse_funder):
    """An FSE+ pathway of a new person of structure A, closed by an exit on `exit_on`."""

    def make(
        *,
        exit_on=None,
        situation="job_seeking",
        contract_start=None,
        consent=True,
        funder=fse_funder,
        **person_fields,
    ):
        exit_on = exit_on or six_months_ago()
        person_fields.setdefault("email", "personne@example.org")
        person = PersonFactory(**person_fields)
        Follow.objects.create(person=person, structure=structure_a, referent=counselor)
        if consent:
            Consent.objects.create(
                person=person,
                structure=structure_a,
                purpose=ConsentPurpose.SURVEYS,
                channel=ConsentChannel.PAPER,
                recorded_by=counselor,
            )
        pathway = pathway_actions.create_pathway(
            pathway=Pathway(
                person=person,
                framework=Framework.PLIE,
                started_on=exit_on - timedelta(days=200),
                planned_end_on=exit_on + timedelta(days=30),
                referent=counselor,
            ),
            membership=membership,
            funders=[funder] if funder else [],
        )
        employed = situation in {"cdi", "cdd", "interim"}
        pathway_actions.close_with_exit(
            pathway=pathway,
            by=counselor,
            facts=ExitFacts(
                situation=situation,
                exit_on=exit_on,
                contract_start=contract_start or (exit_on if employed else None),
                contract_end=exit_on + timedelta(days=300)
                if situation in {"cdd", "interim"}
                else None,
                employer="Boulangerie du Port" if employed else "",
            ),
        )
        return Pathway.objects.get(pk=pathway.pk)

    return make


@pytest.fixture
def open_fse_pathway(person, membership, counselor, fse_funder):
    return pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.PLIE,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2027, 1, 5),
            referent=counselor,
        ),
        membership=membership,
        funders=[fse_funder],
    )
