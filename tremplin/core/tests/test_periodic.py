"""The periodic jobs' runner: hours, once a day, failures, two runners, the admin's page."""

import io
import socket
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.core import periodic
from tremplin.core.models import JobRun

PARIS = ZoneInfo("Europe/Paris")
NIGHT_JOBS = ["expire_referrals", "purge_access_log", "apply_retention"]
DAY_JOBS = ["send_reminders", "send_fse_surveys"]


def paris(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def by_name(outcomes):
    return {outcome.job.name: outcome for outcome in outcomes}


@pytest.mark.django_db
def test_the_night_jobs_run_at_night_and_the_messages_wait_for_the_day(
    counselor, structure_a, person
):
    old_read = AccessLog.objects.create(
        user=counselor,
        structure=structure_a,
        person_id=person.pk,
        section="identity",
        at=timezone.now() - timedelta(days=400),
    )
    outcomes = by_name(periodic.run_due(now=paris(20, 3)))
    for name in NIGHT_JOBS:
        assert outcomes[name].run.status == JobRun.Status.SUCCEEDED, name
    # The purge really ran: the year-old read is gone, and its summary is kept.
    assert not AccessLog.objects.filter(pk=old_read.pk).exists()
    assert "1 trace de consultation" in outcomes["purge_access_log"].run.output
    for name in DAY_JOBS:
        assert outcomes[name].run is None
        assert outcomes[name].skipped.startswith("pas à cette heure")

    outcomes = by_name(periodic.run_due(now=paris(20, 11)))
    assert {name for name, o in outcomes.items() if o.run} == set(DAY_JOBS)
    assert outcomes["send_reminders"].run.status == JobRun.Status.SUCCEEDED


@pytest.mark.django_db
def test_a_job_runs_once_a_day():
    periodic.run_due(now=paris(20, 2))
    again = by_name(periodic.run_due(now=paris(20, 4)))
    assert again["apply_retention"].run is None
    assert again["apply_retention"].skipped == "déjà fait aujourd'hui"
    next_night = by_name(periodic.run_due(now=paris(21, 1, 5)))
    assert next_night["apply_retention"].run.status == JobRun.Status.SUCCEEDED
    assert JobRun.objects.filter(job="apply_retention").count() == 2


@pytest.mark.django_db
def test_the_reminders_run_at_every_hour_of_their_window():
    periodic.run_due(now=paris(20, 10, 5))
    same_hour = by_name(periodic.run_due(now=paris(20, 10, 50)))
    assert same_hour["send_reminders"].run is None
    assert same_hour["send_reminders"].skipped == "déjà fait à cette heure"
    # The FSE+ surveys stay once a day; the reminders take the appointments booked since.
    next_hour = by_name(periodic.run_due(now=paris(20, 11, 5)))
    assert next_hour["send_reminders"].run.status == JobRun.Status.SUCCEEDED
    assert next_hour["send_fse_surveys"].skipped == "déjà fait aujourd'hui"
    evening = by_name(periodic.run_due(now=paris(20, 20, 5)))
    assert evening["send_reminders"].skipped.startswith("pas à cette heure")
    assert JobRun.objects.filter(job="send_reminders").count() == 2
    assert (
        periodic.job_named("send_reminders").hours
        == "toutes les heures entre 10\u00a0h et 20\u00a0h"
    )


@pytest.fixture
def failing_job(monkeypatch):
    job = periodic.Job("no_such_command", "Travail cassé", "échoue toujours", 1, 6)
    monkeypatch.setattr(periodic, "JOBS", (job,))
    return job


@pytest.mark.django_db
def test_a_failure_is_kept_without_its_message_and_tried_again_three_times(failing_job):
    for hour in (1, 2, 3):
        (outcome,) = periodic.run_due(now=paris(20, hour))
        assert outcome.run.status == JobRun.Status.FAILED
    # The class and the place, never the exception's message (it may quote personal data).
    assert outcome.run.error.startswith("CommandError (")
    assert "no_such_command" not in outcome.run.error
    (fourth,) = periodic.run_due(now=paris(20, 4))
    assert fourth.run is None and fourth.skipped == "3 échecs aujourd'hui : nouvel essai demain"
    (next_day,) = periodic.run_due(now=paris(21, 1))
    assert next_day.run.status == JobRun.Status.FAILED


@pytest.mark.django_db
def test_the_command_exits_in_error_when_a_job_fails(failing_job):
    with pytest.raises(CommandError, match="Travaux en échec : no_such_command"):
        call_command("run_periodic", "--job", "no_such_command")
    assert JobRun.objects.get().forced


@pytest.mark.django_db
def test_a_job_running_elsewhere_is_not_started_twice_unless_its_runner_died():
    now = timezone.now()
    JobRun.objects.create(
        job="purge_access_log", started_at=now - timedelta(hours=1), status="running"
    )
    (outcome,) = periodic.run_due(now=now, only=["purge_access_log"])
    assert outcome.run is None
    assert outcome.skipped == "déjà en cours, ou fait, par un autre lancement"

    JobRun.objects.update(started_at=now - timedelta(hours=7))
    (outcome,) = periodic.run_due(now=now, only=["purge_access_log"])
    assert outcome.run.status == JobRun.Status.SUCCEEDED
    assert list(JobRun.objects.order_by("started_at").values_list("status", flat=True)) == [
        "interrupted",
        "succeeded",
    ]


@pytest.mark.django_db
def test_states_say_when_a_job_is_late():
    retention = periodic.job_named("apply_retention")
    (state,) = [s for s in periodic.states(paris(20, 9)) if s.job == retention]
    assert state.state == "never"
    periodic.run_due(now=paris(20, 3), only=["apply_retention"])

    def state_at(moment):
        return next(s for s in periodic.states(moment) if s.job == retention).state

    assert state_at(paris(20, 9)) == "ok"
    assert state_at(paris(21, 5)) == "ok"  # tonight's window is still open
    assert state_at(paris(21, 7)) == "late"


def test_the_last_closed_window_keeps_its_wall_clock_hour_across_a_change_of_time():
    retention = periodic.job_named("apply_retention")
    # The night of 25 October 2026 the clocks go back: 1 h is still 1 h, Paris time.
    start = periodic.last_window_start(retention, datetime(2026, 10, 26, 8, tzinfo=PARIS))
    assert start == datetime(2026, 10, 26, 1, tzinfo=PARIS)
    start = periodic.last_window_start(retention, datetime(2026, 10, 26, 4, tzinfo=PARIS))
    assert start == datetime(2026, 10, 25, 1, tzinfo=PARIS)


def test_the_administrator_sees_whether_the_jobs_run(client, login, structure_admin):
    login(client, structure_admin)
    team = client.get("/compte/equipe/").content.decode()
    assert "n'ont jamais tourné ou sont en retard" in team
    page = client.get("/compte/equipe/travaux-automatiques/").content.decode()
    assert page.count("Jamais lancé") == len(periodic.JOBS)
    assert "Conservation des dossiers" in page

    for job in periodic.JOBS:
        JobRun.objects.create(
            job=job.name, started_at=timezone.now(), finished_at=timezone.now(), status="succeeded"
        )
    page = client.get("/compte/equipe/travaux-automatiques/").content.decode()
    assert page.count("À jour") == len(periodic.JOBS)
    assert "n'ont jamais tourné" not in client.get("/compte/equipe/").content.decode()


def test_a_counselor_does_not_see_the_jobs(client, login, counselor):
    login(client, counselor)
    assert client.get("/compte/equipe/travaux-automatiques/").status_code == 403


@pytest.mark.django_db
def test_the_list_says_in_french_what_ran():
    periodic.run_due(now=timezone.now(), only=["purge_access_log"])
    out = io.StringIO()
    call_command("run_periodic", "--list", stdout=out)
    lines = dict(line.split(" — ", 1) for line in out.getvalue().splitlines())
    assert lines["purge_access_log"].endswith(", à jour")
    assert lines["apply_retention"].endswith("dernier passage réussi jamais, jamais lancé")


@pytest.mark.django_db
def test_a_run_whose_process_died_on_this_machine_is_taken_over_at_the_next_hour():
    gone = subprocess.Popen(["true"])  # noqa: S607  (a process that has ended)
    gone.wait()
    JobRun.objects.create(
        job="apply_retention",
        started_at=paris(20, 1, 5),
        status="running",
        host=socket.gethostname(),
        pid=gone.pid,
    )
    outcomes = by_name(periodic.run_due(now=paris(20, 2)))
    assert outcomes["apply_retention"].run.status == JobRun.Status.SUCCEEDED
    assert JobRun.objects.filter(job="apply_retention", status="interrupted").count() == 1
