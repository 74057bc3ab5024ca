"""`tremplin import_datainclusion <fichier>`: load a data·inclusion export into the directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.network.importer import import_datainclusion


class Command(BaseCommand):
    help = (
        "Importe un export data·inclusion (JSON ou CSV) dans l'annuaire des partenaires : "
        "tout le fichier est vérifié d'abord, puis écrit en une fois ; le relancer ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="fichier .json ou .csv")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="vérifier le fichier sans rien enregistrer",
        )
        parser.add_argument(
            "--complete",
            action="store_true",
            help="export complet de ses sources : rendre inactif ce qui n'y figure plus",
        )

    def handle(self, *args, file: Path, dry_run=False, complete=False, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        report = import_datainclusion(
            file.read_bytes(), file.name, dry_run=dry_run, complete=complete
        )
        for error in report.errors:
            self.stderr.write(f"  {error}")
        if report.error_count > len(report.errors):
            self.stderr.write(f"  … et {report.error_count - len(report.errors)} autre(s).")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
