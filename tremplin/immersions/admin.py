from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tremplin.immersions.models import Immersion, ImmersionEvent, ImmersionSignature


class SignatureInline(admin.TabularInline):
    model = ImmersionSignature
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in ImmersionSignature._meta.fields]


class EventInline(admin.TabularInline):
    model = ImmersionEvent
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in ImmersionEvent._meta.fields]


@admin.register(Immersion)
class ImmersionAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "structure", "company_name", "starts_on", "ends_on", "status"]
    list_filter = ["status", "objective"]
    raw_id_fields = [
        "person",
        "referent",
        "created_by",
        "renews",
        "appellation",
        "company_commune",
        "validated_by",
    ]
    inlines = [SignatureInline, EventInline]
