"""The workshop forms: plausible values, French messages, one wording of the scales."""

import pytest

from tremplin.accounts.models import User
from tremplin.workshops.enums import Agreement, Satisfaction
from tremplin.workshops.forms import DesignForm, SequenceForm, SessionForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("minutes", ["-5", "0", "481"])
def test_a_sequence_out_of_bounds_gets_one_french_message(minutes):
    form = SequenceForm(data={"title": "Accueil", "duration_minutes": minutes, "method": "x"})
    assert form.errors["duration_minutes"] == ["Une séquence dure de 5 minutes à 8 heures."]


def test_a_session_of_9999_places_is_refused():
    form = SessionForm(
        data={"place": "Salle 1", "capacity": "9999"}, facilitators=User.objects.none()
    )
    assert form.errors["capacity"] == [
        "9999 places : une séance d'atelier collectif en compte 200 au plus. Pour un public "
        "plus large, prévoyez plusieurs séances."
    ]
    form = SessionForm(
        data={"place": "Salle 1", "capacity": "200"}, facilitators=User.objects.none()
    )
    form.is_valid()
    assert "capacity" not in form.errors


def test_the_design_form_names_the_scales_the_participant_is_asked():
    help_text = str(DesignForm.base_fields["satisfaction_questions"].help_text)
    for label in (Agreement.DISAGREE, Agreement.AGREE, Satisfaction.VERY_UNSATISFIED):
        assert f"« {label.label} »" in help_text


def test_the_review_document_is_titled_with_the_session_s_dates():
    from datetime import date

    from tremplin.workshops.documents import session_dates

    assert session_dates(date(2026, 11, 23), date(2026, 11, 24)) == "du 23/11/2026 au 24/11/2026"
    assert session_dates(date(2026, 11, 23), date(2026, 11, 23)) == "23/11/2026"
