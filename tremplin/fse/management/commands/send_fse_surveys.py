"""Send the FSE+ 6-month follow-up surveys that are due (run once a day by cron, e.g. at
10:00). Idempotent: a survey is never sent twice; people who did not consent are never
contacted."""

from django.core.management.base import BaseCommand

from tremplin.fse.actions import send_surveys


class Command(BaseCommand):
    help = "Envoie les enquêtes FSE+ à 6 mois qui sont dues (e-mail, SMS) ; jamais deux fois."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compter les enquêtes dues, sans envoyer."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = send_surveys(dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{counts['due']} enquête(s) à 6 mois due(s) (rien envoyé).")
            return
        self.stdout.write(
            f"{counts['due']} enquête(s) due(s) : {counts['sent']} envoyée(s), "
            f"{counts['no_consent']} sans accord pour les enquêtes (non contactée(s)), "
            f"{counts['no_channel']} sans e-mail ni portable (à appeler), "
            f"{counts['already']} déjà envoyée(s)."
        )
