"""Practice journal, team sessions, incidents and the workload panel, through the client."""

import html
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tremplin.agenda.models import Appointment
from tremplin.pathways import actions as pathway_actions
from tremplin.pathways.models import Action, Pathway
from tremplin.people.models import Follow
from tremplin.practice.models import (
    Incident,
    IncidentFollowUp,
    JournalEntry,
    PracticeSession,
)
from tremplin.practice.workload import team_workload
from tremplin.testing.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


ENTRY = {
    "occurred_on": "2026-11-02",
    "title": "Un entretien où j'ai perdu patience",
    "situation": "Troisième rendez-vous manqué sans prévenir.",
    "facts": "Il est arrivé avec 40 minutes de retard ; j'ai écourté l'entretien.",
    "opinions": "J'ai pensé qu'il ne voulait pas avancer.",
    "emotions": "De l'agacement, puis de la culpabilité.",
    "strengths": "J'ai gardé un ton calme.",
    "adjustments": "Lui demander ce qui l'empêche de venir avant de conclure.",
}


@pytest.fixture
def entry(client, login, counselor):
    login(client, counselor).post("/pratique/journal/nouvelle/", ENTRY)
    return JournalEntry.objects.get()


def test_the_journal_keeps_facts_opinions_and_emotions_apart_and_private(
    client, login, counselor, entry, manager, colleague
):
    assert entry.author == counselor and entry.facts.startswith("Il est arrivé")
    assert entry.opinions.startswith("J'ai pensé") and entry.emotions.startswith("De l'agacement")
    page = text(client.get("/pratique/journal/"))
    assert "Un entretien où j'ai perdu patience" in page and "Privée" in page
    # Nobody else reads it: not the manager (who has every right), not a colleague.
    for other in (manager, colleague):
        other_client = login(Client(), other)
        assert other_client.get(f"/pratique/journal/{entry.pk}/").status_code == 404
        assert "perdu patience" not in text(other_client.get("/pratique/journal/"))


def test_a_future_date_is_refused_and_nothing_saved(client, login, counselor):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(client, counselor).post(
        "/pratique/journal/nouvelle/", {**ENTRY, "occurred_on": tomorrow}
    )
    assert "ne peut pas être datée dans le futur" in text(response)
    assert not JournalEntry.objects.exists()


def test_an_entry_shared_without_name_is_read_in_the_team_session(
    client, login, counselor, entry, colleague, manager, other_counselor
):
    session_page = client.post(
        "/pratique/seances/",
        {"held_on": "2026-11-20", "theme": "Les rendez-vous manqués", "facilitator": "Mme Roy"},
    )
    session = PracticeSession.objects.get()
    assert session_page.url == f"/pratique/seances/{session.pk}/"
    client.post(
        f"/pratique/journal/{entry.pk}/partage/", {"session": session.pk, "anonymously": "on"}
    )
    entry.refresh_from_db()
    assert entry.shared_session == session and entry.shared_at is not None
    page = text(login(Client(), colleague).get(f"/pratique/seances/{session.pk}/"))
    assert "Lui demander ce qui l'empêche de venir" in page
    assert "partagée sans nom" in page and "Alice Conseil" not in page
    # The session is the team's: another structure does not reach it.
    other = login(Client(), other_counselor)
    assert other.get(f"/pratique/seances/{session.pk}/").status_code == 404
    # Taken back: it leaves the session.
    client.post(f"/pratique/journal/{entry.pk}/partage/", {"session": ""})
    page = text(login(Client(), colleague).get(f"/pratique/seances/{session.pk}/"))
    assert "Lui demander ce qui l'empêche de venir" not in page


INCIDENT = {
    "occurred_at": "2026-11-03T10:15",
    "kind": "verbal",
    "severity": "high",
    "place": "reception",
    "description": "Un homme a crié et menacé de revenir « régler ça » après un refus.",
    "involved": "Deux collègues présents à l'accueil.",
    "immediate_measures": "Mise à l'écart dans le bureau du fond.",
}


def test_an_incident_alerts_the_managers_by_an_email_naming_no_one(
    client, login, reception, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, reception).post("/incidents/declarer/", INCIDENT)
    incident = Incident.objects.get()
    assert response.url == f"/incidents/{incident.pk}/"
    assert incident.reported_by == reception and incident.status == "open"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [manager.email] and message.subject.startswith("URGENT")
    assert "Rémi" not in message.body and "crié" not in message.body
    assert f"/incidents/{incident.pk}/" in message.body


def test_bad_incident_input_is_refused_in_french(client, login, reception):
    future = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = login(client, reception).post(
        "/incidents/declarer/", {**INCIDENT, "occurred_at": future, "description": ""}
    )
    page = text(response)
    assert "ne peut pas être daté dans le futur" in page
    assert "Ce champ est obligatoire" in page
    assert not Incident.objects.exists()


def test_managers_record_the_follow_up_and_close_reporters_only_read(
    client, login, reception, manager, colleague
):
    login(client, reception).post("/incidents/declarer/", INCIDENT)
    incident = Incident.objects.get()
    # The reporter cannot write the follow-up; a colleague does not see the report at all.
    refused = client.post(f"/incidents/{incident.pk}/", {"kind": "note", "note": "Vu."})
    assert refused.status_code == 403
    assert not IncidentFollowUp.objects.exists()
    assert login(Client(), colleague).get(f"/incidents/{incident.pk}/").status_code == 404
    boss = login(Client(), manager)
    assert "Un homme a crié" in text(boss.get(f"/incidents/{incident.pk}/"))
    empty = boss.post(f"/incidents/{incident.pk}/", {"kind": "support", "note": ""})
    assert "Ce champ est obligatoire" in text(empty)
    boss.post(
        f"/incidents/{incident.pk}/",
        {"kind": "support", "note": "Rendez-vous proposé avec la médecine du travail."},
    )
    incident.refresh_from_db()
    assert incident.status == "follow_up"
    boss.post(
        f"/incidents/{incident.pk}/",
        {"kind": "complaint", "note": "Main courante déposée le 04/11.", "close": "on"},
    )
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None
    assert IncidentFollowUp.objects.filter(incident=incident).count() == 2
    assert "Main courante déposée" in text(client.get(f"/incidents/{incident.pk}/"))


def _pathway(person, counselor):
    membership = counselor.memberships.get()
    counselor.active_membership = membership
    return pathway_actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework="cer",
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
            referent=counselor,
        ),
        membership=membership,
    )


def test_workload_counts_each_figure_and_points_out_who_is_far_above_the_team(
    structure_a, counselor, colleague, manager
):
    today = timezone.localdate()
    people = [PersonFactory() for _ in range(7)]
    for person in people[:6]:
        Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    Follow.objects.create(person=people[6], structure=structure_a, referent=colleague)
    pathway = _pathway(people[0], counselor)
    for due, status in [(today - timedelta(days=3), "planned"), (today, "planned")]:
        Action.objects.create(
            pathway=pathway, title="Relancer", owner="counselor", due_on=due, status=status
        )
    Action.objects.create(
        pathway=pathway,
        title="Fait",
        owner="counselor",
        due_on=today - timedelta(days=9),
        status="done",
    )
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    Appointment.objects.create(
        structure=structure_a,
        organizer=colleague,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Bureau 2",
        created_by=colleague,
    )
    rows = {r.user.pk: r for r in team_workload(structure_a.pk)}
    mine = rows[counselor.pk]
    assert (mine.caseload, mine.overdue_actions, mine.appointments) == (6, 1, 0)
    assert rows[colleague.pk].caseload == 1 and rows[colleague.pk].appointments == 1
    # Against the other counselor's 1, 6 is far above; 1 is not. One overdue action against
    # none is not a workload.
    assert "caseload" in mine.high and "caseload" not in rows[colleague.pk].high
    assert "overdue_actions" not in mine.high


def test_a_big_gap_between_two_counselors_is_pointed_out(structure_a, counselor, colleague):
    for referent, n in [(counselor, 101), (colleague, 41)]:
        Follow.objects.bulk_create(
            Follow(person=person, structure=structure_a, referent=referent)
            for person in PersonFactory.create_batch(n)
        )
    rows = {r.user.pk: r for r in team_workload(structure_a.pk)}
    # 101 against the other's 41 (the median of both, 71, would hide it).
    assert rows[counselor.pk].high == {"caseload"} and rows[colleague.pk].high == set()


def test_workload_leaves_the_manager_out_of_the_median(structure_a, counselor, colleague, manager):
    for referent, n in [(counselor, 5), (colleague, 3)]:
        for _ in range(n):
            Follow.objects.create(person=PersonFactory(), structure=structure_a, referent=referent)
    rows = {r.user.pk: r for r in team_workload(structure_a.pk)}
    assert rows[manager.pk].caseload == 0
    # With the manager's 0, the median would be 3 and 5 would be flagged; among the two
    # counselors it is 4, and 5 is an ordinary figure.
    assert rows[counselor.pk].high == set() and rows[colleague.pk].high == set()


def test_a_lone_counselor_beside_a_manager_is_not_flagged(structure_a, counselor, manager):
    for _ in range(4):
        Follow.objects.create(person=PersonFactory(), structure=structure_a, referent=counselor)
    rows = {r.user.pk: r for r in team_workload(structure_a.pk)}
    # Against the manager's 0 the median would be 2 and 4 « far above »: no reference here.
    assert rows[counselor.pk].caseload == 4 and rows[counselor.pk].high == set()


def test_a_counselor_who_follows_nobody_is_no_reference(structure_a, counselor, colleague):
    # One counselor follows the chantier's 56 people; the other, just arrived, nobody yet.
    Follow.objects.bulk_create(
        Follow(person=person, structure=structure_a, referent=counselor)
        for person in PersonFactory.create_batch(56)
    )
    rows = {r.user.pk: r for r in team_workload(structure_a.pk)}
    assert rows[colleague.pk].caseload == 0
    assert rows[counselor.pk].high == set()


def test_workload_pages_show_mine_to_a_counselor_and_the_team_to_the_manager(
    client, login, counselor, colleague, manager, reception, structure_a
):
    person = PersonFactory()
    Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    page = text(login(client, counselor).get("/charge-de-travail/"))
    assert "Personnes suivies en référence" in page and "L'équipe" not in page
    boss = login(Client(), manager)
    page = text(boss.get("/charge-de-travail/"))
    assert "Alice Conseil" in page and "Chloé Collègue" in page
    assert login(Client(), reception).get("/charge-de-travail/").status_code == 403


def test_the_team_workload_takes_the_same_queries_for_a_bigger_team(
    client, login, manager, structure_a
):
    boss = login(client, manager)
    boss.get("/charge-de-travail/")
    with CaptureQueriesContext(connection) as small:
        boss.get("/charge-de-travail/")
    for _ in range(8):
        member = MembershipFactory(structure=structure_a, role="counselor")
        Follow.objects.create(person=PersonFactory(), structure=structure_a, referent=member.user)
    with CaptureQueriesContext(connection) as big:
        boss.get("/charge-de-travail/")
    assert len(big) == len(small)
