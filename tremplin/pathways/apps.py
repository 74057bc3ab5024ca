from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "tremplin.pathways"
    verbose_name = "Parcours contractualisé"
