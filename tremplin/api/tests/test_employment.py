"""The in-job follow-up through the API: the employments a counselor may see, their check-ins
to do, the steps of the follow-up; every read logged; the employer liaison kept out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tremplin.accounts.models import ApiToken
from tremplin.audit.models import AccessLog
from tremplin.employment import actions
from tremplin.employment.models import CheckIn, Employment, MediationNote

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, key = ApiToken.issue(membership=user.memberships.get(), name="test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def hire(person, counselor, *, days_ago: int, steps="15 jours, 1 mois, 3 mois") -> Employment:
    return actions.start(
        employment=Employment(
            person=person,
            referent=counselor,
            employer_name="Boulangerie du Port",
            job_title="Boulangère",
            contract_type="cdi",
            starts_on=timezone.localdate() - timedelta(days=days_ago),
        ),
        membership=counselor.memberships.get(),
        steps=steps,
    )


def snapshot(employment):
    """What a refused request must leave as it was."""
    row = Employment.objects.get(pk=employment.pk)
    return (
        row.version,
        row.status,
        row.at_risk,
        row.outcome,
        tuple(CheckIn.objects.filter(employment=row).values_list("done_on", "cancelled")),
        MediationNote.objects.filter(employment=row).count(),
    )


def check_in_data(**overrides) -> dict:
    data = {
        "done_on": timezone.localdate().isoformat(),
        "channel": "workplace",
        "with_person": True,
        "with_employer": True,
        "integration": "fair",
        "tasks": "good",
        "person_view": "Les horaires du matin sont durs.",
        "employer_view": "Sérieuse, à l'heure.",
        "next_steps": "Revoir le trajet en bus.",
        "risk": "watch",
    }
    data.update(overrides)
    return data


def test_a_counselor_follows_a_job_through_the_api(
    counselor, colleague, person, django_capture_on_commit_callbacks
):
    employment = hire(person, counselor, days_ago=40)
    client = api(counselor)

    listed = client.get("/api/v1/emplois").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == employment.pk
    assert listed["items"][0]["person_id"] == person.pk
    assert client.get("/api/v1/emplois", {"risque": "true"}).json()["count"] == 0
    assert client.get("/api/v1/emplois", {"statut": "ended"}).json()["count"] == 0
    assert client.get("/api/v1/emplois", {"person_id": person.pk}).json()["count"] == 1
    detail = client.get(f"/api/v1/emplois/{employment.pk}").json()
    assert [c["step"] for c in detail["check_ins"]] == ["15 jours", "1 mois", "3 mois"]
    assert detail["review"] is None and detail["mediations"] == []
    assert detail["six_months_on"] and detail["outcome_due"] is False
    # Nothing of the file itself: the employment's own data only.
    assert "birth_date" not in detail and person.last_name not in str(detail)
    assert AccessLog.objects.filter(
        person_id=person.pk, user=counselor, section="employment", channel="api"
    ).exists()

    # The check-ins to do: the two late ones first, up to a date if asked.
    todo = client.get("/api/v1/points-de-suivi").json()
    assert [(t["step"], t["is_overdue"]) for t in todo["items"]] == [
        ("15 jours", True),
        ("1 mois", True),
        ("3 mois", False),
    ]
    assert todo["items"][0]["person_id"] == person.pk
    assert todo["items"][0]["employer_name"] == "Boulangerie du Port"
    until = client.get("/api/v1/points-de-suivi", {"jusqu_au": timezone.localdate().isoformat()})
    assert until.json()["count"] == 2
    # A colleague who is not assigned sees the follow-up but has no check-in to do.
    assert api(colleague).get("/api/v1/points-de-suivi").json()["count"] == 0
    assert api(colleague).get(f"/api/v1/emplois/{employment.pk}").status_code == 200

    first = detail["check_ins"][0]["id"]
    path = f"/api/v1/emplois/{employment.pk}/points-de-suivi/{first}"
    before = snapshot(employment)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    too_soon = post(client, path, check_in_data(done_on=future))
    assert too_soon.status_code == 422 and "une fois fait" in too_soon.json()["detail"]
    bad_choice = post(client, path, check_in_data(channel="pigeon"))
    assert bad_choice.status_code == 422 and "channel" in bad_choice.json()["detail"]
    nobody = post(client, path, check_in_data(with_person=False, with_employer=False))
    assert nobody.status_code == 422 and "avec qui" in nobody.json()["detail"]
    assert snapshot(employment) == before

    # A high risk noted at a check-in flags the employment.
    with django_capture_on_commit_callbacks(execute=True):
        done = post(client, path, check_in_data(risk="high"))
    assert done.status_code == 200, done.content
    assert done.json()["done_on"] == timezone.localdate().isoformat()
    assert done.json()["done_by_id"] == counselor.pk
    again = post(client, path, check_in_data())
    assert again.status_code == 422 and "déjà été fait" in again.json()["detail"]
    assert client.get("/api/v1/points-de-suivi").json()["count"] == 2

    current = client.get(f"/api/v1/emplois/{employment.pk}").json()
    assert current["at_risk"] is True and current["risk_reason"].startswith("Point de suivi")
    assert client.get("/api/v1/emplois", {"risque": "true"}).json()["count"] == 1
    version = current["version"]
    twice = post(
        client,
        f"/api/v1/emplois/{employment.pk}/risque",
        {"reason": "Retards répétés.", "version": version},
    )
    assert twice.status_code == 422 and "déjà signalé" in twice.json()["detail"]

    clear = f"/api/v1/emplois/{employment.pk}/risque/levee"
    before = snapshot(employment)
    stale = post(client, clear, {"note": "Trajet trouvé.", "version": version - 1})
    assert stale.status_code == 422 and "quelqu'un d'autre" in stale.json()["detail"]
    empty = post(client, clear, {"note": "", "version": version})
    assert empty.status_code == 422 and "Dites ce qui a levé le risque" in empty.json()["detail"]
    assert snapshot(employment) == before
    cleared = post(client, clear, {"note": "Covoiturage avec un collègue.", "version": version})
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["at_risk"] is False
    assert cleared.json()["risk_cleared_note"] == "Covoiturage avec un collègue."

    flagged = post(
        client,
        f"/api/v1/emplois/{employment.pk}/risque",
        {"reason": "Conflit avec le chef d'équipe.", "version": cleared.json()["version"]},
    )
    assert flagged.status_code == 200 and flagged.json()["at_risk"] is True

    end = f"/api/v1/emplois/{employment.pk}/fin"
    version = flagged.json()["version"]
    before = snapshot(employment)
    early = (timezone.localdate() - timedelta(days=50)).isoformat()
    wrong = post(client, end, {"ended_on": early, "reason": "resignation", "version": version})
    assert wrong.status_code == 422 and "précéder la prise de poste" in wrong.json()["detail"]
    vague = post(
        client,
        end,
        {"ended_on": timezone.localdate().isoformat(), "reason": "other", "version": version},
    )
    assert vague.status_code == 422 and "Précisez le motif" in vague.json()["detail"]
    assert snapshot(employment) == before
    ended = post(
        client,
        end,
        {"ended_on": timezone.localdate().isoformat(), "reason": "resignation", "version": version},
    )
    assert ended.status_code == 200, ended.content
    body = ended.json()
    assert body["status"] == "ended" and body["at_risk"] is False
    # The check-in done stays; every one not done is cancelled with the job.
    assert [c["cancelled"] for c in body["check_ins"]] == [False, True, True]
    assert client.get("/api/v1/points-de-suivi").json()["count"] == 0

    early_outcome = post(
        client,
        f"/api/v1/emplois/{employment.pk}/situation-a-six-mois",
        {"outcome": "job_seeking", "version": body["version"]},
    )
    assert early_outcome.status_code == 422 and "à partir du" in early_outcome.json()["detail"]


def test_the_situation_at_six_months_closes_the_follow_up(counselor, person):
    employment = hire(person, counselor, days_ago=190, steps="6 mois")
    client = api(counselor)
    detail = client.get(f"/api/v1/emplois/{employment.pk}").json()
    assert detail["outcome_due"] is True
    path = f"/api/v1/emplois/{employment.pk}/situation-a-six-mois"
    before = snapshot(employment)
    vague = post(client, path, {"outcome": "other", "version": detail["version"]})
    assert vague.status_code == 422 and "Précisez la situation" in vague.json()["detail"]
    unknown = post(client, path, {"outcome": "ailleurs", "version": detail["version"]})
    assert unknown.status_code == 422 and "outcome" in unknown.json()["detail"]
    assert snapshot(employment) == before
    closed = post(
        client, path, {"outcome": "same_employer", "note": "CDI.", "version": detail["version"]}
    )
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["status"] == "closed" and body["outcome"] == "same_employer"
    assert body["outcome_recorded_on"] == timezone.localdate().isoformat()
    assert all(c["cancelled"] or c["done_on"] for c in body["check_ins"])
    again = post(client, path, {"outcome": "training", "version": body["version"]})
    assert again.status_code == 422 and "déjà notée" in again.json()["detail"]


def test_an_employer_liaison_token_cannot_read_the_follow_up(
    counselor, employer_liaison, reception, other_counselor, person
):
    employment = hire(person, counselor, days_ago=20)
    check_in = employment.check_ins.first()
    before = snapshot(employment)
    # Their roles may not follow jobs (403); the other structure's counselor may, elsewhere (404).
    for user, write_status in ((employer_liaison, 403), (reception, 403), (other_counselor, 404)):
        client = api(user)
        assert client.get("/api/v1/emplois").json() == {"items": [], "count": 0}
        response = client.get(f"/api/v1/emplois/{employment.pk}")
        assert response.status_code == 404 and "Boulangerie" not in response.content.decode()
        flag = post(
            client,
            f"/api/v1/emplois/{employment.pk}/risque",
            {"reason": "?", "version": employment.version},
        )
        assert flag.status_code == write_status
        done = post(
            client,
            f"/api/v1/emplois/{employment.pk}/points-de-suivi/{check_in.pk}",
            check_in_data(),
        )
        assert done.status_code == write_status
    assert api(employer_liaison).get("/api/v1/points-de-suivi").status_code == 403
    assert snapshot(employment) == before
    assert not AccessLog.objects.filter(
        user__in=[employer_liaison, reception, other_counselor]
    ).exists()
    assert not mail.outbox


def test_the_lists_read_a_bounded_number_of_queries(
    counselor, structure_a, django_assert_max_num_queries
):
    from tremplin.people.models import Follow
    from tremplin.testing.factories import PersonFactory

    for _ in range(5):
        someone = PersonFactory()
        Follow.objects.create(person=someone, structure=structure_a, referent=counselor)
        hire(someone, counselor, days_ago=40)
    client = api(counselor)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/emplois").json()["count"] == 5
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/points-de-suivi").json()["count"] == 15


def test_an_end_reason_the_contract_does_not_allow_is_refused(counselor, person):
    employment = actions.start(
        employment=Employment(
            person=person,
            referent=counselor,
            employer_name="Boulangerie du Port",
            job_title="Boulangère",
            contract_type="cdd",
            starts_on=timezone.localdate() - timedelta(days=40),
            contract_ends_on=timezone.localdate() + timedelta(days=100),
        ),
        membership=counselor.memberships.get(),
        steps="15 jours, 1 mois",
    )
    client = api(counselor)
    end = f"/api/v1/emplois/{employment.pk}/fin"
    before = snapshot(employment)
    today = timezone.localdate().isoformat()
    refused = post(
        client, end, {"ended_on": today, "reason": "resignation", "version": employment.version}
    )
    assert refused.status_code == 422
    assert "reason : « Démission » ne s'applique pas à un CDD" in refused.json()["detail"]
    assert "Un CDD prend fin à son terme" in refused.json()["detail"]
    assert snapshot(employment) == before
    ended = post(
        client, end, {"ended_on": today, "reason": "left_for_cdi", "version": employment.version}
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["end_reason"] == "left_for_cdi"
