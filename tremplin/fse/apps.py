from django.apps import AppConfig


class FseConfig(AppConfig):
    name = "tremplin.fse"
    label = "fse"
    verbose_name = "Indicateurs FSE+"
