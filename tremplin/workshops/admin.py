"""Support pages: designs, sessions and the state of their sheets, without people's names;
sign-in evidence is read-only (it never changes)."""

from django.contrib import admin

from tremplin.workshops.models import (
    HalfDay,
    Invitation,
    Signature,
    WorkshopDesign,
    WorkshopSession,
)


@admin.register(WorkshopDesign)
class WorkshopDesignAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "structure", "created_at"]
    list_filter = ["structure"]
    fields = ["structure", "title", "demand", "public", "prerequisites", "objectives"]
    readonly_fields = ["structure"]


class HalfDayInline(admin.TabularInline):
    model = HalfDay
    fields = ["date", "slot", "starts_at", "ends_at", "closed_at", "scan_attached_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(WorkshopSession)
class WorkshopSessionAdmin(admin.ModelAdmin):
    list_display = ["pk", "design", "structure", "capacity", "created_at"]
    list_filter = ["structure"]
    fields = ["structure", "design", "place", "remote_link", "capacity"]
    readonly_fields = ["structure", "design"]
    inlines = [HalfDayInline]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["pk", "half_day", "method", "signed_at", "sha256"]
    list_filter = ["method"]
    fields = ["half_day", "method", "signed_at", "sha256"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["pk", "registration_id", "channel", "status", "at"]
    list_filter = ["channel", "status"]
    fields = ["channel", "status", "reason", "at"]
    readonly_fields = fields
