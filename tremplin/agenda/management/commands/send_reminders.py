"""Send tomorrow's appointment reminders (run at every hour from 10 h to 20 h by run_periodic).

Idempotent: running it twice the same day sends nothing the second time."""

from django.core.management.base import BaseCommand

from tremplin.agenda.actions import send_reminders
from tremplin.core.text import counted


class Command(BaseCommand):
    help = "Envoie les rappels des rendez-vous du lendemain (e-mail, SMS) ; jamais deux fois."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compter les rappels à envoyer, sans envoyer."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = send_reminders(dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"{counted(counts['participants'], 'personne')} à rappeler (rien envoyé)."
            )
            return
        self.stdout.write(
            f"{counted(counts['participants'], 'personne')} à rappeler : "
            f"{counted(counts['sent'], 'message envoyé', 'messages envoyés')}, "
            f"{counts['skipped']} sans canal de contact (motif visible sur le rendez-vous)."
        )
