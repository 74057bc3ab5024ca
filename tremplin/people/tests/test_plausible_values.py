"""Absurd values in a file are refused before they reach a partner's liaison slip: a date of
the situation before the age that allows it, a mobility radius that is no daily journey."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tremplin.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _errors(person) -> dict:
    with pytest.raises(ValidationError) as raised:
        person.clean()
    return raised.value.message_dict


def test_a_situation_date_cannot_come_before_birth():
    person = PersonFactory.build(
        birth_date=date(2002, 4, 15), is_rsa_beneficiary=True, rsa_since=date(1990, 1, 1)
    )
    assert _errors(person)["rsa_since"] == [
        "Cette date précède la naissance (15/04/2002) : vérifiez l'année."
    ]


@pytest.mark.parametrize(
    ("field", "day", "years"),
    [("rsa_since", date(2019, 4, 14), 18), ("jobseeker_since", date(2018, 4, 14), 16)],
)
def test_rsa_and_france_travail_dates_respect_the_minimum_age(field, day, years):
    person = PersonFactory.build(
        birth_date=date(2002, 4, 15), is_rsa_beneficiary=True, **{field: day}
    )
    assert f"moins de {years} ans à cette date" in _errors(person)[field][0]
    # The day of the birthday itself is lawful.
    setattr(person, field, date(2002 + years, 4, 15))
    person.clean()


def test_a_mobility_radius_beyond_a_daily_journey_is_refused():
    person = PersonFactory.build(mobility_radius_km=1000)
    assert "ce n'est plus un trajet quotidien" in _errors(person)["mobility_radius_km"][0]
    person.mobility_radius_km = 300
    person.clean()


def test_the_form_says_it_in_french_and_keeps_the_file(client, login, counselor, person):
    login(client, counselor)
    before = (person.mobility_radius_km, person.jobseeker_since)
    page = client.get(f"/personnes/{person.pk}/modifier/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        name: (value if value is not None else "")
        for name, value in form.initial.items()
        if name in form.fields and not isinstance(value, (list, tuple))
    }
    data.update(
        {
            f"{name}": [str(v.pk) if hasattr(v, "pk") else v for v in value]
            for name, value in form.initial.items()
            if name in form.fields and isinstance(value, (list, tuple))
        }
    )
    data["mobility_radius_km"] = "99999"
    response = client.post(f"/personnes/{person.pk}/modifier/", data)
    assert response.status_code == 200
    assert "ce n&#x27;est plus un trajet quotidien" in response.content.decode() or (
        "ce n'est plus un trajet quotidien" in response.content.decode()
    )
    person.refresh_from_db()
    assert (person.mobility_radius_km, person.jobseeker_since) == before
