from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tremplin.audit"
    verbose_name = "Journal des accès"
