from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tremplin.projects"
    verbose_name = "Projet professionnel, formations et candidatures"

    def ready(self):
        # Training days count in the weekly activity hours of a pathway.
        from tremplin.pathways.hours import register_hours_source
        from tremplin.projects.hours import dated_hours, dated_hours_bulk

        register_hours_source("trainings", "Formations", dated_hours, bulk=dated_hours_bulk)

        # The employer liaison's list shows the jobs each person aims at.
        from tremplin.people.indicators import register_target_jobs
        from tremplin.projects.targets import active_target_jobs

        register_target_jobs(active_target_jobs)
