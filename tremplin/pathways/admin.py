from django.contrib import admin

from tremplin.pathways.models import ExitMapping, Funder, Nomenclature


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
