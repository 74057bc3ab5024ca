from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "tremplin.employment"
    label = "employment"
    verbose_name = "Suivi dans l'emploi"

    def ready(self):
        from tremplin.employment.hours import dated_hours, dated_hours_bulk
        from tremplin.employment.indicators import follow_up_badges
        from tremplin.pathways.hours import register_hours_source
        from tremplin.people.indicators import register_caseload_indicator

        register_caseload_indicator("employment-follow-up", follow_up_badges)
        register_hours_source(
            "employment", "Heures travaillées", dated_hours, bulk=dated_hours_bulk
        )
