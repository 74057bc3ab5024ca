"""Implausible dates, the year on the list, the review's figures and evaluations' timing."""

from datetime import date, datetime, time, timedelta

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


def test_an_open_sheet_counts_its_signatures_as_presences(
    client, login, counselor, structure_a, membership, design
):
    from tremplin.workshops.tests.conftest import followed, png

    session = make_session(design, membership)
    anna, ben, chloe = followed(structure_a, counselor, 3)
    registrations = [
        actions.register(session=session, person=p, by=counselor) for p in (anna, ben, chloe)
    ]
    half_day = session.half_days.get()
    for registration in registrations[:2]:
        actions.sign(half_day=half_day, registration=registration, by=counselor, drawing=png())
    login(client, counselor)
    response = client.get(f"/ateliers/seances/{session.pk}/bilan/")
    assert response.context["summary"]["half_days"] == [(half_day, 2, None, 2)]
    page = response.content.decode()
    assert '<td>2</td><td><span class="text-muted">à la clôture</span></td><td>2</td>' in page
    assert "dont signé sur écran" in page and "Signatures sur écran" not in page
    # Closed: the third one is absent, the two who signed present.
    actions.close_half_day(half_day=half_day, by=counselor)
    response = client.get(f"/ateliers/seances/{session.pk}/bilan/")
    assert response.context["summary"]["half_days"] == [(half_day, 2, 1, 2)]


def test_no_evaluation_before_the_session_has_ended(
    client, login, counselor, structure_a, membership, design
):
    from tremplin.workshops.models import Evaluation
    from tremplin.workshops.tests.conftest import followed, png

    # Taking place now (sheet open), and a second half-day tomorrow.
    session = make_session(design, membership, half_days=2)
    (anna,) = followed(structure_a, counselor, 1)
    registration = actions.register(session=session, person=anna, by=counselor)
    today = session.half_days.order_by("date").first()
    actions.sign(half_day=today, registration=registration, by=counselor, drawing=png())
    login(client, counselor)
    review = client.get(f"/ateliers/seances/{session.pk}/bilan/").content.decode()
    assert "La séance n&#x27;est pas terminée" in review
    assert f"/ateliers/inscriptions/{registration.pk}/evaluation/" not in review
    url = f"/ateliers/inscriptions/{registration.pk}/evaluation/"
    assert "La séance n&#x27;est pas terminée" in client.get(url).content.decode()
    answers = {"objective_0": "reached", "objective_1": "reached", "question_0": "4"}
    response = client.post(url, answers, follow=True)
    text = response.content.decode()
    assert "La séance n&#x27;est pas terminée" in text and "Évaluation enregistrée." not in text
    with pytest.raises(ValidationError, match="pas terminée"):
        actions.evaluate(
            registration=registration,
            objectives={o: "reached" for o in design.objectives},
            answers={},
            comment="",
            by=counselor,
        )
    assert not Evaluation.objects.exists()
    # The last half-day is tomorrow: closing today's sheet is not enough.
    actions.close_half_day(half_day=today, by=counselor)
    client.post(url, answers)
    assert not Evaluation.objects.exists()
    # Tomorrow's half-day dropped: today's, started and its sheet closed, is the last one.
    session.half_days.exclude(pk=today.pk).delete()
    response = client.post(url, answers, follow=True)
    assert "Évaluation enregistrée." in response.content.decode()
    assert Evaluation.objects.count() == 1


def test_a_session_has_ended_once_its_last_half_day_is_over(membership, design):
    session = make_session(design, membership)
    assert not session.has_ended()
    yesterday = timezone.localdate() - timedelta(days=1)
    session.half_days.update(date=yesterday, starts_at=time(9, 0), ends_at=time(12, 0))
    session = WorkshopSession.objects.get(pk=session.pk)
    assert session.has_ended()
    assert session.ends_at == timezone.make_aware(datetime.combine(yesterday, time(12, 0)))
