"""Support pages: schedules and delivery problems, without people's names or subjects."""

from django.contrib import admin

from tremplin.agenda.models import Appointment, CalendarFeed, Notice


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["pk", "structure", "organizer", "kind", "starts_at", "ends_at", "cancelled_at"]
    list_filter = ["kind", "structure"]
    date_hierarchy = "starts_at"
    # The subject and the people stay out of support's sight.
    fields = ["structure", "organizer", "kind", "starts_at", "ends_at", "notify", "cancelled_at"]
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["pk", "participant_id", "kind", "channel", "status", "at"]
    list_filter = ["kind", "channel", "status"]
    fields = ["kind", "channel", "status", "reason", "at"]
    readonly_fields = fields


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["prefix", "membership", "created_at", "last_used_at", "revoked_at"]
    fields = ["prefix", "membership", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "membership", "created_at", "last_used_at"]
