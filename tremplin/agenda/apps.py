from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "tremplin.agenda"
    verbose_name = "Agenda et rendez-vous"
