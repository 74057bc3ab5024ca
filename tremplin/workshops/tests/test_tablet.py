"""The tablet mode of the sign-in: the facilitator's session, handed round the room, opens
nothing but the half-day's sign-in page until the facilitator's password is typed."""

import html

from django.core.cache import cache

from tremplin.testing.factories import PASSWORD
from tremplin.workshops import actions
from tremplin.workshops.models import Signature
from tremplin.workshops.tests.conftest import data_url, png


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_tablet_opens_only_the_sign_in_page_until_the_password(
    client, login, counselor, session, person
):
    registration = actions.register(session=session, person=person, by=counselor)
    morning = session.half_days.first()
    sign_in = f"/ateliers/demi-journees/{morning.pk}/emargement/"
    login(client, counselor)
    assert "Passer en mode tablette" in _text(client.get(sign_in))
    response = client.post(f"{sign_in}tablette/")
    assert response.status_code == 302 and response.url == sign_in

    page = _text(client.get(sign_in))
    assert "Navigation principale" not in page and "Mon portefeuille" not in page
    assert "Clore la feuille" not in page and "Quitter le mode tablette" in page
    # Everything else, a person's file included, sends back to the sign-in page.
    for elsewhere in (f"/personnes/{person.pk}/", "/agenda/", "/", f"{sign_in}../"):
        response = client.get(elsewhere)
        assert response.status_code == 302 and response.url == sign_in, elsewhere
    # Signing still works.
    client.post(sign_in, {"registration": registration.pk, "drawing": data_url(png())})
    assert Signature.objects.filter(registration=registration).exists()

    exit_url = "/ateliers/emargement/quitter-le-mode-tablette/"
    response = client.post(exit_url, {"password": "pas le bon"})
    assert response.status_code == 400 and "Mot de passe incorrect." in _text(response)
    assert client.get(f"/personnes/{person.pk}/").status_code == 302
    response = client.post(exit_url, {"password": PASSWORD})
    assert response.status_code == 302 and response.url == sign_in
    assert client.get(f"/personnes/{person.pk}/").status_code == 200
    assert "Navigation principale" in _text(client.get(sign_in))


def test_the_password_is_tried_five_times_at_most(client, login, counselor, session):
    morning = session.half_days.first()
    login(client, counselor)
    client.post(f"/ateliers/demi-journees/{morning.pk}/emargement/tablette/")
    exit_url = "/ateliers/emargement/quitter-le-mode-tablette/"
    for _try in range(5):
        assert "Mot de passe incorrect." in _text(client.post(exit_url, {"password": "1234"}))
    response = client.post(exit_url, {"password": PASSWORD})
    assert "Trop d'essais" in _text(response)
    assert client.get("/agenda/").status_code == 302


def test_a_closed_half_day_is_not_handed_round(client, login, counselor, session):
    morning = session.half_days.first()
    actions.close_half_day(half_day=morning, by=counselor)
    login(client, counselor)
    client.post(f"/ateliers/demi-journees/{morning.pk}/emargement/tablette/")
    assert client.get("/agenda/").status_code == 200
    assert client.get("/ateliers/emargement/quitter-le-mode-tablette/").status_code == 302


def test_the_tries_are_counted_in_the_session_not_per_server_process(
    client, login, counselor, session
):
    morning = session.half_days.first()
    login(client, counselor)
    client.post(f"/ateliers/demi-journees/{morning.pk}/emargement/tablette/")
    exit_url = "/ateliers/emargement/quitter-le-mode-tablette/"
    for _try in range(5):
        assert "Mot de passe incorrect." in _text(client.post(exit_url, {"password": "1234"}))
        # The next request lands on another server process, whose local cache is empty.
        cache.clear()
    response = client.post(exit_url, {"password": PASSWORD})
    assert "Trop d'essais" in _text(response)
    assert client.get("/agenda/").status_code == 302


def test_a_facilitator_without_a_password_leaves_by_ending_the_session(
    client, login, counselor, session
):
    morning = session.half_days.first()
    sign_in = f"/ateliers/demi-journees/{morning.pk}/emargement/"
    # Set before logging in: a change of password during a session ends that session.
    counselor.set_unusable_password()
    counselor.save()
    login(client, counselor)
    client.post(f"{sign_in}tablette/")
    exit_url = "/ateliers/emargement/quitter-le-mode-tablette/"
    page = _text(client.get(exit_url))
    assert "Votre compte n'a pas de mot de passe Tremplin" in page
    assert 'name="password"' not in page
    response = client.post(exit_url)
    assert response.status_code == 302 and response.url == "/compte/connexion/"
    # Left: the session is over, nothing opens without logging in again.
    response = client.get("/agenda/")
    assert response.status_code == 302 and response.url.startswith("/compte/connexion/")
    response = client.get(sign_in)
    assert response.status_code == 302 and response.url.startswith("/compte/connexion/")


def test_a_facilitator_with_a_password_cannot_leave_by_ending_the_session(
    client, login, counselor, session
):
    morning = session.half_days.first()
    sign_in = f"/ateliers/demi-journees/{morning.pk}/emargement/"
    login(client, counselor)
    client.post(f"{sign_in}tablette/")
    exit_url = "/ateliers/emargement/quitter-le-mode-tablette/"
    assert "Fermer la session" not in _text(client.get(exit_url))
    response = client.post(exit_url)
    assert response.status_code == 400 and "Mot de passe incorrect." in _text(response)
    assert client.get("/agenda/").url == sign_in
