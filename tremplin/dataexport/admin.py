from django.contrib import admin

from tremplin.dataexport.models import AccessRequest


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "structure", "kind", "received_on", "due_on", "answered_at")
    list_filter = ("structure", "kind", "channel")
    readonly_fields = [f.name for f in AccessRequest._meta.fields]
    raw_id_fields = ("person",)

    def has_change_permission(self, request, obj=None):
        return False  # the register is proof of what was asked and answered
