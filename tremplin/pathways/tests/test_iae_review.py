"""The IAE review on the demo: a « Parcours IAE » follows the PASS IAE (24 months), the
structure's own CDDI counts in the weekly hours, the adapted target's label."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tremplin.pathways.enums import Framework
from tremplin.pathways.models import Pathway

pytestmark = pytest.mark.django_db


def iae(person, counselor, end, **extra):
    return Pathway(
        person=person,
        framework=Framework.IAE,
        started_on=date(2026, 9, 1),
        planned_end_on=end,
        referent=counselor,
        structure_id=counselor.memberships.get().structure_id,
        created_by=counselor,
        **extra,
    )


def test_an_iae_pathway_beyond_24_months_needs_a_reason(person, counselor):
    iae(person, counselor, date(2028, 9, 1)).full_clean()
    with pytest.raises(ValidationError) as refused:
        iae(person, counselor, date(2029, 9, 1)).full_clean()
    [error] = refused.value.message_dict["extension_reason"]
    assert error.startswith("Le parcours IAE dure 24 mois au plus")
    assert "01/09/2028" in error and "motif" in error
    iae(
        person,
        counselor,
        date(2029, 9, 1),
        extension_reason="Personne de 50 ans et plus : prolongation du PASS IAE.",
    ).full_clean()
    with pytest.raises(ValidationError) as refused:
        iae(person, counselor, date(2031, 10, 1), extension_reason="Formation").full_clean()
    assert "planned_end_on" in refused.value.message_dict


def test_the_hours_of_the_cddi_count_in_the_weekly_hours(person, counselor, client, login):
    from decimal import Decimal

    from tremplin.employment.models import Employment
    from tremplin.pathways.hours import weekly_hours

    pathway = iae(
        person,
        counselor,
        date(2028, 8, 31),
        weekly_hours_target=Decimal(26),
        target_reason="health",
    )
    pathway.save()
    Employment.objects.create(
        person=person,
        structure_id=pathway.structure_id,
        referent=counselor,
        created_by=counselor,
        employer_name="Chantier Les Jardins du Brivet",
        job_title="Ouvrier maraîcher",
        contract_type="siae",
        starts_on=date(2026, 9, 3),  # a Thursday
        contract_ends_on=date(2027, 2, 28),
        weekly_hours=Decimal(26),
        schedule="15 jours",
    )
    assert weekly_hours(pathway, date(2026, 8, 31)) == Decimal("10.4")  # two days of five
    assert weekly_hours(pathway, date(2026, 9, 7)) == Decimal(26)
    assert weekly_hours(pathway, date(2027, 3, 1)) == 0  # after the contract
    # Closed by a reorientation on a Wednesday: its days before the closing only.
    pathway.closed_on = date(2026, 9, 16)
    assert weekly_hours(pathway, date(2026, 9, 14)) == Decimal("10.4")
    page = login(client, counselor).get(f"/parcours/{pathway.pk}/").content.decode()
    assert "Objectif adapté à <strong>26" in page
    assert "Pas d&#x27;heures d&#x27;activité imposées" not in page
    assert "Pas d'heures d'activité imposées" not in page
