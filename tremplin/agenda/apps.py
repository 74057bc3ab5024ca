from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "tremplin.agenda"
    verbose_name = "Agenda et rendez-vous"

    def ready(self):
        # Attended appointments count in the weekly activity hours of a pathway.
        from tremplin.agenda.hours import dated_hours, dated_hours_bulk
        from tremplin.pathways.hours import register_hours_source

        register_hours_source("agenda", "Rendez-vous", dated_hours, bulk=dated_hours_bulk)
