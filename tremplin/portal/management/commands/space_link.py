"""`tremplin space_link`: print a fresh link into a person's own space, for the demo.

Development only (DEBUG=1): in production the link goes to the person by e-mail or SMS,
never to a console. Without --person, the demo person with an active space is used.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tremplin.portal import actions
from tremplin.portal.models import SpaceAccess


class Command(BaseCommand):
    help = "Affiche un lien de connexion à l'espace personnel d'une personne (démonstration)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--person",
            type=int,
            help="Identifiant du dossier (par défaut : la personne de démonstration).",
        )
        parser.add_argument(
            "--base-url",
            help="Adresse du serveur de démonstration, si ce n'est pas TREMPLIN_BASE_URL "
            "(par exemple http://127.0.0.1:8050).",
        )

    def handle(self, *args, person=None, base_url=None, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Réservé à la démonstration (DEBUG=1) : en production, invitez la personne "
                "depuis son dossier, le lien part par e-mail ou SMS."
            )
        accesses = SpaceAccess.objects.select_related("person", "structure")
        if person is not None:
            access = accesses.filter(person_id=person).first()
        else:
            access = accesses.filter(structure__name__endswith="(démo)").order_by("pk").first()
        if access is None:
            raise CommandError(
                "Aucun espace personnel pour ce dossier : invitez d'abord la personne depuis son dossier."
            )
        try:
            url = actions.issue_console_link(access=access)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            "Lien de connexion à l'espace personnel (valable 1 heure, une seule fois) :"
        )
        if base_url:
            if not base_url.startswith(("http://", "https://")):
                raise CommandError("--base-url : une adresse commençant par http:// ou https://.")
            url = base_url.rstrip("/") + url.removeprefix(settings.TREMPLIN_BASE_URL.rstrip("/"))
        self.stdout.write(f"  {url}")
        self.stdout.write(
            f"Date de naissance à saisir : {access.person.birth_date:%d/%m/%Y} "
            f"(dossier n° {access.person_id})"
        )
