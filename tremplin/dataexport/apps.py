from django.apps import AppConfig


class DataExportConfig(AppConfig):
    name = "tremplin.dataexport"
    label = "dataexport"
    verbose_name = "Droit d'accès et portabilité des données d'une personne"
