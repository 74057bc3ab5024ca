from django.contrib import admin

from tremplin.audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only, for support investigations; rows can be neither changed nor deleted."""

    list_display = ["at", "user", "structure", "person_id", "section", "channel"]
    list_filter = ["section", "channel"]
    search_fields = ["user__email", "=person_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
