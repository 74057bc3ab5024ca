from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tremplin.projects"
    verbose_name = "Projet professionnel, formations et candidatures"

    def ready(self):
        # Training days count in the weekly activity hours of a pathway.
        from tremplin.pathways.hours import register_hours_source
        from tremplin.projects.hours import dated_hours, dated_hours_bulk

        register_hours_source("trainings", "Formations", dated_hours, bulk=dated_hours_bulk)
