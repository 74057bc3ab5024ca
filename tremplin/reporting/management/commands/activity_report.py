"""`tremplin activity_report --structure 3 --month 2026-10 [--csv file] [--mask]`: the
monthly activity report of one structure, computed by the same code as the screen."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.accounts.models import Structure
from tremplin.reporting.activity import Month, MonthError, build_report, display
from tremplin.reporting.exports import report_csv


class Command(BaseCommand):
    help = "Calcule le rapport d'activité mensuel d'une structure (écran ou fichier CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--structure", type=int, required=True, help="identifiant")
        parser.add_argument("--month", required=True, help="mois au format AAAA-MM")
        parser.add_argument("--csv", help="écrire le tableau dans ce fichier CSV")
        parser.add_argument(
            "--mask", action="store_true", help="masquer les effectifs de 1 à 4 (« < 5 »)"
        )

    def handle(self, *args, **options):
        try:
            month = Month.parse(options["month"])
        except MonthError as error:
            raise CommandError(str(error)) from None
        structure = Structure.objects.filter(pk=options["structure"]).first()
        if structure is None:
            raise CommandError("Aucune structure n'a cet identifiant.")
        report = build_report(structure, month)
        if options["csv"]:
            Path(options["csv"]).write_bytes(report_csv(report, mask=options["mask"]))
            self.stdout.write(f"Rapport de {month.label} écrit dans {options['csv']}.")
            return
        self.stdout.write(f"Rapport d'activité — {structure.name} — {month.label}")
        hidden = report.hidden_cells() if options["mask"] else set()
        for section in report.sections:
            self.stdout.write(f"\n{section.title}")
            for figure in section.figures:
                month_value = display(figure, figure.month, mask=(id(figure), "month") in hidden)
                year_value = display(figure, figure.year, mask=(id(figure), "year") in hidden)
                self.stdout.write(f"  {figure.label} : {month_value} (cumul {year_value})")
