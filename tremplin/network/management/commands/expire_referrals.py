"""Mark « sans réponse » the referrals whose answer delay has passed (run daily by cron)."""

from django.core.management.base import BaseCommand

from tremplin.core.text import counted
from tremplin.network.referrals import expire_overdue


class Command(BaseCommand):
    help = "Passe « sans réponse » les orientations dont le délai de réponse est dépassé."

    def handle(self, *args, **options):
        count = expire_overdue()
        self.stdout.write(
            f"{counted(count, 'orientation passée', 'orientations passées')} « sans réponse »."
        )
