from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tremplin.reporting"
    label = "reporting"
    verbose_name = "Rapports d'activité"
