from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tremplin.api"
    verbose_name = "API"
