import re
import time
from html import unescape

import pytest
from django.core import mail
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts.middleware import SESSION_LAST_SEEN_KEY
from tremplin.testing.factories import PASSWORD


def log_in(client, user, password=PASSWORD):
    return client.post("/compte/connexion/", {"username": user.email, "password": password})


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def no_throttle(settings):
    # django-otp makes each failure double the wait before the next try; tests that fail
    # once on purpose then succeed must not wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_first_login_requires_setting_up_the_second_factor(client, counselor, no_throttle):
    response = log_in(client, counselor)
    assert response.status_code == 302
    response = client.get("/personnes/")
    assert (
        response.status_code == 302 and response["Location"] == "/compte/double-authentification/"
    )
    page = client.get("/compte/double-authentification/")
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=counselor, confirmed=False)
    wrong = client.post("/compte/double-authentification/", {"token": "000000"})
    assert "ne correspond pas" in wrong.content.decode()
    done = client.post("/compte/double-authentification/", {"token": current_code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and "Vos codes de secours" in done.content.decode()
    assert client.get("/personnes/").status_code == 200


def test_next_logins_ask_for_a_code(client, counselor, no_throttle):
    device = TOTPDevice.objects.create(user=counselor, name="app", confirmed=True)
    log_in(client, counselor)
    assert client.get("/personnes/")["Location"] == "/compte/verification/"
    wrong = client.post("/compte/verification/", {"token": "123456"})
    assert "Code incorrect" in wrong.content.decode()
    assert client.post("/compte/verification/", {"token": current_code(device)}).status_code == 302
    assert client.get("/personnes/").status_code == 200


def test_a_recovery_code_works_once(client, counselor, no_throttle):
    from tremplin.accounts.actions import issue_recovery_codes

    TOTPDevice.objects.create(user=counselor, name="app", confirmed=True)
    code = issue_recovery_codes(counselor)[0]
    log_in(client, counselor)
    response = client.post("/compte/verification/", {"token": code}, follow=True)
    assert "il vous en reste 9" in unescape(response.content.decode())
    other = Client()
    log_in(other, counselor)
    assert "Code incorrect" in other.post("/compte/verification/", {"token": code}).content.decode()
    assert StaticToken.objects.filter(device__user=counselor).count() == 9


def test_recovery_codes_are_kept_only_as_keyed_digests(counselor):
    from tremplin.accounts.actions import issue_recovery_codes, recovery_digest

    codes = issue_recovery_codes(counselor)
    stored = set(StaticToken.objects.filter(device__user=counselor).values_list("token", flat=True))
    assert len(codes) == len(stored) == 10
    assert not stored & set(codes)
    assert stored == {recovery_digest(c) for c in codes}
    # The digest depends on the installation's secret: a database copy alone gives nothing.
    with override_settings(SECRET_KEY="une-autre-installation-" + "x" * 40):
        assert recovery_digest(codes[0]) not in stored


def test_the_demo_may_relax_2fa_but_a_user_with_a_device_is_still_asked(
    client, counselor, manager, settings
):
    settings.REQUIRE_2FA = False
    log_in(client, counselor)
    assert client.get("/personnes/").status_code == 200
    TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    other = Client()
    log_in(other, manager)
    assert other.get("/personnes/")["Location"] == "/compte/verification/"


def test_repeated_failures_lock_the_account_for_this_address(client, counselor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, counselor, password="faux-mot-de-passe")
    response = log_in(client, counselor)  # even the right password is refused now
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()


def test_wrong_password_message_is_french_and_does_not_say_which_part_is_wrong(client, counselor):
    response = log_in(client, counselor, password="nope")
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


def test_idle_sessions_are_logged_out(client, login, counselor):
    login(client, counselor)
    session = client.session
    session[SESSION_LAST_SEEN_KEY] = int(time.time()) - 2 * 3600
    session.save()
    response = client.get("/personnes/")
    assert response.status_code == 302 and response["Location"] == "/compte/connexion/"


def test_password_reset_sends_a_french_link(client, counselor):
    client.post("/compte/mot-de-passe-oublie/", {"email": counselor.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "choisir un nouveau mot de passe" in body
    link = re.search(r"http://\S+/compte/mot-de-passe-oublie/\S+/", body).group(0)
    assert link.startswith("http")


@pytest.mark.parametrize(
    "url", ["/personnes/", "/compte/equipe/", "/compte/jetons/", "/api/v1/docs"]
)
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code in {200, 401}  # the schema page itself is public, not the data
    else:
        assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("structure_admin", "/compte/equipe/"),
        ("counselor", "/ma-journee/"),
        ("manager", "/equipe/tableau-de-bord/"),
        ("reception", "/accueil/"),
        ("employer_liaison", "/entreprises/"),
    ],
)
def test_after_logging_in_each_role_lands_on_a_page_it_may_open(client, cast, persona, landing):
    """A structure admin reads no file: the login must not send them to a refused list."""
    settings_off = override_settings(REQUIRE_2FA=False)
    with settings_off:
        response = log_in(client, cast[persona])
        assert response.status_code == 302
        page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == landing
    assert page.status_code == 200
