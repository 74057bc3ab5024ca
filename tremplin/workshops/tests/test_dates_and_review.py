"""Implausible dates, the year on the list, the review's figures and evaluations' timing."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.workshops import actions
from tremplin.workshops.models import HalfDay, WorkshopSession
from tremplin.workshops.tests.conftest import make_session


def test_a_half_day_years_ahead_is_refused_by_the_action_too(membership, design, counselor):
    with pytest.raises(ValidationError) as error:
        actions.create_session(
            session=WorkshopSession(design=design, place="Salle B", capacity=8),
            half_days=[
                HalfDay(
                    date=date(2090, 11, 24),
                    slot="morning",
                    starts_at=time(9, 0),
                    ends_at=time(12, 0),
                )
            ],
            facilitators=[counselor],
            membership=membership,
        )
    assert "Date trop lointaine" in str(error.value)
    assert not WorkshopSession.objects.exists() and not HalfDay.objects.exists()


def test_the_list_shows_the_year_of_a_date_in_another_year(
    client, login, counselor, membership, design
):
    today = timezone.localdate()
    next_year = date(today.year + 1, 1, 15)
    make_session(design, membership, day=next_year)
    make_session(design, membership, day=today)
    login(client, counselor)
    page = client.get("/ateliers/").content.decode()
    assert f"{next_year:%d/%m/%Y}" in page
    assert f"{today:%d/%m} " in page and f"{today:%d/%m/%Y}" not in page
