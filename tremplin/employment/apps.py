from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "tremplin.employment"
    label = "employment"
    verbose_name = "Suivi dans l'emploi"

    def ready(self):
        from tremplin.employment.indicators import follow_up_badges
        from tremplin.people.indicators import register_caseload_indicator

        register_caseload_indicator("employment-follow-up", follow_up_badges)
