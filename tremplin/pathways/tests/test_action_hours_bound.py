"""An action's hours are its total: above a legal working week on average, a typing error."""

import pytest

pytestmark = pytest.mark.django_db


def test_action_hours_above_a_legal_week_on_average_are_refused(pathway):
    from datetime import date
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from tremplin.pathways.models import Action

    action = Action(
        pathway=pathway,
        title="Formation",
        owner="person",
        starts_on=date(2026, 3, 2),
        due_on=date(2026, 3, 29),
        hours=Decimal("300"),
        status="planned",
    )
    with pytest.raises(ValidationError) as raised:
        action.clean()
    assert "plus de 48 heures par semaine en moyenne" in raised.value.message_dict["hours"][0]
    action.hours = Decimal(4 * 48)  # four weeks at the legal maximum
    action.clean()
