"""Run the periodic jobs that are due (start it every hour: systemd timer or cron)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tremplin.core import periodic
from tremplin.core.models import JobRun


class Command(BaseCommand):
    help = (
        "Lance les travaux automatiques dont c'est l'heure (conservation, purge du journal, "
        "rappels, enquêtes…) ; à programmer toutes les heures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--job",
            action="append",
            choices=[job.name for job in periodic.JOBS],
            help="Lancer ce travail tout de suite, quelle que soit l'heure (répétable).",
        )
        parser.add_argument(
            "--list", action="store_true", help="Afficher l'état des travaux, sans rien lancer."
        )

    def handle(self, *args, job=None, list=False, **options):
        if list:
            for state in periodic.states():
                last = state.last_success
                when = (
                    timezone.localtime(last.started_at).strftime("%d/%m/%Y %H:%M")
                    if last
                    else "jamais"
                )
                self.stdout.write(
                    f"{state.job.name} — {state.job.label}, {state.job.hours} : "
                    f"dernier passage réussi {when}, {periodic.STATE_LABELS[state.state]}"
                )
            return
        failed = []
        for outcome in periodic.run_due(only=job):
            name = outcome.job.name
            if outcome.run is None:
                self.stdout.write(f"{name} : non lancé, {outcome.skipped}.")
            elif outcome.run.status == JobRun.Status.FAILED:
                failed.append(name)
                self.stdout.write(f"{name} : échec, {outcome.run.error}.")
            else:
                self.stdout.write(f"{name} : {outcome.run.output or 'fait.'}")
        if failed:
            raise CommandError(f"Travaux en échec : {', '.join(failed)}.")
