"""Objects of employer relations, built as a chargé·e de relations entreprises would."""

from datetime import date

import pytest

from tremplin.core.validators import example_siret
from tremplin.employers.models import Campaign, Company, JobOffer


@pytest.fixture
def liaison_client(client, login, employer_liaison):
    return login(client, employer_liaison)


@pytest.fixture
def company(structure_a, employer_liaison, nantes):
    return Company.objects.create(
        structure=structure_a,
        name="Boulangerie du Port",
        siret=example_siret(101),
        naf_id="10.71C",
        size_bracket="02",
        address="4 quai de la Fosse",
        postal_code="44000",
        commune=nantes,
        created_by=employer_liaison,
    )


@pytest.fixture
def campaign(structure_a, employer_liaison):
    return Campaign.objects.create(
        structure=structure_a,
        name="Métiers de bouche — hiver",
        objectives="Ouvrir des postes de boulanger et de vendeur aux jeunes suivis.",
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 1, 31),
        owner=employer_liaison,
        created_by=employer_liaison,
        planned_contacts=4,
        planned_visits=3,
        planned_needs=2,
        planned_offers=2,
        planned_hires=2,
    )


@pytest.fixture
def offer(structure_a, company, employer_liaison, nantes):
    return JobOffer.objects.create(
        structure=structure_a,
        company=company,
        title="Boulanger / Boulangère (H/F)",
        appellation_id="11573",
        contract_type="cdi",
        weekly_hours=35,
        pay_min=1900,
        pay_max=2100,
        commune=nantes,
        description="Fabrication des pains et viennoiseries, tenue du fournil.",
        created_by=employer_liaison,
    )
