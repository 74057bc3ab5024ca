from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "tremplin.employers"
    verbose_name = "Relations entreprises"
