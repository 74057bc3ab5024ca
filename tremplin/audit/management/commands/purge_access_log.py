from django.core.management.base import BaseCommand

from tremplin.audit.models import AccessLog
from tremplin.core.text import counted


class Command(BaseCommand):
    help = "Supprime les traces de consultation de plus d'un an (à lancer chaque nuit par cron)."

    def handle(self, *args, **options):
        deleted = AccessLog.objects.purge_expired()
        self.stdout.write(
            f"{counted(deleted, 'trace', 'traces')} de consultation de plus d'un an "
            f"{'supprimées' if deleted > 1 else 'supprimée'}."
        )
