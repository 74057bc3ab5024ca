from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tremplin.core"
    verbose_name = "Noyau"

    def ready(self):
        # Registers the trigram lookups and the SQLite similarity function.
        from tremplin.core import search  # noqa: F401
