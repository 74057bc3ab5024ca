from django.apps import AppConfig


class ImmersionsConfig(AppConfig):
    name = "tremplin.immersions"
    verbose_name = "Immersions en milieu professionnel (PMSMP)"

    def ready(self):
        # Immersion days count in the weekly activity hours of a pathway.
        from tremplin.immersions.hours import dated_hours, dated_hours_bulk
        from tremplin.pathways.hours import register_hours_source

        register_hours_source("immersions", "Immersions", dated_hours, bulk=dated_hours_bulk)
