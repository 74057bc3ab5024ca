"""Writes of the rights app: one verb, recording an estimate."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from tremplin.rights import engine
from tremplin.rights.models import RightsEstimate


@transaction.atomic
def record_estimate(
    *, person, structure, by, household: engine.Household, month: date
) -> RightsEstimate:
    """Compute the household's rights for `month` and keep the result in the file.

    The computation runs before anything is written: a household OpenFisca refuses raises
    `engine.EstimateError` and nothing is saved.
    """
    result = engine.estimate(household, month)
    return RightsEstimate.objects.create(
        person=person,
        structure=structure,
        month=result.month,
        household=household.as_json(),
        result=result.as_json(),
        total=Decimal(str(result.total)),
        engine_version=result.engine_version,
        created_by=by,
    )
