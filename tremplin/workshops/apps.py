from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "tremplin.workshops"
    verbose_name = "Ateliers collectifs"

    def ready(self):
        # Half-days attended count in the weekly activity hours of a pathway.
        from tremplin.pathways.hours import register_hours_source
        from tremplin.workshops.hours import dated_hours, dated_hours_bulk

        register_hours_source(
            "workshops", "Ateliers collectifs", dated_hours, bulk=dated_hours_bulk
        )
