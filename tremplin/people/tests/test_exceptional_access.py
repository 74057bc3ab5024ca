"""Exceptional access: a colleague of the référent opens health and justice for the day,
with a reason that goes into every read, a mail to the référent and the manager's review."""

import html
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import CANARY_HEALTH_NOTE, CANARY_JUSTICE_NOTE, CANARY_LAST_NAME
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.people.access import file_access
from tremplin.people.models import ExceptionalAccess

REASON = "La référente est absente et Inès est à l'accueil pour son dossier MDPH."


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _waiting(client) -> int:
    board = client.get("/equipe/tableau-de-bord/").context["board"]
    (item,) = [i for i in board.pending if i.title.startswith("Accès exceptionnels")]
    return item.count


def test_a_colleague_opens_health_for_the_day_and_everyone_knows(
    client, login, colleague, counselor, manager, person, django_capture_on_commit_callbacks
):
    login(client, colleague)
    assert client.get(f"/personnes/{person.pk}/sante/").status_code == 404
    assert "accès exceptionnel" in _text(client.get(f"/personnes/{person.pk}/"))
    url = f"/personnes/{person.pk}/acces-exceptionnel/"
    page = _text(client.get(url))
    assert "Santé" in page and "Justice" in page

    # A reason too short, or no part chosen: refused in French, nothing opened.
    response = client.post(url, {"sections": ["health"], "reason": "Urgent"})
    assert "20 caractères au moins" in _text(response)
    response = client.post(url, {"reason": REASON})
    assert "Ce champ est obligatoire." in _text(response) or "Choisissez" in _text(response)
    assert not ExceptionalAccess.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"sections": ["health"], "reason": REASON})
    assert response.status_code == 302 and response.url == f"/personnes/{person.pk}/sante/"
    page = _text(client.get(response.url))
    assert CANARY_HEALTH_NOTE in page and "Accès exceptionnel en cours" in page
    # It reads; it does not write.
    assert "/modifier/sante/" not in page
    assert client.get(f"/personnes/{person.pk}/modifier/sante/").status_code == 404
    # Only what was asked: justice stays closed, and can be opened too.
    assert "Les autres parties réservées restent fermées" in page
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 404
    assert CANARY_JUSTICE_NOTE not in page
    reads = AccessLog.objects.filter(user=colleague, person_id=person.pk, section="health")
    assert reads.exists()
    assert set(reads.values_list("reason", flat=True)) == {f"Accès exceptionnel : {REASON}"}

    # The référent is told, without the person's name nor the reason (it may say more).
    (message,) = [m for m in mail.outbox if m.to == [counselor.email]]
    assert "Chloé Collègue" in message.body and f"n° {person.pk}" in message.body
    for private in (CANARY_LAST_NAME, "Inès", REASON, "MDPH"):
        assert private not in message.body and private not in message.subject

    # Only the Santé page opens: every other module still sees health closed.
    colleague.active_membership = colleague.memberships.get()
    access = file_access(colleague, person)
    assert access.exceptional == {Section.HEALTH} and not access.can_see(Section.HEALTH)

    # The manager sees it until they have looked at it.
    boss = login(Client(), manager)
    assert _waiting(boss) == 1
    listed = _text(boss.get("/personnes/acces-exceptionnels/?a-voir=1"))
    assert REASON in listed and "Chloé Collègue" in listed
    grant = ExceptionalAccess.objects.get()
    assert boss.post(f"/personnes/acces-exceptionnels/{grant.pk}/vu/").status_code == 302
    assert _waiting(boss) == 0


def test_the_access_ends_at_midnight(client, login, colleague, person):
    login(client, colleague)
    client.post(
        f"/personnes/{person.pk}/acces-exceptionnel/", {"sections": ["justice"], "reason": REASON}
    )
    grant = ExceptionalAccess.objects.get()
    local = timezone.localtime(grant.expires_at)
    assert (local.hour, local.minute) == (0, 0)
    assert local.date() == timezone.localdate() + timedelta(days=1)
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 200
    ExceptionalAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 404


def test_nobody_else_needs_or_gets_it(
    client, login, counselor, manager, reception, other_counselor, person
):
    url = f"/personnes/{person.pk}/acces-exceptionnel/"
    # The référent and the manager see it all; reception has no need of it; another
    # structure does not even learn that the file exists.
    for user in (counselor, manager, reception, other_counselor):
        response = login(Client(), user).post(url, {"sections": ["health"], "reason": REASON})
        assert response.status_code == 404
    assert not ExceptionalAccess.objects.exists()


def test_another_structures_manager_cannot_mark_it_seen(
    client, login, colleague, person, structure_b
):
    from tremplin.core.permissions import Role
    from tremplin.testing.factories import MembershipFactory, UserFactory

    login(client, colleague)
    client.post(
        f"/personnes/{person.pk}/acces-exceptionnel/", {"sections": ["health"], "reason": REASON}
    )
    grant = ExceptionalAccess.objects.get()
    other_manager = MembershipFactory(
        structure=structure_b, role=Role.MANAGER, user=UserFactory()
    ).user
    other = login(Client(), other_manager)
    assert other.post(f"/personnes/acces-exceptionnels/{grant.pk}/vu/").status_code == 404
    assert REASON not in _text(other.get("/personnes/acces-exceptionnels/"))
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_a_second_access_the_same_day_adds_to_the_first(client, login, colleague, person):
    login(client, colleague)
    url = f"/personnes/{person.pk}/acces-exceptionnel/"
    client.post(url, {"sections": ["health"], "reason": REASON})
    other = "Un courrier du SPIP arrive et la référente est en congé cette semaine."
    response = client.post(url, {"sections": ["justice"], "reason": other})
    assert response.url == f"/personnes/{person.pk}/justice/"
    assert client.get(f"/personnes/{person.pk}/justice/").status_code == 200
    assert client.get(f"/personnes/{person.pk}/sante/").status_code == 200
    reasons = dict(
        AccessLog.objects.filter(user=colleague, section__in=["health", "justice"]).values_list(
            "section", "reason"
        )
    )
    assert reasons == {
        "health": f"Accès exceptionnel : {REASON}",
        "justice": f"Accès exceptionnel : {other}",
    }
    # Nothing left to open: the form is no longer offered.
    assert client.get(url).status_code == 404


def test_the_list_names_only_the_files_the_manager_may_open(
    client, login, colleague, manager, person
):
    from tremplin.people.models import Person
    from tremplin.testing.factories import PersonFactory

    login(client, colleague)
    client.post(
        f"/personnes/{person.pk}/acces-exceptionnel/", {"sections": ["health"], "reason": REASON}
    )
    boss = login(Client(), manager)
    assert CANARY_LAST_NAME.upper() in _text(boss.get("/personnes/acces-exceptionnels/"))
    # The file was merged into another one since: the row keeps its number, not the name.
    Person.objects.filter(pk=person.pk).update(merged_into=PersonFactory())
    listed = _text(boss.get("/personnes/acces-exceptionnels/"))
    assert f"Dossier n° {person.pk}" in listed and REASON in listed
    assert CANARY_LAST_NAME.upper() not in listed
    assert f"/personnes/{person.pk}/" not in listed
