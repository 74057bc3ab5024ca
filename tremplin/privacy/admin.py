from django.contrib import admin

from tremplin.privacy.models import Anonymisation, RetentionHold


@admin.register(RetentionHold)
class RetentionHoldAdmin(admin.ModelAdmin):
    list_display = ("pk", "structure", "reason", "until", "created_at", "lifted_at")
    list_filter = ("structure", "reason")
    readonly_fields = [f.name for f in RetentionHold._meta.fields]
    raw_id_fields = ("person",)

    def has_change_permission(self, request, obj=None):
        return False  # decided and lifted by managers, from the retention page


@admin.register(Anonymisation)
class AnonymisationAdmin(admin.ModelAdmin):
    list_display = ("pk", "anonymised_at", "last_activity_on", "structure", "files_deleted")
    list_filter = ("structure",)
    readonly_fields = [f.name for f in Anonymisation._meta.fields]
    raw_id_fields = ("person",)

    def has_change_permission(self, request, obj=None):
        return False  # the register of what was erased

    def has_delete_permission(self, request, obj=None):
        return False  # without it, an anonymised file would be reviewed again
