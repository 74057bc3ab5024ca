from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    name = "tremplin.diagnosis"
    verbose_name = "Diagnostic partagé"
