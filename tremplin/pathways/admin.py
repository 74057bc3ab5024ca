from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tremplin.pathways.models import (
    ExitMapping,
    Funder,
    IaeApproval,
    IaeProlongation,
    IaeSuspension,
    Nomenclature,
)


class ExitMappingInline(admin.TabularInline):
    model = ExitMapping
    extra = 0


@admin.register(Nomenclature)
class NomenclatureAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    inlines = [ExitMappingInline]


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "structure", "nomenclature", "is_active"]
    list_filter = ["nomenclature", "is_active"]
    search_fields = ["name"]


class IaeSuspensionInline(admin.TabularInline):
    model = IaeSuspension
    extra = 0
    raw_id_fields = ["recorded_by", "withdrawn_by"]


class IaeProlongationInline(admin.TabularInline):
    model = IaeProlongation
    extra = 0
    raw_id_fields = ["recorded_by", "withdrawn_by"]


@admin.register(IaeApproval)
class IaeApprovalAdmin(SimpleHistoryAdmin):
    """For support staff: the PASS IAE is found by its number, never by a person's name."""

    list_display = ["number", "starts_on", "ends_on", "delivered_by"]
    search_fields = ["number"]
    raw_id_fields = ["pathway", "scan", "recorded_by"]
    inlines = [IaeSuspensionInline, IaeProlongationInline]
