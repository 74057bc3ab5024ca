from django.contrib import admin

from tremplin.core.admin import ReadOnlyAdmin
from tremplin.referentials import models


class ReadOnly(ReadOnlyAdmin):
    """Referentials come from their official files (tremplin load_referentials)."""


@admin.register(models.Commune)
class CommuneAdmin(ReadOnly):
    list_display = ["code", "name", "department", "postal_codes", "population"]
    search_fields = ["code", "name", "search_key", "postal_codes"]
    list_filter = ["kind"]


@admin.register(models.RomeFiche)
class RomeFicheAdmin(ReadOnly):
    list_display = ["code", "label", "domain"]
    search_fields = ["code", "label"]


@admin.register(models.RomeAppellation)
class RomeAppellationAdmin(ReadOnly):
    list_display = ["code", "label", "fiche", "is_main"]
    search_fields = ["code", "label", "search_key"]


@admin.register(models.NafCode)
class NafCodeAdmin(ReadOnly):
    list_display = ["code", "label", "level"]
    search_fields = ["code", "label"]
    list_filter = ["level"]


@admin.register(models.Thematique)
class ThematiqueAdmin(ReadOnly):
    list_display = ["code", "label", "category"]
    list_filter = ["category"]
