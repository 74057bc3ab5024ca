from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tremplin.documents"
    verbose_name = "Documents"
