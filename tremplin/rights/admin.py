from django.contrib import admin

from tremplin.rights.models import RightsEstimate


@admin.register(RightsEstimate)
class RightsEstimateAdmin(admin.ModelAdmin):
    list_display = ("pk", "structure", "month", "total", "created_at")
    list_filter = ("structure",)
    readonly_fields = [f.name for f in RightsEstimate._meta.fields]
    raw_id_fields = ("person",)

    def has_change_permission(self, request, obj=None):
        return False  # an estimate is a record of what was computed: never edited
