from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tremplin.portal"
    verbose_name = "Espace personnel de la personne"
