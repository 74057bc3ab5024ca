"""Anonymise the files past the retention period. Run it every night (cron or systemd timer)."""

from django.core.management.base import BaseCommand

from tremplin.privacy.retention import (
    NotDue,
    anonymise,
    erase_old_anonymous_contacts,
    retention_months,
    review,
)


class Command(BaseCommand):
    help = (
        "Anonymise les dossiers sans activité depuis la durée de conservation "
        "(24 mois par défaut) et efface les contacts d'accueil anonymes aussi anciens."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")
        parser.add_argument("--limit", type=int, default=None, help="Au plus N dossiers.")

    def handle(self, *args, dry_run=False, limit=None, **options):
        states = review()
        due = [state for state in states if not state.held]
        held = len(states) - len(due)
        if limit is not None:
            due = due[:limit]  # the held files never take the place of those that are due
        if dry_run:
            self.stdout.write(
                f"Conservation {retention_months()} mois : {len(due)} dossier(s) à anonymiser, "
                f"{held} prolongé(s) par une structure. Rien n'a été modifié."
            )
            return
        done = skipped = 0
        for state in due:
            try:
                anonymise(state.person_id)
            except NotDue:
                skipped += 1  # written to or followed again since the review
            else:
                done += 1
        contacts = erase_old_anonymous_contacts()
        # Counts only: never a name or an id of a person in the output (it goes to logs).
        self.stdout.write(
            f"Conservation {retention_months()} mois : {done} dossier(s) anonymisé(s), "
            f"{skipped} écarté(s) au dernier moment (activité, suivi ou prolongation), {held} prolongé(s) par une structure, "
            f"{contacts} contact(s) d'accueil sans dossier effacé(s)."
        )
