"""A closed sign-in sheet is the funder's proof: editing the session afterwards (place,
facilitators, funding, title) or a later cancellation never changes what it says."""

import pytest

from tremplin.workshops import actions
from tremplin.workshops.documents import sheet_pdf
from tremplin.workshops.models import HalfDay
from tremplin.workshops.tests.conftest import followed, make_session, png
from tremplin.workshops.tests.test_workflows import pdf_text

pytestmark = pytest.mark.django_db


def test_a_closed_sheet_keeps_what_it_said_when_it_was_closed(
    structure_a, counselor, colleague, membership, design, tmp_path
):
    session = make_session(design, membership, half_days=2)
    session.place = "Salle Jean Moulin, 3 rue de la Paix"
    session.funder_mention = "Action cofinancée par le Fonds social européen (FSE+)"
    session.save()
    session.facilitators.set([counselor])
    anna, ben = followed(structure_a, counselor, 2)
    first = actions.register(session=session, person=anna, by=counselor)
    actions.register(session=session, person=ben, by=counselor)
    today, later = session.half_days.order_by("date")
    actions.sign(half_day=today, registration=first, by=counselor, drawing=png())
    actions.close_half_day(half_day=today, by=counselor)

    # Afterwards: the session moves, changes facilitator and funding, Ben withdraws.
    session.place = "Médiathèque, 8 place du Marché"
    session.funder_mention = "Action financée par le Département"
    session.save()
    session.facilitators.set([colleague])
    ben_registration = session.registrations.get(person=ben)
    ben_registration.status = "cancelled"
    ben_registration.save()

    closed = pdf_text(sheet_pdf(HalfDay.objects.get(pk=today.pk)), tmp_path)
    assert "Salle Jean Moulin" in closed and "Médiathèque" not in closed
    assert "Fonds social européen" in closed and "Département" not in closed
    assert counselor.last_name in closed and colleague.last_name not in closed
    assert ben.last_name.upper() in closed  # registered when the sheet was closed
    # The half-day to come prints the session as it is now.
    upcoming = pdf_text(sheet_pdf(HalfDay.objects.get(pk=later.pk)), tmp_path)
    assert "Médiathèque" in upcoming and "Département" in upcoming
    assert colleague.last_name in upcoming and ben.last_name.upper() not in upcoming
