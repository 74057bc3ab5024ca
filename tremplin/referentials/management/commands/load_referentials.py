import time

from django.core.management.base import BaseCommand

from tremplin.referentials.loaders import GROUPS, load_referentials


class Command(BaseCommand):
    help = (
        "Charge les référentiels (ROME 4.0, communes, NAF, thématiques data·inclusion). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            choices=GROUPS,
            help="Ne charger que ce groupe (répétable).",
        )

    def handle(self, *args, only=None, **options):
        started = time.monotonic()
        reports = load_referentials(only or GROUPS)
        for report in reports:
            self.stdout.write(str(report))
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Référentiels à jour ({elapsed:.1f} s)."))
