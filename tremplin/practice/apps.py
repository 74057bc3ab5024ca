from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "tremplin.practice"
    verbose_name = "Analyse de pratique et prévention"
