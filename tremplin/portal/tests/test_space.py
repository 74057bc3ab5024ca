"""The person's own space: the door (invitation, link, birth date, revocation), the pages,
and the consents changed from the space."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import CANARY_B_LAST_NAME, CANARY_HEALTH_NOTE
from tremplin.agenda.models import Appointment, Participant
from tremplin.agenda.sms import MemorySmsBackend
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.logging import mask
from tremplin.matching import proposals
from tremplin.matching.tests.test_sources import candidate, offer  # noqa: F401  (fixture)
from tremplin.pathways.models import Action, Objective, Pathway
from tremplin.people import actions as people_actions
from tremplin.people import enums
from tremplin.people.models import Consent, Follow
from tremplin.portal import actions
from tremplin.portal.enums import SpaceEventKind, SpaceStatus
from tremplin.portal.models import MAX_PENDING_LINKS, SpaceAccess, SpaceLink
from tremplin.portal.session import SESSION_KEY
from tremplin.portal.views import LINK_SESSION_KEY
from tremplin.referentials.models import Thematique
from tremplin.testing.factories import space_login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def text(response) -> str:
    return html.unescape(response.content.decode())


def birth(person, *, days=0) -> dict:
    when = person.birth_date + timedelta(days=days)
    return {"day": when.day, "month": when.month, "year": when.year}


@pytest.fixture
def base_url(settings):
    settings.TREMPLIN_BASE_URL = "http://testserver"


@pytest.fixture
def invited(person, counselor, base_url, django_capture_on_commit_callbacks):
    """The person invited by e-mail by their référent; returns the link's path."""
    person.email = "ines@exemple.test"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(person=person, membership=counselor.memberships.get(), channel="email")
    return link_path(mail.outbox[-1].body)


def link_path(body: str) -> str:
    return re.search(r"http://testserver(/espace/lien/[^/\s]+/)", body).group(1)


# The link's page once its token has left the address (kept in the session).
CONFIRM = "/espace/lien/"


def follow_link(client, path):
    """Open the link as a browser does: the token goes to the session, the browser is sent
    at once to the confirmation page, whose address carries no token."""
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == CONFIRM
    return response


def answer(client, person, *, days=0):
    """The birth date typed on the confirmation page (`days` off the right one)."""
    return client.post(CONFIRM, birth(person, days=days))


def enter(client, path, person, *, days=0):
    follow_link(client, path)
    return answer(client, person, days=days)


# --- the door --------------------------------------------------------------------------------


def test_the_counselor_invites_from_the_file_and_the_person_enters_with_the_birth_date(
    client, login, counselor, person, base_url, django_capture_on_commit_callbacks
):
    person.email = "ines@exemple.test"
    person.save()
    staff = login(Client(), counselor)
    page = staff.get(f"/personnes/{person.pk}/")
    assert "Jamais invitée" in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/personnes/{person.pk}/espace-personnel/", {"action": "invite", "channel": "email"}
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["ines@exemple.test"]
    # The message names no one: a mailbox may be shared.
    assert person.last_name not in message.body and person.first_name not in message.body
    path = link_path(message.body)
    manage = text(staff.get(f"/personnes/{person.pk}/espace-personnel/"))
    assert "Lien en cours valable jusqu'au" in manage
    follow_link(client, path)
    form = client.get(CONFIRM)
    assert form.status_code == 200 and "date de naissance" in text(form)
    response = answer(client, person)
    assert response.status_code == 302 and response["Location"] == "/espace/accueil/"
    home = client.get("/espace/accueil/")
    assert home.status_code == 200
    assert "Alice Conseil" in text(home) and "Mission Locale Test A" in text(home)
    access = SpaceAccess.objects.get(person=person)
    assert access.status == SpaceStatus.ACTIVE and access.activated_at is not None
    assert access.events.filter(kind=SpaceEventKind.LOGIN).count() == 1
    # The staff side shows the status and the last visit.
    manage = text(staff.get(f"/personnes/{person.pk}/espace-personnel/"))
    assert "Active" in manage and "Connexion à l'espace" in manage
    assert "Lien en cours valable jusqu'au" not in manage  # used: none pending
    assert "INVALID_TEMPLATE_VARIABLE" not in manage
    assert "INVALID_TEMPLATE_VARIABLE" not in text(staff.get(f"/personnes/{person.pk}/"))


def test_opening_the_link_moves_its_token_out_of_the_address_and_uses_nothing(
    client, person, invited
):
    token = invited.split("/")[-2]
    response = follow_link(client, invited)
    # Nothing is shown with the token, and the redirect's request leaves no Referer.
    assert token not in response["Location"] and token.encode() not in response.content
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.session[LINK_SESSION_KEY] == token
    # Nothing is used by opening the link (a mail scanner may open it first).
    access = SpaceAccess.objects.get(person=person)
    assert access.pending_links().count() == 1 and not access.events.exclude(kind="invited")
    page = client.get(CONFIRM)
    assert page.status_code == 200 and "Pour vérifier que c'est bien vous" in text(page)
    assert token not in text(page) and token not in str(page.headers)
    # Its form posts to the page's own address (no action): the token-free one.
    assert '<form method="post" class="space-card"' in text(page) and "action=" not in text(page)
    # `same-origin` (not `no-referrer`) keeps the form's Origin for the CSRF check.
    assert page["Referrer-Policy"] == "same-origin"
    response = answer(client, person)
    assert response.status_code == 302 and response["Location"] == "/espace/accueil/"
    assert LINK_SESSION_KEY not in client.session
    assert client.get("/espace/accueil/").status_code == 200
    # Back on the confirmation page, in the space: home.
    assert client.get(CONFIRM)["Location"] == "/espace/accueil/"


def test_a_link_opens_the_door_once(client, person, invited):
    assert enter(client, invited, person).status_code == 302
    assert not SpaceLink.objects.filter(access__person=person).exists()
    other = Client()
    follow_link(other, invited)
    response = other.get(CONFIRM)
    assert response.status_code == 410 and "Ce lien ne marche plus" in text(response)
    # The dead token leaves the session: the page then asks for the link.
    assert LINK_SESSION_KEY not in other.session
    response = enter(other, invited, person)
    assert response.status_code == 410 and "Ce lien ne marche plus" in text(response)
    assert LINK_SESSION_KEY not in other.session
    assert other.get("/espace/accueil/")["Location"] == "/espace/"


def test_the_confirmation_page_without_a_link_says_to_open_it_or_ask_a_new_one(client, person):
    for response in (client.get(CONFIRM), client.post(CONFIRM, birth(person))):
        assert response.status_code == 200
        page = text(response)
        assert "Ouvrez le lien reçu" in page and "Vous n'avez plus le lien ?" in page
        assert 'action="/espace/nouveau-lien/"' in page and "Recevoir un nouveau lien" in page
        assert "INVALID_TEMPLATE_VARIABLE" not in page
    assert client.get("/espace/accueil/").status_code == 302


def test_an_expired_link_opens_nothing(client, person, invited):
    SpaceLink.objects.filter(access__person=person).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = enter(client, invited, person)
    assert response.status_code == 410 and "Ce lien ne marche plus" in text(response)
    assert LINK_SESSION_KEY not in client.session
    assert client.get("/espace/accueil/").status_code == 302
    assert not SpaceAccess.objects.get(person=person).events.filter(kind="login").exists()


def test_the_space_always_says_votre_conseiller_ere(client, person, invited):
    """Never « votre conseiller » alone, on the pages before and inside the space."""
    pages = [
        text(client.get("/espace/")),
        text(client.get(invited.replace("/lien/", "/lien/x"), follow=True)),
        text(Client().get(CONFIRM)),
    ]
    enter(client, invited, person)
    for url in (
        "/espace/accueil/",
        "/espace/plan/",
        "/espace/consentements/",
        "/espace/documents/",
    ):
        pages.append(text(client.get(url)))
    assert "Ou bien votre conseiller·ère a fermé l'accès" in pages[1]
    assert "demandez-les à votre conseiller·ère" in pages[-1]
    for page in pages:
        assert not re.search(r"[Vv]otre conseill(?!er·ère)", page)


def test_a_forged_link_opens_nothing(client, person, invited):
    token = invited.split("/")[-2]
    for forged in (token[:-2] + "xy", "eyJhIjoxfQ:forged:sig", "abc", token + "x" * 300):
        response = enter(client, f"/espace/lien/{forged}/", person)
        assert response.status_code == 410 and "Ce lien ne marche plus" in text(response)
    assert client.get("/espace/accueil/").status_code == 302


def test_revocation_kills_the_link_and_the_open_session(
    client, login, counselor, person, invited, django_capture_on_commit_callbacks
):
    # One session open and a second link issued (asked from the public page)…
    assert enter(client, invited, person).status_code == 302
    SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.request_link(email="ines@exemple.test") == 1
    second_link = link_path(mail.outbox[-1].body)
    # …then the counselor revokes the access.
    staff = login(Client(), counselor)
    staff.post(f"/personnes/{person.pk}/espace-personnel/", {"action": "revoke"})
    assert SpaceAccess.objects.get(person=person).status == SpaceStatus.REVOKED
    assert client.get("/espace/accueil/")["Location"] == "/espace/"
    other = Client()
    response = enter(other, second_link, person)
    assert response.status_code == 410 and "Ce lien ne marche plus" in text(response)
    assert other.get("/espace/accueil/").status_code == 302
    assert "Accès retiré" in text(staff.get(f"/personnes/{person.pk}/espace-personnel/"))
    # A revoked access asks for no link either.
    assert actions.request_link(email="ines@exemple.test") == 0


def test_five_wrong_birth_dates_burn_the_link_and_the_counselor_sees_it(
    client, login, counselor, person, invited
):
    follow_link(client, invited)
    for attempt in range(1, 5):
        response = answer(client, person, days=attempt)
        assert response.status_code == 200
        assert f"Il vous reste {5 - attempt} essai" in text(response)
        assert LINK_SESSION_KEY in client.session  # kept for the next try
    response = answer(client, person, days=9)
    assert response.status_code == 403 and "Ce lien est bloqué" in text(response)
    assert LINK_SESSION_KEY not in client.session
    # Even the right date no longer opens anything.
    assert enter(client, invited, person).status_code == 410
    assert client.get("/espace/accueil/").status_code == 302
    access = SpaceAccess.objects.get(person=person)
    assert access.status == SpaceStatus.BLOCKED and access.blocked_at is not None
    # Asking for a new link from the public page does nothing while blocked.
    sent = len(mail.outbox)
    assert actions.request_link(email="ines@exemple.test") == 0 and len(mail.outbox) == sent
    staff = login(Client(), counselor)
    assert "Lien bloqué" in text(staff.get(f"/personnes/{person.pk}/espace-personnel/"))
    assert "Lien bloqué" in text(staff.get(f"/personnes/{person.pk}/"))


def test_an_impossible_date_counts_as_a_wrong_answer(client, person, invited):
    follow_link(client, invited)
    response = client.post(CONFIRM, {"day": 31, "month": 2, "year": 1990})
    assert "Il vous reste 4 essais" in text(response)
    response = client.post(CONFIRM, {"day": "", "month": "", "year": "19"})
    # An incomplete form is not an attempt: French messages on the fields.
    assert "Écrivez le jour." in text(response) and "Il vous reste 4 essais" not in text(response)
    assert SpaceAccess.objects.get(person=person).failed_attempts == 1


def test_asking_for_a_new_link_never_tells_whether_the_address_is_known(
    client, person, invited, django_capture_on_commit_callbacks
):
    SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/espace/nouveau-lien/", {"email": "INES@exemple.test"})
    unknown = Client().post("/espace/nouveau-lien/", {"email": "personne@exemple.test"})
    assert known.status_code == unknown.status_code == 200
    assert text(known) == text(unknown)
    assert len(mail.outbox) == sent + 1
    new_link = link_path(mail.outbox[-1].body)
    assert new_link != invited
    # The new link does not cancel the invitation: both open the door (once, together).
    assert SpaceAccess.objects.get(person=person).pending_links().count() == 2
    assert enter(Client(), new_link, person).status_code == 302
    assert enter(Client(), invited, person).status_code == 410
    # Asked again at once: nothing more leaves (a few minutes between two links).
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/espace/nouveau-lien/", {"email": "ines@exemple.test"})
    assert len(mail.outbox) == sent + 1


def test_one_address_asking_for_links_again_and_again_is_stopped(
    client, person, invited, django_capture_on_commit_callbacks
):
    """A public form that sends e-mails: ten requests an hour from one client address."""
    SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
    sent = len(mail.outbox)
    for n in range(10):
        response = client.post("/espace/nouveau-lien/", {"email": f"x{n}@exemple.test"})
        assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        stopped = client.post("/espace/nouveau-lien/", {"email": "ines@exemple.test"})
    assert stopped.status_code == 429
    assert "Trop de demandes" in text(stopped) and "Réessayez dans une heure" in text(stopped)
    assert len(mail.outbox) == sent
    # Another address is not held back.
    other = Client(REMOTE_ADDR="198.51.100.20")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            other.post("/espace/nouveau-lien/", {"email": "ines@exemple.test"}).status_code == 200
        )
    assert len(mail.outbox) == sent + 1


def test_the_invitation_goes_by_sms_only_to_a_mobile_with_the_sms_consent(
    person, counselor, structure_a, base_url, settings, django_capture_on_commit_callbacks
):
    settings.TREMPLIN_SMS_BACKEND = "tremplin.agenda.sms.MemorySmsBackend"
    MemorySmsBackend.outbox = []
    person.email, person.phone = "", "0612345678"
    person.save()
    membership = counselor.memberships.get()
    with pytest.raises(ValidationError):
        actions.invite(person=person, membership=membership, channel="sms")
    Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.SMS,
        channel=enums.ConsentChannel.PAPER,
        recorded_by=counselor,
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(person=person, membership=membership, channel="sms")
    ((to, sms),) = MemorySmsBackend.outbox
    assert to == "0612345678" and "/espace/lien/" in sms and person.last_name not in sms


def test_the_session_ends_after_inactivity_and_on_logout(client, person, settings):
    space_login(client, person)
    assert client.get("/espace/accueil/").status_code == 200
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "seen": session[SESSION_KEY]["seen"] - 3600}
    session.save()
    assert client.get("/espace/accueil/")["Location"] == "/espace/"
    space_login(client, person)
    client.post("/espace/deconnexion/")
    assert client.get("/espace/accueil/").status_code == 302
    assert SpaceAccess.objects.get(person=person).events.filter(kind="logout").exists()


def test_a_staff_session_is_never_a_person_session(client, login, counselor, person, invited):
    login(client, counselor)
    assert client.get("/espace/accueil/").status_code == 302
    # Entering the space from a browser where a counselor is logged in logs the counselor out.
    assert enter(client, invited, person).status_code == 302
    assert client.get("/personnes/").status_code == 302
    assert client.get("/espace/accueil/").status_code == 200


def test_the_link_token_never_reaches_the_logs(invited):
    assert "[secret]" in mask(f"GET {invited} HTTP/1.1") and invited.split("/")[-2] not in mask(
        f"GET {invited} HTTP/1.1"
    )
    # The confirmation page's address has no token to mask.
    assert mask(f'"GET {CONFIRM} HTTP/1.1" 200') == f'"GET {CONFIRM} HTTP/1.1" 200'
    assert mask(f'"POST {CONFIRM} HTTP/1.1" 302') == f'"POST {CONFIRM} HTTP/1.1" 302'


def test_someone_asking_for_links_with_the_persons_email_cancels_no_pending_link(
    person, invited, django_capture_on_commit_callbacks
):
    """Up to MAX_PENDING_LINKS links wait at once, all sent to the person; then nothing more
    leaves until one is used or expires, and none is ever cancelled by a new request."""
    sent = len(mail.outbox)
    links = [invited]
    for _ in range(MAX_PENDING_LINKS + 2):
        SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            actions.request_link(email="ines@exemple.test")
        links.append(link_path(mail.outbox[-1].body))
    assert len(mail.outbox) == sent + MAX_PENDING_LINKS - 1
    access = SpaceAccess.objects.get(person=person)
    assert access.pending_links().count() == MAX_PENDING_LINKS
    # The first one, the invitation, still opens the door; then none of them does.
    assert enter(Client(), invited, person).status_code == 302
    assert not access.pending_links().exists()
    for path in set(links[1:]):
        assert enter(Client(), path, person).status_code == 410
    # Once the person is in, asking again sends a link again.
    SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.request_link(email="ines@exemple.test") == 1


def test_a_full_set_of_pending_links_waits_for_one_to_expire(
    person, invited, django_capture_on_commit_callbacks
):
    for _ in range(MAX_PENDING_LINKS - 1):
        SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.request_link(email="ines@exemple.test") == 1
    SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
    assert actions.request_link(email="ines@exemple.test") == 0
    oldest = SpaceLink.objects.filter(access__person=person).order_by("created_at", "pk").first()
    SpaceLink.objects.filter(pk=oldest.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.request_link(email="ines@exemple.test") == 1
    # The expired one is deleted when the new one is issued.
    assert not SpaceLink.objects.filter(pk=oldest.pk).exists()
    assert SpaceLink.objects.filter(access__person=person).count() == MAX_PENDING_LINKS


def test_a_new_invitation_replaces_every_pending_link(
    person, counselor, invited, django_capture_on_commit_callbacks
):
    SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.request_link(email="ines@exemple.test") == 1
    renewal = link_path(mail.outbox[-1].body)
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(person=person, membership=counselor.memberships.get(), channel="email")
    fresh = link_path(mail.outbox[-1].body)
    assert enter(Client(), invited, person).status_code == 410
    assert enter(Client(), renewal, person).status_code == 410
    assert enter(Client(), fresh, person).status_code == 302


# --- the pages -------------------------------------------------------------------------------


@pytest.fixture
def space(client, person):
    return space_login(client, person)


def test_every_page_is_traced_as_the_persons_own_read(space, person):
    before = AccessLog.objects.filter(person_id=person.pk, channel="space").count()
    for url in (
        "/espace/accueil/",
        "/espace/plan/",
        "/espace/rendez-vous/",
        "/espace/consentements/",
        "/espace/consultations/",
        "/espace/documents/",
    ):
        response = space.get(url)
        assert response.status_code == 200, url
        assert "INVALID_TEMPLATE_VARIABLE" not in text(response), url
    logs = AccessLog.objects.filter(person_id=person.pk, channel="space")
    assert logs.count() == before + 8  # the home page: identity, appointments and plan
    assert set(logs.values_list("section", flat=True)) == {
        "identity",
        "pathway",
        "agenda",
        "consents",
        "access_log",
        "documents",
    }
    assert not logs.filter(user__isnull=False).exists()


def test_the_plan_and_appointments_show_the_persons_own_and_nothing_of_the_team_notes(
    space, person, counselor, structure_a
):
    today = timezone.localdate()
    pathway = Pathway.objects.create(
        person=person,
        structure=structure_a,
        framework="cej",
        started_on=today - timedelta(days=10),
        planned_end_on=today + timedelta(days=170),
        referent=counselor,
        created_by=counselor,
    )
    objective = Objective.objects.create(
        pathway=pathway, thematique=Thematique.objects.first(), title="Trouver un emploi en cuisine"
    )
    Action.objects.create(
        pathway=pathway,
        objective=objective,
        title="Préparer mon CV",
        owner="person",
        due_on=today + timedelta(days=5),
    )
    start = timezone.now() + timedelta(days=2)
    appointment = Appointment.objects.create(
        structure=structure_a,
        organizer=counselor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="12 rue du Port, Saint-Nazaire",
        subject="Note interne à l'équipe",
        created_by=counselor,
    )
    Participant.objects.create(appointment=appointment, person=person)
    plan = text(space.get("/espace/plan/"))
    assert "Trouver un emploi en cuisine" in plan and "Préparer mon CV" in plan
    home = text(space.get("/espace/accueil/"))
    assert "Préparer mon CV" in home and "12 rue du Port" in home
    rdv = text(space.get("/espace/rendez-vous/"))
    assert "12 rue du Port" in rdv and "Note interne" not in rdv


def test_who_read_my_file_names_the_professional_role_and_part_but_not_my_own_visits(
    space, person, counselor, django_assert_max_num_queries
):
    counselor.active_membership = counselor.memberships.get()
    for _ in range(3):
        log_read(user=counselor, person=person, section="health")
    space.get("/espace/accueil/")
    with django_assert_max_num_queries(12):
        page = text(space.get("/espace/consultations/"))
    assert "Alice Conseil" in page and "conseiller·ère en insertion" in page
    assert "A lu : votre santé" in page and "Mission Locale Test A" in page
    assert "La personne elle-même" not in page


def test_reads_of_one_professional_on_one_day_read_as_one_visit(
    space, person, counselor, colleague, django_assert_max_num_queries
):
    """One visit per professional, structure and day: each part named once, in the file's
    order, with the span of time; another day or another professional is another visit."""
    structure_id = counselor.memberships.get().structure_id
    morning = timezone.localtime().replace(hour=9, minute=5, second=0, microsecond=0)

    def read(user, section, at):
        AccessLog.objects.create(
            user=user, structure_id=structure_id, person_id=person.pk, section=section, at=at
        )

    for minutes, section in ((0, "pathway"), (10, "identity"), (12, "pathway"), (35, "agenda")):
        read(counselor, section, morning + timedelta(minutes=minutes))
    read(counselor, "identity", morning - timedelta(days=2))
    read(colleague, "identity", morning)
    space.get("/espace/accueil/")

    with django_assert_max_num_queries(12):
        response = space.get("/espace/consultations/")

    visits = response.context["visits"]
    assert len(visits) == 3
    mine = [v for v in visits if v.user == counselor]
    assert [v.reads for v in mine] == [4, 1]
    assert mine[0].parts == [
        "Votre identité et vos coordonnées",
        "Vos rendez-vous",
        "Votre parcours et votre plan d'action",
    ]
    assert (mine[0].last - mine[0].first) == timedelta(minutes=35)
    page = text(response)
    assert page.count("Alice Conseil") == 2
    assert "de 09:05 à 09:40" in page


def test_documents_exclude_health_and_justice_and_others_files(
    space, person, person_b, counselor, other_counselor, structure_a
):
    membership = counselor.memberships.get()
    cv = people_actions.add_document(
        person=person,
        membership=membership,
        uploaded=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        kind=enums.DocumentKind.CV,
        title="Mon CV",
    )
    medical = people_actions.add_document(
        person=person,
        membership=membership,
        uploaded=SimpleUploadedFile("m.pdf", PDF, content_type="application/pdf"),
        kind=enums.DocumentKind.MEDICAL,
        title="Certificat du médecin",
    )
    others = people_actions.add_document(
        person=person_b,
        membership=other_counselor.memberships.get(),
        uploaded=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
        kind=enums.DocumentKind.CV,
        title="CV de Bruno",
    )
    listing = text(space.get("/espace/documents/"))
    assert "Mon CV" in listing and "Certificat du médecin" not in listing
    response = space.get(f"/espace/documents/{cv.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert space.get(f"/espace/documents/{medical.pk}/").status_code == 404
    assert space.get(f"/espace/documents/{others.pk}/").status_code == 404


def test_a_person_never_sees_another_persons_anything(
    client, person, person_b, counselor, other_counselor, structure_b
):
    theirs = Consent.objects.create(
        person=person_b,
        structure=structure_b,
        purpose=enums.ConsentPurpose.SURVEYS,
        channel=enums.ConsentChannel.PAPER,
        recorded_by=other_counselor,
    )
    space_login(client, person)
    for url in (
        "/espace/accueil/",
        "/espace/consentements/",
        "/espace/consultations/",
        "/espace/documents/",
        "/espace/rendez-vous/",
        "/espace/plan/",
    ):
        assert CANARY_B_LAST_NAME not in text(client.get(url))
    assert client.get(f"/espace/consentements/{theirs.pk}/retirer/").status_code == 404
    assert client.post(f"/espace/consentements/{theirs.pk}/retirer/").status_code == 404
    assert (
        client.post(
            "/espace/consentements/donner/", {"structure": structure_b.pk, "purpose": "sms"}
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.is_active
    assert not Consent.objects.filter(person=person, structure=structure_b).exists()
    # And person B, in their own space, never sees person A's health note.
    space_login(Client(), person_b)
    assert CANARY_HEALTH_NOTE not in text(client.get("/espace/consultations/"))


# --- consents from the space -------------------------------------------------------------------


def test_a_consent_withdrawn_from_the_space_stops_the_employer_proposals_at_once(
    client,
    login,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
    base_url,
):
    person = candidate(structure_a, counselor, nantes)
    membership = counselor.memberships.get()
    proposal = proposals.propose(offer=offer, person=person, membership=membership)
    token = proposals.answer_token(proposal)
    assert Client().get(f"/mise-en-relation/reponse/{token}/").status_code == 200
    consent = Consent.objects.get(person=person, purpose="employer_proposal")
    space_login(client, person)
    page = text(client.get("/espace/consentements/"))
    assert "Proposer votre candidature" in page and "Oui, vous êtes d'accord" in page
    assert client.get(f"/espace/consentements/{consent.pk}/retirer/").status_code == 200
    response = client.post(f"/espace/consentements/{consent.pk}/retirer/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert not consent.is_active
    assert consent.withdrawal_channel == "person_space" and consent.withdrawn_by is None
    # The employer's link stops working and the person can no longer be proposed.
    assert Client().get(f"/mise-en-relation/reponse/{token}/").status_code == 410
    proposal.delete()
    with pytest.raises(ValidationError, match="n'a pas donné son accord"):
        proposals.propose(offer=offer, person=person, membership=membership)
    # The counselor sees it in the file's consents and history.
    staff = login(Client(), counselor)
    consents = text(staff.get(f"/personnes/{person.pk}/consentements/"))
    assert "par la personne elle-même" in consents
    history = text(staff.get(f"/personnes/{person.pk}/historique/"))
    assert "Consentement retiré : Proposition de candidature" in history
    assert "Depuis l'espace personnel de la personne".lower() in history
    # Given again from the space: a new consent, recorded by no professional.
    client.post(f"/espace/consentements/{consent.pk}/redonner/")
    again = Consent.objects.active().get(person=person, purpose="employer_proposal")
    assert again.channel == "person_space" and again.recorded_by is None
    assert proposals.propose(offer=offer, person=person, membership=membership)


def test_the_person_gives_a_first_consent_for_a_structure_that_follows_them(
    space, person, structure_a
):
    page = text(space.get("/espace/consentements/"))
    assert "Recevoir des SMS" in page and "Pas demandé pour le moment" in page
    space.post("/espace/consentements/donner/", {"structure": structure_a.pk, "purpose": "sms"})
    consent = Consent.objects.active().get(person=person, purpose="sms")
    assert consent.channel == "person_space" and consent.structure == structure_a
    # Sharing with a partner is chosen with the counselor, never started from the space.
    response = space.post(
        "/espace/consentements/donner/", {"structure": structure_a.pk, "purpose": "share_partner"}
    )
    assert response.status_code == 404
    assert SpaceAccess.objects.get(person=person).events.filter(kind="consent_given").count() == 1


def test_the_person_reads_what_a_structure_that_took_her_in_sees_of_her_file(
    space, person, structure_c, partner
):
    Follow.objects.create(
        person=person, structure=structure_c, referent=partner, opened_sections=["situation"]
    )
    page = text(space.get("/espace/consentements/"))
    assert (
        f"{structure_c.name} voit de votre dossier : votre identité et vos coordonnées, "
        "situation administrative et sociale." in page
    )
    # The structure that opened the file has no such line: it sees the whole file.
    assert "Mission Locale Test A voit de votre dossier" not in page


def test_a_structure_reads_the_space_events_of_its_own_consents_and_synthesis_only(
    space, person, structure_a, structure_c, partner, counselor, login
):
    # The person gives the Mission Locale (A) her SMS consent from her space.
    space.post("/espace/consentements/donner/", {"structure": structure_a.pk, "purpose": "sms"})
    Follow.objects.create(
        person=person, structure=structure_c, referent=partner, opened_sections=[]
    )
    path = f"/personnes/{person.pk}/espace-personnel/"
    mine = text(login(Client(), counselor).get(path))
    assert "Consentement donné depuis l'espace" in mine
    theirs = login(Client(), partner).get(path)
    assert theirs.status_code == 200
    # The chantier (C) sees the space's own life (a logout here), not A's consent.
    from tremplin.portal.models import SpaceEvent

    SpaceEvent.objects.create(
        access=SpaceAccess.objects.get(person=person), kind=SpaceEventKind.LOGOUT
    )
    assert "Déconnexion" in text(login(Client(), partner).get(path))
    assert "Consentement donné depuis l'espace" not in text(theirs)
    event = SpaceAccess.objects.get(person=person).events.get(kind=SpaceEventKind.CONSENT_GIVEN)
    assert event.concerns == structure_a


# --- findings of the security review of 23 November 2026 ---------------------------------------


def test_asking_for_new_links_never_buys_more_birth_date_tries(
    client, person, invited, django_capture_on_commit_callbacks
):
    follow_link(client, invited)
    for attempt in range(1, 5):
        answer(client, person, days=attempt)
    SpaceAccess.objects.filter(person=person).update(last_link_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.request_link(email="ines@exemple.test") == 1
    renewed = link_path(mail.outbox[-1].body)
    response = enter(Client(), renewed, person, days=30)
    assert response.status_code == 403 and "Ce lien est bloqué" in text(response)
    assert SpaceAccess.objects.get(person=person).status == SpaceStatus.BLOCKED


def test_a_block_ends_a_session_opened_before_even_after_a_new_invitation(
    client, person, counselor, invited, django_capture_on_commit_callbacks
):
    assert enter(client, invited, person).status_code == 302  # session opened
    assert client.get("/espace/accueil/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(person=person, membership=counselor.memberships.get(), channel="email")
    fresh = link_path(mail.outbox[-1].body)
    for attempt in range(1, 6):
        enter(Client(), fresh, person, days=attempt)
    assert SpaceAccess.objects.get(person=person).status == SpaceStatus.BLOCKED
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(person=person, membership=counselor.memberships.get(), channel="email")
    assert client.get("/espace/accueil/").status_code == 302  # back to the door


def test_reception_cannot_open_the_space_for_a_person(client, login, reception, person, base_url):
    person.email = "ines@exemple.test"
    person.save()
    login(client, reception)
    assert "Espace personnel de la personne" not in text(client.get(f"/personnes/{person.pk}/"))
    url = f"/personnes/{person.pk}/espace-personnel/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "invite", "channel": "email"}).status_code == 403
    assert not SpaceAccess.objects.exists() and not mail.outbox


def test_the_invitation_event_keeps_the_masked_address(person, invited):
    event = SpaceAccess.objects.get(person=person).events.get(kind=SpaceEventKind.INVITED)
    # The fixture set the e-mail just before inviting: the change is noted with the date.
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert event.note == f"envoyé à i…@exemple.test ; l'e-mail modifié le {today}"


def test_a_consent_given_again_lasts_as_long_as_the_first_time(
    space, person, structure_a, counselor
):
    now = timezone.now()
    first = Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose="sms",
        channel="paper",
        recorded_by=counselor,
        given_at=now - timedelta(days=200),
        expires_at=now - timedelta(days=20),
    )
    response = space.post(f"/espace/consentements/{first.pk}/redonner/")
    assert response.status_code == 302
    again = Consent.objects.active().get(person=person, purpose="sms")
    assert again.expires_at is not None
    assert abs((again.expires_at - again.given_at) - timedelta(days=180)) < timedelta(minutes=1)


def test_a_consent_is_never_in_force_twice_and_needs_a_structure_that_still_follows(
    space, person, structure_a
):
    data = {"structure": structure_a.pk, "purpose": "sms"}
    space.post("/espace/consentements/donner/", data)
    with pytest.raises(ValidationError, match="déjà donné"):
        actions.give_consent(
            access=SpaceAccess.objects.get(person=person),
            structure_id=structure_a.pk,
            purpose="sms",
        )
    assert Consent.objects.active().filter(person=person, purpose="sms").count() == 1
    person.follows.update(ended_on=timezone.localdate())
    with pytest.raises(ValidationError, match="ne vous accompagne plus"):
        actions.give_consent(
            access=SpaceAccess.objects.get(person=person),
            structure_id=structure_a.pk,
            purpose="surveys",
        )


def test_the_home_page_is_traced_with_the_appointments_and_the_plan(space, person):
    before = set(
        AccessLog.objects.filter(person_id=person.pk, channel="space").values_list("pk", flat=True)
    )
    space.get("/espace/accueil/")
    sections = set(
        AccessLog.objects.filter(person_id=person.pk, channel="space")
        .exclude(pk__in=before)
        .values_list("section", flat=True)
    )
    assert sections == {"identity", "agenda", "pathway"}


def test_the_plan_speaks_to_the_person_and_says_what_is_late(space, person, counselor, structure_a):
    from tremplin.pathways.models import Commitment

    today = timezone.localdate()
    pathway = Pathway.objects.create(
        person=person,
        structure=structure_a,
        framework="cej",
        started_on=today - timedelta(days=30),
        planned_end_on=today + timedelta(days=150),
        referent=counselor,
        created_by=counselor,
    )
    Action.objects.create(
        pathway=pathway,
        title="Conduite accompagnée",
        owner="partner",
        due_on=today - timedelta(days=3),
    )
    Action.objects.create(
        pathway=pathway, title="Atelier CV", owner="counselor", due_on=today + timedelta(days=3)
    )
    Commitment.objects.create(pathway=pathway, party="person", text="venir aux rendez-vous")
    Commitment.objects.create(pathway=pathway, party="structure", text="vous recevoir chaque mois")
    plan = re.sub(r"<[^>]+>", "", text(space.get("/espace/plan/")))
    assert "Conduite accompagnée — un partenaire, en retard (prévue avant le" in plan
    assert f"Atelier CV — {counselor.full_name}, avant le" in plan
    assert re.search(r"Vous vous engagez à :\s+venir aux rendez-vous", plan)
    assert re.search(rf"{structure_a.name} s'engage à :\s+vous recevoir chaque mois", plan)
    # The staff's labels are gone: the actions name who does them.
    assert "La personne" not in plan and "— conseiller·ère" not in plan


def test_an_invitation_after_a_change_of_address_is_flagged_and_the_referent_told(
    login, counselor, colleague, person, base_url, django_capture_on_commit_callbacks
):
    # Older than a week: no longer a « recent » change.
    person.email = "ines@exemple.test"
    person.save()
    person.history.filter(history_type="~").update(history_date=timezone.now() - timedelta(days=8))
    staff = login(Client(), colleague)
    url = f"/personnes/{person.pk}/espace-personnel/"
    assert "a été modifié" not in text(staff.get(url))

    person._history_user = colleague
    person.email = "autre.adresse@exemple.test"
    person.save()
    page = text(staff.get(url))
    assert "L'e-mail du dossier a été modifié le" in page and "par Chloé Collègue" in page
    assert "Son ou sa référent·e en sera informé·e." in page
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url, {"action": "invite", "channel": "email"})
    told, invitation = mail.outbox[-2:]
    assert invitation.to == ["autre.adresse@exemple.test"]
    assert told.to == [counselor.email] and "Chloé Collègue" in told.body
    assert f"dossier n° {person.pk}" in told.body
    assert "peu après une modification de l'e-mail du dossier" in told.body
    # Neither the person's name nor the new address travel in the référent's e-mail.
    for private in (person.last_name, person.first_name, "autre.adresse"):
        assert private not in told.body
    event = SpaceAccess.objects.get(person=person).events.get(kind=SpaceEventKind.INVITED)
    assert "l'e-mail modifié le" in event.note

    # The référent who invites is not told of their own invitation.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        login(Client(), counselor).post(url, {"action": "invite", "channel": "email"})
    assert [m.to for m in mail.outbox] == [["autre.adresse@exemple.test"]]


def test_the_partner_appointment_of_an_accepted_referral_shows_in_the_space(
    space, person, structure_a, counselor
):
    from tremplin.testing.factories import accepted_referral

    at = timezone.now() + timedelta(days=2)
    for when in (at, timezone.now() - timedelta(days=1)):
        accepted_referral(
            person=person,
            structure=structure_a,
            by=counselor,
            appointment_at=when,
            partner_name="CLLAJ de Saint-Nazaire",
            service_name="Accès au logement",
            phone="0240112233",
        )
    page = text(space.get("/espace/rendez-vous/"))
    assert "Chez les partenaires" in page
    assert "CLLAJ de Saint-Nazaire — Accès au logement" in page
    assert f"{timezone.localtime(at):%H:%M}" in page and "02 40 11 22 33" in page
    # The one already past is not « to come ».
    assert page.count("CLLAJ de Saint-Nazaire — Accès au logement") == 1
    # The person's own read of their referrals is traced, like every part the space shows.
    assert AccessLog.objects.filter(
        person_id=person.pk, channel="space", section="referrals"
    ).exists()


def test_withdrawing_the_accompaniment_says_what_it_means_and_the_file_says_it_too(
    space, client, login, person, structure_a, counselor
):
    consent = Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.ACCOMPANIMENT,
        channel=enums.ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    page = text(space.get(f"/espace/consentements/{consent.pk}/retirer/"))
    assert "Votre conseiller·ère pourra vous contacter pour en parler avec vous." in page
    assert "Votre dossier n'est pas effacé tout de suite" in page
    assert "Cela ne coupe pas vos aides (RSA, allocations)." in page
    space.post(f"/espace/consentements/{consent.pk}/retirer/")
    staff = login(Client(), counselor)
    file_page = re.sub(r"<[^>]+>", "", text(staff.get(f"/personnes/{person.pk}/")))
    assert (
        "La personne a retiré son accord pour l'accompagnement le "
        f"{timezone.localdate():%d/%m/%Y} (depuis son espace)" in file_page
    )
    assert "si elle ne souhaite plus être accompagnée, mettez fin au suivi" in file_page
    assert "Accord pour l'accompagnement non recueilli" not in file_page


def test_withdrawing_a_sharing_names_who_asked_and_with_whom(
    space, person, structure_a, structure_c, counselor
):
    consent = Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.SHARE_WITH_PARTNER,
        partner=structure_c,
        sections=["identity"],
        channel=enums.ConsentChannel.ORAL,
        recorded_by=counselor,
    )
    page = text(space.get(f"/espace/consentements/{consent.pk}/retirer/"))
    assert f"Demandé par : {structure_a.name}." in page
    assert f"Avec : {structure_c.name}." in page
    assert f"Structure : {structure_a.name}" not in page
    assert f"{structure_a.name} continue de vous accompagner." in page


def test_a_structure_that_has_asked_nothing_yet_says_so(space, person, structure_b, counselor):
    from tremplin.people.models import Follow

    Follow.objects.create(person=person, structure=structure_b)
    page = text(space.get("/espace/consentements/"))
    assert f"{structure_b.name} ne vous a encore rien demandé. Rien ne se fait sans" in page
