"""Structure administration: invite, change a role, deactivate; structure switch; API tokens."""

import os
import re
import subprocess
import sys
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tremplin.accounts import actions
from tremplin.accounts.models import ApiToken, Membership, User
from tremplin.core.permissions import Role
from tremplin.testing.factories import MembershipFactory


def test_manager_invites_a_new_member_who_sets_a_password(
    client, login, manager, structure_a, django_capture_on_commit_callbacks
):
    login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/compte/equipe/inviter/",
            {
                "email": "Nouvelle.Recrue@Exemple.test",
                "first_name": "Lou",
                "last_name": "Recrue",
                "role": "reception",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.recrue@exemple.test")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.RECEPTION
    link = re.search(r"http://\S+/compte/invitation/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link
    visitor = Client()
    weak = visitor.post(path, {"new_password1": "court", "new_password2": "court"})
    assert "trop" in weak.content.decode()
    strong = "Accueil-du-lundi-2026!"
    assert visitor.post(path, {"new_password1": strong, "new_password2": strong}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)
    # The link works once.
    assert visitor.get(path).status_code == 400


def test_inviting_an_existing_member_twice_is_refused(client, login, manager, counselor):
    login(client, manager)
    response = client.post(
        "/compte/equipe/inviter/",
        {"email": counselor.email, "first_name": "A", "last_name": "B", "role": "counselor"},
    )
    assert "déjà membre" in unescape(response.content.decode())


def test_a_user_of_another_structure_can_be_added(
    client, login, manager, other_counselor, django_capture_on_commit_callbacks
):
    login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/compte/equipe/inviter/",
            {
                "email": other_counselor.email,
                "first_name": "Bob",
                "last_name": "Ailleurs",
                "role": "counselor",
            },
        )
    assert other_counselor.memberships.count() == 2
    assert "connectez-vous comme d'habitude" in mail.outbox[0].body


def test_structure_admin_changes_a_role(client, login, structure_admin, counselor):
    membership = counselor.memberships.get()
    login(client, structure_admin)
    assert client.post(f"/compte/equipe/{membership.pk}/", {"role": "manager"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    assert membership.history.count() == 2  # the change is in the history


def test_the_last_person_managing_the_team_cannot_lose_that_right(structure_a):
    only_admin = MembershipFactory(structure=structure_a, role=Role.STRUCTURE_ADMIN)
    # Through the screens nobody changes their own role; the rule also holds for any other
    # caller of the action (a platform operator, a script).
    operator = MembershipFactory(role=Role.STRUCTURE_ADMIN).user
    with pytest.raises(ValidationError, match="au moins une personne qui gère l'équipe"):
        actions.change_role(membership=only_admin, role=Role.COUNSELOR, by=operator)
    only_admin.refresh_from_db()
    assert only_admin.role == Role.STRUCTURE_ADMIN


def test_deactivated_members_lose_access_and_tokens(client, login, manager, counselor):
    membership = counselor.memberships.get()
    token, key = ApiToken.issue(membership=membership, name="outil")
    login(client, manager)
    assert client.post(f"/compte/equipe/{membership.pk}/acces/").status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    token.refresh_from_db()
    assert token.revoked_at is not None
    theirs = login(Client(), counselor)
    assert theirs.get("/personnes/").status_code == 403
    assert "aucune structure active" in theirs.get("/", follow=True).content.decode()
    assert (
        Client().get("/api/v1/moi", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    )


def test_nobody_deactivates_themselves(client, login, manager):
    membership = manager.memberships.get()
    login(client, manager)
    response = client.post(f"/compte/equipe/{membership.pk}/acces/")
    assert "propre accès" in unescape(response.content.decode())


def test_nobody_changes_their_own_role_and_the_list_offers_no_such_button(
    client, login, manager, counselor
):
    membership = manager.memberships.get()
    # A second manager exists, so this is not the last-manager rule speaking.
    counselor.memberships.update(role=Role.MANAGER)
    login(client, manager)
    response = client.post(f"/compte/equipe/{membership.pk}/", {"role": Role.COUNSELOR})
    assert "changer votre propre rôle" in unescape(response.content.decode())
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    page = unescape(client.get("/compte/equipe/").content.decode())
    assert f"/compte/equipe/{membership.pk}/acces/" not in page
    assert f'/compte/equipe/{membership.pk}/"' not in page
    assert f"/compte/equipe/{counselor.memberships.get().pk}/acces/" in page
    assert "(vous)" in page


def test_switching_structure_only_to_ones_own(
    client, login, counselor, structure_b, other_counselor
):
    second = MembershipFactory(user=counselor, structure=structure_b, role=Role.MANAGER)
    login(client, counselor)
    assert (
        client.post(
            "/compte/structure/", {"membership": other_counselor.memberships.get().pk}
        ).status_code
        == 404
    )
    client.post("/compte/structure/", {"membership": second.pk})
    response = client.get("/personnes/", {"perimetre": "structure"})
    assert response.context["active_membership"] == second
    # The next session starts in the structure chosen last.
    again = login(Client(), counselor)
    assert again.get("/personnes/").context["active_membership"] == second


def test_api_token_is_shown_once_and_stored_hashed(client, login, counselor):
    login(client, counselor)
    response = client.post("/compte/jetons/", {"name": "Tableur", "days": 30})
    key = response.context["new_key"]
    assert key.startswith("trp_") and key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert key not in client.get("/compte/jetons/").content.decode()


def _settings_subprocess(env_overrides, code):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TREMPLIN_REQUIRE_2FA"}}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 64 + "-production-secret-key-for-the-deploy-check",
    "TREMPLIN_NIR_HASH_KEY": "nir-key-for-the-test",
    "ALLOWED_HOSTS": "tremplin.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_production_refuses_to_relax_2fa():
    result = _settings_subprocess(
        {**PRODUCTION, "TREMPLIN_REQUIRE_2FA": "0", "DJANGO_SETTINGS_MODULE": "tremplin.settings"},
        "import django; django.setup()",
    )
    assert (
        result.returncode != 0
        and "TREMPLIN_REQUIRE_2FA=0 is only allowed in development" in result.stderr
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _settings_subprocess(
        {**env, "DJANGO_SETTINGS_MODULE": "tremplin.settings"}, "import django; django.setup()"
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_deploy_check_reports_nothing_in_production_mode():
    result = _settings_subprocess(
        PRODUCTION,
        "import sys; from tremplin.__main__ import main; sys.argv=['tremplin','check','--deploy','--fail-level','WARNING']; main()",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_manager_resets_the_second_factor_of_a_member_who_lost_their_phone(
    client, login, manager, counselor
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    theirs = login(Client(), counselor)  # a verified session with a device
    membership = counselor.memberships.get()
    login(client, manager)
    assert (
        client.post(f"/compte/equipe/{membership.pk}/double-authentification/").status_code == 302
    )
    assert not TOTPDevice.objects.filter(user=counselor).exists()
    # Their session must enrol again before going on.
    assert theirs.get("/personnes/")["Location"] == "/compte/double-authentification/"
    # The reset is kept: on the membership, in its history, and on the team page.
    membership.refresh_from_db()
    assert membership.second_factor_reset_by == manager
    assert membership.history.filter(second_factor_reset_by=manager).count() == 1
    page = client.get("/compte/equipe/").content.decode()
    assert "Double authentification réinitialisée le" in page
    assert f"par {manager.full_name}" in page


def test_structure_settings_check_the_postal_code_against_the_commune(
    client, login, structure_admin, structure_a, counselor
):
    login(client, structure_admin)
    bad = client.post(
        "/compte/equipe/structure/",
        {
            "name": "ML Test",
            "postal_code": "75001",
            "commune": "Nantes — 44000 (44109)",
            "phone": "02 40 00 00 00",
        },
    )
    assert "postal_code" in bad.context["form"].errors
    good = client.post(
        "/compte/equipe/structure/",
        {
            "name": "ML Test",
            "postal_code": "44000",
            "commune": "Nantes — 44000 (44109)",
            "phone": "02 40 00 00 00",
            "referral_answer_days": "10",
        },
    )
    assert good.status_code == 302
    structure_a.refresh_from_db()
    assert structure_a.name == "ML Test" and structure_a.commune_id == "44109"
    assert structure_a.referral_answer_days == 10
    assert login(Client(), counselor).get("/compte/equipe/structure/").status_code == 403


def test_the_user_menu_names_the_whole_structure(client, login, counselor, structure_a):
    """The top bar may cut a long structure name; the user menu gives it whole."""
    structure_a.name = "Mission Locale de l'agglomération nazairienne et de la presqu'île"
    structure_a.save()
    page = login(client, counselor).get("/personnes/").content.decode()
    menu = page[page.index('aria-labelledby="user-menu"') :]
    assert "Conseiller" in menu[:600]
    assert structure_a.name.replace("'", "&#x27;") in menu[:600]


def _invite(client, email="invitee@exemple.test", role="counselor"):
    return client.post(
        "/compte/equipe/inviter/",
        {"email": email, "first_name": "Inès", "last_name": "Invitée", "role": role},
    )


def _row(page, email):
    return next(r for r in page.split("<tbody>", 1)[1].split("<tr>") if email in r)


def _invitation_path(message):
    link = re.search(r"http://\S+/compte/invitation/\S+/", message.body).group(0)
    return link.split("8000", 1)[-1] if "8000" in link else link


def test_an_invited_member_shows_as_pending_until_the_password_is_chosen(
    client, login, structure_admin, manager, django_capture_on_commit_callbacks
):
    login(client, structure_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client)
    membership = Membership.objects.get(user__email="invitee@exemple.test")
    assert membership.invitation_sent_at is not None
    page = unescape(client.get("/compte/equipe/").content.decode())
    row = _row(page, "invitee@exemple.test")
    assert "Invitation en attente" in row and "Actif" not in row
    # The page gives the day in Paris (after 23:00 UTC in winter, the next day).
    sent = timezone.localtime(membership.invitation_sent_at)
    assert f"envoyée le {sent:%d/%m/%Y}" in row
    assert f"/compte/equipe/{membership.pk}/invitation/" in row

    strong = "Premier-jour-2026!"
    path = _invitation_path(mail.outbox[0])
    Client().post(path, {"new_password1": strong, "new_password2": strong})
    page = unescape(client.get("/compte/equipe/").content.decode())
    row = _row(page, "invitee@exemple.test")
    assert "Actif" in row and "Invitation en attente" not in row


def test_resending_an_invitation_sends_a_new_link_and_kills_the_old_one(
    client, login, structure_admin, manager, django_capture_on_commit_callbacks
):
    login(client, structure_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client)
    membership = Membership.objects.get(user__email="invitee@exemple.test")
    old_path = _invitation_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/compte/equipe/{membership.pk}/invitation/", {"action": "resend"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["invitee@exemple.test"]
    new_path = _invitation_path(mail.outbox[1])
    assert new_path != old_path
    assert Client().get(old_path).status_code == 400
    assert Client().get(new_path).status_code == 200
    assert "invitation renvoyée" in membership.history.first().history_change_reason


def test_cancelling_an_invitation_deactivates_the_membership_and_the_link(
    client, login, structure_admin, manager, django_capture_on_commit_callbacks
):
    login(client, structure_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client)
    membership = Membership.objects.get(user__email="invitee@exemple.test")
    path = _invitation_path(mail.outbox[0])
    response = client.post(f"/compte/equipe/{membership.pk}/invitation/", {"action": "cancel"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active and membership.deactivated_at is not None
    assert "invitation annulée" in membership.history.first().history_change_reason
    assert Client().get(path).status_code == 400
    page = unescape(client.get("/compte/equipe/").content.decode())
    row = _row(page, "invitee@exemple.test")
    assert "Invitation annulée" in row


def test_an_activated_member_has_no_invitation_to_resend_or_cancel(
    client, login, structure_admin, counselor
):
    membership = counselor.memberships.get()
    login(client, structure_admin)
    response = client.post(f"/compte/equipe/{membership.pk}/invitation/", {"action": "cancel"})
    assert "pas d'invitation en attente" in unescape(response.content.decode())
    membership.refresh_from_db()
    assert membership.is_active


def test_the_only_manager_cannot_be_made_counselor_nor_deactivated(
    client, login, structure_admin, manager
):
    membership = manager.memberships.get()
    login(client, structure_admin)
    response = client.post(f"/compte/equipe/{membership.pk}/", {"role": "counselor"})
    assert "au moins un·e responsable de service" in unescape(response.content.decode())
    response = client.post(f"/compte/equipe/{membership.pk}/acces/")
    assert "au moins un·e responsable de service" in unescape(response.content.decode())
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER and membership.is_active
    assert membership.history.count() == 1


def test_a_pending_invitation_does_not_count_as_the_manager_kept(
    client, login, structure_admin, manager, django_capture_on_commit_callbacks
):
    login(client, structure_admin)
    _invite(client, role="manager")
    membership = manager.memberships.get()
    response = client.post(f"/compte/equipe/{membership.pk}/", {"role": "counselor"})
    assert "au moins un·e responsable de service" in unescape(response.content.decode())
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_a_second_manager_allows_the_change(client, login, structure_admin, manager, structure_a):
    MembershipFactory(structure=structure_a, role=Role.MANAGER)
    membership = manager.memberships.get()
    login(client, structure_admin)
    assert client.post(f"/compte/equipe/{membership.pk}/", {"role": "counselor"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.COUNSELOR


def test_the_last_structure_admin_cannot_be_removed(client, login, structure_admin, manager):
    membership = structure_admin.memberships.get()
    login(client, manager)
    response = client.post(f"/compte/equipe/{membership.pk}/", {"role": "counselor"})
    assert "au moins un·e administrateur·rice" in unescape(response.content.decode())
    response = client.post(f"/compte/equipe/{membership.pk}/acces/")
    assert "au moins un·e administrateur·rice" in unescape(response.content.decode())
    membership.refresh_from_db()
    assert membership.role == Role.STRUCTURE_ADMIN and membership.is_active


@pytest.mark.parametrize("value", ["-3", "0", "1", "91"])
def test_the_referral_answer_delay_always_says_its_bounds(
    client, login, structure_admin, structure_a, value
):
    login(client, structure_admin)
    response = client.post(
        "/compte/equipe/structure/",
        {
            "name": structure_a.name,
            "address": structure_a.address,
            "postal_code": structure_a.postal_code,
            "commune": "",
            "phone": "",
            "email": "",
            "referral_answer_days": value,
        },
    )
    page = unescape(response.content.decode())
    assert "Indiquez un délai compris entre 2 et 90 jours." in page
    assert "supérieure ou égale à 0" not in page
    structure_a.refresh_from_db()
    assert structure_a.referral_answer_days == 15


def test_colleague_lists_say_who_has_not_accepted_the_invitation_yet(
    client, login, manager, counselor, structure_a
):
    membership = actions.invite_member(
        structure=structure_a,
        email="arrivee@exemple.test",
        first_name="Lou",
        last_name="Arrivée",
        role=Role.COUNSELOR,
        by=manager,
    )
    pending = "Lou Arrivée (invitation en attente)"
    login(client, counselor)
    pages = ["/personnes/nouvelle/", "/agenda/", "/agenda/rendez-vous/nouveau/"]
    for url in pages:
        page = unescape(client.get(url).content.decode())
        assert pending in page, url
        assert f"{counselor.full_name} (invitation" not in page

    # Once the password is chosen, the plain name.
    user = membership.user
    user.set_password("Un mot de passe assez long 2026")
    user.save()
    for url in pages:
        page = unescape(client.get(url).content.decode())
        assert pending not in page and "Lou Arrivée" in page, url


@pytest.fixture
def departing(structure_a, counselor, colleague, other_counselor, structure_b):
    """The counselor's open files in A (two), one closed, one of structure B, and two
    appointments: one to come, one past."""
    from datetime import timedelta

    from django.utils import timezone

    from tremplin.agenda.models import Appointment
    from tremplin.people.models import Follow
    from tremplin.testing.factories import PersonFactory

    open_follows = [
        Follow.objects.create(person=PersonFactory(), structure=structure_a, referent=counselor)
        for _ in range(2)
    ]
    Follow.objects.create(
        person=PersonFactory(),
        structure=structure_a,
        referent=counselor,
        ended_on=timezone.localdate(),
        started_on=timezone.localdate(),
    )
    Follow.objects.create(person=PersonFactory(), structure=structure_b, referent=other_counselor)
    now = timezone.now()
    for start in (now + timedelta(days=2), now - timedelta(days=2)):
        Appointment.objects.create(
            structure=structure_a,
            organizer=counselor,
            created_by=counselor,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            place="Bureau 3",
        )
    return open_follows


def test_the_deactivation_page_counts_the_files_and_appointments_left_behind(
    client, login, structure_admin, counselor, colleague, manager, departing
):
    membership = counselor.memberships.get()
    login(client, structure_admin)
    response = client.get(f"/compte/equipe/{membership.pk}/acces/")
    page = unescape(response.content.decode())
    assert "2 dossiers suivis" in page
    assert "1 rendez-vous à venir" in page
    # The choice: the members who may follow people, the departing one excepted.
    choices = set(response.context["hand_over"].fields["referent"].queryset)
    assert colleague in choices and manager in choices and counselor not in choices
    assert structure_admin not in choices


def test_deactivating_may_hand_all_the_files_over_at_once(
    client, login, structure_admin, counselor, colleague, departing
):
    membership = counselor.memberships.get()
    login(client, structure_admin)
    response = client.post(
        f"/compte/equipe/{membership.pk}/acces/", {"referent": colleague.pk}, follow=True
    )
    assert "2 dossiers confiés à Chloé Collègue" in unescape(response.content.decode())
    membership.refresh_from_db()
    assert not membership.is_active
    for follow in departing:
        follow.refresh_from_db()
        assert follow.referent == colleague
        # Traced as a single change of référent·e is.
        assert follow.history.first().history_change_reason.startswith("référent changé par")
    # The closed follow keeps its référent·e.
    assert counselor.referent_of.filter(ended_on__isnull=False).count() == 1


def test_deactivating_without_handing_over_leaves_the_files_to_assign(
    client, login, structure_admin, counselor, departing
):
    membership = counselor.memberships.get()
    login(client, structure_admin)
    assert (
        client.post(f"/compte/equipe/{membership.pk}/acces/", {"referent": ""}).status_code == 302
    )
    membership.refresh_from_db()
    assert not membership.is_active
    assert counselor.referent_of.filter(ended_on__isnull=True).count() == 2


def test_the_hand_over_and_the_deactivation_land_together_or_not_at_all(
    structure_admin, counselor, colleague, departing, monkeypatch
):
    from tremplin.people import actions as people_actions

    real_change = people_actions.change_referent
    calls = []

    def failing_on_the_second(**kwargs):
        calls.append(kwargs["follow"].pk)
        if len(calls) == 2:
            raise RuntimeError("panne")
        real_change(**kwargs)

    monkeypatch.setattr(people_actions, "change_referent", failing_on_the_second)
    membership = counselor.memberships.get()
    with pytest.raises(RuntimeError):
        actions.deactivate_member(membership=membership, by=structure_admin, hand_over_to=colleague)
    membership.refresh_from_db()
    assert membership.is_active
    assert counselor.referent_of.filter(ended_on__isnull=True).count() == 2


def test_a_malformed_structure_postal_code_gets_one_message_not_two(
    client, login, structure_admin, structure_a
):
    login(client, structure_admin)
    response = client.post(
        "/compte/equipe/structure/",
        {
            "name": "ML Test",
            "postal_code": "4",
            "commune": "Saint-Nazaire (44184)",
            "phone": "",
            "email": "",
            "referral_answer_days": "10",
        },
    )
    errors = response.context["form"].errors
    assert errors["postal_code"] == ["Le code postal doit comporter 5 chiffres."]
