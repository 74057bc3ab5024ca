"""Periodic jobs: one command, started every hour by a timer, runs each job in its hours.

An installation schedules one thing — ``tremplin run_periodic`` every hour (the systemd
timer in ``deploy/systemd/``, or one cron line) — and each job below runs once a day within
its hours, Paris time: the night jobs between 1 h and 6 h, the messages to people between
10 h and 20 h (never a text message at night); an ``hourly`` job runs at every hour of its
window instead (the reminders). A job that fails is tried again at the next
hour, at most three times a day. Every run is kept (``JobRun``), so that the structure
administrator sees on « Travaux automatiques » whether the nightly anonymisation, the
purge of the read log and the reminders really ran.

Each job is an existing management command, idempotent on its own (run twice, it does
nothing the second time): the runner adds the timing, the claim and the record, and the
commands stay usable by hand.
"""

import io
import logging
import os
import socket
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tremplin.core.models import JobRun

logger = logging.getLogger(__name__)

MAX_FAILURES_PER_DAY = 3
# A run of another machine still « en cours » after this long died with its process (on the
# same machine, the runner checks the process itself at once).
STALE_AFTER = timedelta(hours=6)


@dataclass(frozen=True)
class Job:
    name: str  # the management command
    label: str
    purpose: str
    start_hour: int  # Paris time, first hour of the window
    end_hour: int  # Paris time, the window ends at the start of this hour
    # Run at every hour of the window, not once a day: for an idempotent job whose work
    # can arrive during the day (an appointment booked on its eve is reminded the same day).
    hourly: bool = False

    @property
    def hours(self) -> str:
        # No-break spaces: « 1 h » never splits over two lines.
        every = "toutes les heures" if self.hourly else "chaque jour"
        return f"{every} entre {self.start_hour}\u00a0h et {self.end_hour}\u00a0h"

    def period_start(self, moment: datetime) -> datetime:
        """Since when a success means the job has nothing left to do now."""
        if self.hourly:
            return timezone.localtime(moment).replace(minute=0, second=0, microsecond=0)
        return _day_start(moment)


JOBS: tuple[Job, ...] = (
    Job(
        "expire_referrals",
        "Orientations sans réponse",
        "passe « sans réponse » les orientations dont le délai de réponse est dépassé",
        1,
        6,
    ),
    Job(
        "purge_access_log",
        "Purge du journal des consultations",
        "supprime les traces de consultation de plus d'un an",
        1,
        6,
    ),
    Job(
        "apply_retention",
        "Conservation des dossiers",
        "anonymise les dossiers sans activité depuis la durée de conservation",
        1,
        6,
    ),
    Job(
        "send_reminders",
        "Rappels des rendez-vous",
        "envoie les rappels (e-mail, SMS) des rendez-vous du lendemain, y compris ceux "
        "pris dans la journée",
        10,
        20,
        hourly=True,
    ),
    Job(
        "send_fse_surveys",
        "Enquêtes FSE+ à six mois",
        "envoie les enquêtes de suivi qui sont dues, aux personnes qui ont donné leur accord",
        10,
        19,
    ),
)


def job_named(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


def _day_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def decide(job: Job, now: datetime) -> tuple[bool, str]:
    """Whether the job runs now, and in French why not."""
    local = timezone.localtime(now)
    if not job.start_hour <= local.hour < job.end_hour:
        return False, f"pas à cette heure ({job.hours})"
    today = JobRun.objects.filter(job=job.name, started_at__gte=_day_start(now))
    if today.filter(status=JobRun.Status.SUCCEEDED, started_at__gte=job.period_start(now)).exists():
        return False, "déjà fait à cette heure" if job.hourly else "déjà fait aujourd'hui"
    failed = today.filter(status__in=[JobRun.Status.FAILED, JobRun.Status.INTERRUPTED]).count()
    if failed >= MAX_FAILURES_PER_DAY:
        return False, f"{failed} échecs aujourd'hui : nouvel essai demain"
    return True, ""


def _process_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    return True


def sweep(now: datetime) -> int:
    """Mark « interrompu » the runs whose process died: on this machine, a process that no
    longer exists; elsewhere, a run older than STALE_AFTER. Returns how many."""
    host = socket.gethostname()
    dead = [
        run.pk
        for run in JobRun.objects.filter(status=JobRun.Status.RUNNING)
        if (run.host == host and run.pid and not _process_is_alive(run.pid))
        or (run.host != host and run.started_at < now - STALE_AFTER)
    ]
    return JobRun.objects.filter(pk__in=dead, status=JobRun.Status.RUNNING).update(
        status=JobRun.Status.INTERRUPTED, finished_at=now
    )


def claim(job: Job, now: datetime, *, forced: bool = False) -> JobRun | None:
    """The run row that reserves the job, or None when another runner has it."""
    try:
        with transaction.atomic():
            run = JobRun.objects.create(
                job=job.name,
                started_at=now,
                status=JobRun.Status.RUNNING,
                forced=forced,
                host=socket.gethostname()[:255],
                pid=os.getpid(),
            )
    except IntegrityError:  # the partial unique index: one running row per job
        return None
    if not forced and (
        JobRun.objects.filter(
            job=job.name, status=JobRun.Status.SUCCEEDED, started_at__gte=job.period_start(now)
        ).exists()
    ):
        # Another runner finished it between our decision and our claim.
        run.delete()
        return None
    return run


def describe_error(exc: BaseException) -> str:
    """The exception's class and where it was raised — never its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [frame for frame in frames if "/tremplin/" in frame.filename]
    where = ""
    if ours or frames:
        frame = (ours or frames)[-1]
        path = frame.filename
        if "/tremplin/" in path:
            path = "tremplin/" + path.rsplit("/tremplin/", 1)[1]
        where = f" ({path}, ligne {frame.lineno})"
    return f"{type(exc).__name__}{where}"[:255]


def execute(job: Job, run: JobRun) -> JobRun:
    out = io.StringIO()
    try:
        call_command(job.name, stdout=out)
    except Exception as exc:  # one job's failure never stops the others
        run.status = JobRun.Status.FAILED
        run.error = describe_error(exc)
        logger.error("periodic job %s failed: %s", job.name, run.error)
    else:
        run.status = JobRun.Status.SUCCEEDED
    run.output = out.getvalue().strip()[:4000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "output", "finished_at"])
    return run


@dataclass
class Outcome:
    job: Job
    run: JobRun | None
    skipped: str = ""


def run_due(*, now: datetime | None = None, only: list[str] | None = None) -> list[Outcome]:
    """Run the jobs that are due now, or, with ``only``, those jobs right away."""
    now = now or timezone.now()
    sweep(now)
    outcomes = []
    for job in JOBS:
        if only is not None:
            if job.name not in only:
                continue
        else:
            go, reason = decide(job, now)
            if not go:
                outcomes.append(Outcome(job, None, reason))
                continue
        run = claim(job, now, forced=only is not None)
        if run is None:
            outcomes.append(Outcome(job, None, "déjà en cours, ou fait, par un autre lancement"))
            continue
        outcomes.append(Outcome(job, execute(job, run)))
    return outcomes


# --- State, for the administrator's page ------------------------------------------------------


@dataclass
class JobState:
    job: Job
    last_run: JobRun | None
    last_success: JobRun | None
    expected_since: datetime  # the start of the last window that has ended

    @property
    def state(self) -> str:
        """ok, running, failing, late or never."""
        if self.last_run and self.last_run.status == JobRun.Status.RUNNING:
            return "running"
        if self.last_success is None:
            return "never"
        if self.last_success.started_at >= self.expected_since:
            return "failing" if self.last_run.status != JobRun.Status.SUCCEEDED else "ok"
        return "late"


STATE_LABELS = {
    "ok": "à jour",
    "running": "en cours",
    "failing": "dernier essai en échec",
    "late": "en retard",
    "never": "jamais lancé",
}


def last_window_start(job: Job, now: datetime) -> datetime:
    """When the last window that has already closed opened (a success is expected since)."""
    day = _day_start(now)
    if timezone.localtime(now).hour < job.end_hour:
        day = _day_start(day - timedelta(hours=12))
    # The local wall-clock hour of that day (zoneinfo gives the day's own offset, DST or not).
    return day.replace(hour=job.start_hour)


def states(now: datetime | None = None) -> list[JobState]:
    now = now or timezone.now()
    result = []
    for job in JOBS:
        runs = JobRun.objects.filter(job=job.name)
        result.append(
            JobState(
                job=job,
                last_run=runs.first(),
                last_success=runs.filter(status=JobRun.Status.SUCCEEDED).first(),
                expected_since=last_window_start(job, now),
            )
        )
    return result


def needs_attention(now: datetime | None = None) -> bool:
    return any(state.state in ("never", "late") for state in states(now))
