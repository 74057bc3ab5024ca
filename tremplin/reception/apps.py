from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "tremplin.reception"
    verbose_name = "Accueil et commandes"
