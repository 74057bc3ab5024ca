from django.contrib import admin

from tremplin.audit.models import AccessLog
from tremplin.core.admin import ReadOnlyAdmin


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """Read-only, for support investigations; rows can be neither changed nor deleted."""

    list_display = ["at", "user", "structure", "person_id", "section", "channel"]
    list_filter = ["section", "channel"]
    search_fields = ["user__email", "=person_id"]
    date_hierarchy = "at"
