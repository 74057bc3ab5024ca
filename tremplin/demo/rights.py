"""Demo data for the social-rights estimate: one of the demo counselor's people on the RSA,
a single parent working part time, estimated with the real OpenFisca-France engine.

Skipped when the engine is not installed (the « Droits » tab then says so).
"""

from datetime import date

from django.utils import timezone

from tremplin.people.models import Person
from tremplin.rights import actions, engine


def create_rights(*, structure, counselor) -> None:
    if not engine.is_available():
        return
    today = timezone.localdate()
    person = (
        Person.objects.filter(
            follows__structure=structure,
            follows__referent=counselor,
            follows__ended_on__isnull=True,
            is_rsa_beneficiary=True,
            commune__isnull=False,
            # The RSA opens at 25.
            birth_date__lte=date(today.year - 25, today.month, 1),
        )
        .order_by("last_name", "pk")
        .first()
    )
    if person is None:
        return
    household = engine.Household(
        person=engine.Member(birth_date=person.birth_date, salary=720),
        children_birth_dates=(date(today.year - 6, 4, 14),),
        housing="locataire_hlm",
        rent=390,
        commune_code=person.commune_id,
    )
    actions.record_estimate(
        person=person,
        structure=structure,
        by=counselor,
        household=household,
        month=today.replace(day=1),
    )
