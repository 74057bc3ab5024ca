from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "tremplin.pathways"
    verbose_name = "Parcours contractualisé"

    def ready(self):
        from tremplin.pathways.indicators import pathway_badges
        from tremplin.people.indicators import register_caseload_indicator

        register_caseload_indicator("pathways", pathway_badges)
