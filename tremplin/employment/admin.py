from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tremplin.employment.models import (
    CheckIn,
    Employment,
    EmploymentContact,
    IntegrationReview,
    MediationNote,
    ScheduleSetting,
)


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    can_delete = False
    fields = ["step", "due_on", "assignee", "done_on", "cancelled", "risk"]
    readonly_fields = fields


class MediationInline(admin.TabularInline):
    model = MediationNote
    extra = 0
    can_delete = False
    fields = ["held_on", "topic", "author"]
    readonly_fields = fields


class ContactInline(admin.TabularInline):
    model = EmploymentContact
    extra = 0
    fields = ["kind", "name", "role"]
    readonly_fields = fields


@admin.register(Employment)
class EmploymentAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "structure", "employer_name", "job_title", "starts_on", "status"]
    list_filter = ["status", "at_risk", "structure"]
    # No search on names: the admin is for technical support, not for reading files.
    raw_id_fields = ["person", "proposal", "company", "appellation"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [CheckInInline, MediationInline, ContactInline]


admin.site.register(IntegrationReview, SimpleHistoryAdmin)
admin.site.register(ScheduleSetting)
