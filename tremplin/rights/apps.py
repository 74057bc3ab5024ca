from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "tremplin.rights"
    label = "rights"
    verbose_name = "Estimation des droits sociaux"
