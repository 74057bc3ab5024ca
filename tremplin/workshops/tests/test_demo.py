from io import StringIO

from django.core.management import call_command

from tremplin.workshops.models import (
    Evaluation,
    Invitation,
    Presence,
    Signature,
    WorkshopDesign,
    WorkshopSession,
)


def test_demo_has_a_past_session_signed_and_evaluated_and_an_upcoming_one_with_a_waiting_list(
    db,
):
    call_command("demo", "--people", "60", stdout=StringIO())
    # The Mission Locale's (the chantier's workshop: tremplin/demo/tests/test_aci.py).
    ml = {"structure__kind": "mission_locale"}
    assert set(WorkshopDesign.objects.filter(**ml).values_list("title", flat=True)) == {
        "Préparer un entretien d'embauche",
        "Réussir ses démarches en ligne",
    }
    past, upcoming = sorted(WorkshopSession.objects.filter(**ml), key=lambda s: s.first_day)
    assert past.is_past and not upcoming.is_past
    assert all(h.is_closed for h in past.half_days.all())
    signatures = Signature.objects.filter(half_day__session=past)
    assert signatures.count() == 9 and all(s.is_intact() for s in signatures)
    presences = Presence.objects.filter(half_day__session=past)
    assert presences.filter(is_present=False).count() == 2
    assert presences.filter(source="paper").count() == 1
    assert Evaluation.objects.filter(registration__session=past).count() == 5
    assert upcoming.registered().count() == 6
    assert upcoming.registrations.filter(status="waiting").count() == 2
    assert Invitation.objects.filter(registration__session=upcoming).exists()
