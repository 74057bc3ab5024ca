"""`tremplin import_people <fichier.csv> --structure <id> --user <e-mail> [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.accounts.models import Membership
from tremplin.core.permissions import Perm
from tremplin.people import imports


class Command(BaseCommand):
    help = (
        "Importe des dossiers de personnes depuis un CSV, avec les mêmes vérifications que la "
        "page « Importer des dossiers » : tout le fichier est vérifié d'abord, rien n'est créé "
        "s'il contient une erreur ; les personnes déjà suivies par la structure ne sont pas "
        "recréées. Aucun consentement n'est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="fichier .csv")
        parser.add_argument("--structure", type=int, required=True, help="id de la structure")
        parser.add_argument(
            "--user",
            required=True,
            help="e-mail du ou de la responsable au nom de qui l'import est fait",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="vérifier le fichier sans rien enregistrer"
        )

    def handle(self, *args, file: Path, structure: int, user: str, dry_run=False, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        membership = (
            Membership.objects.active()
            .select_related("user")
            .filter(structure_id=structure, user__email__iexact=user.strip())
            .first()
        )
        if membership is None:
            raise CommandError(f"{user} n'est pas membre actif de la structure {structure}.")
        if not membership.can(Perm.PERSON_IMPORT):
            raise CommandError(f"{user} n'a pas le droit d'importer des dossiers.")
        content = file.read_bytes()
        report, _record = imports.import_at_once(
            content=content, file_name=file.name, membership=membership, dry_run=dry_run
        )
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Import refusé : rien n'a été enregistré.")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS("Fichier valide (vérification seule : rien n'a été enregistré).")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Import terminé : {report.created} dossier(s) créé(s). Aucun consentement "
                    "n'a été enregistré : recueillez-le auprès de chaque personne."
                )
            )
