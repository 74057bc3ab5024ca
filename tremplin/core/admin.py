from django.contrib import admin

from tremplin.core.models import JobRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that support staff may look at but never add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ("job", "started_at", "finished_at", "status", "forced", "error")
    list_filter = ("job", "status")
    readonly_fields = ("job", "started_at", "finished_at", "status", "forced", "output", "error")
