"""Support pages. Support staff manage structures and accounts; they never open people's
files (those are reachable only through the access spine, with every read logged)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from tremplin.accounts.forms import StructureAdminForm
from tremplin.accounts.models import ApiToken, Membership, Structure, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["structure", "role", "is_active"]
    autocomplete_fields = ["structure"]


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    form = StructureAdminForm
    list_display = ["name", "kind", "siret", "commune", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "password1", "password2"],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "structure", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "structure__name"]
    autocomplete_fields = ["user", "structure"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "membership", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["membership", "name", "prefix", "created_at", "expires_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False
