from django.contrib import admin

from tremplin.projects.models import Application, TargetJob, Training


@admin.register(TargetJob)
class TargetJobAdmin(admin.ModelAdmin):
    list_display = ["appellation", "structure", "decision", "decided_on"]
    list_filter = ["decision"]
    raw_id_fields = ["person", "appellation", "created_by"]
    exclude = ["skills_held", "skills_to_acquire"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "structure", "status", "starts_on", "ends_on"]
    list_filter = ["status", "funding"]
    raw_id_fields = ["person", "target_job", "created_by"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["offer_title", "company", "structure", "status", "applied_on"]
    list_filter = ["status", "channel"]
    raw_id_fields = ["person", "target_job", "created_by"]
