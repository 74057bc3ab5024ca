from django.apps import AppConfig


class ReferentialsConfig(AppConfig):
    name = "tremplin.referentials"
    verbose_name = "Référentiels"
