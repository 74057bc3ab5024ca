from django import forms
from django.contrib import admin

from tremplin.network.forms import OpeningHoursFormMixin
from tremplin.network.models import PartnerContact, PartnerService, PartnerStructure


class OpeningHoursAdminForm(OpeningHoursFormMixin, forms.ModelForm):
    """The admin's form (its fields given by the admin), with hours typed in French."""


@admin.register(PartnerStructure)
class PartnerStructureAdmin(admin.ModelAdmin):
    form = OpeningHoursAdminForm
    list_display = ["name", "source", "commune", "tremplin_structure", "is_active"]
    list_filter = ["source", "is_active"]
    search_fields = ["name", "siret", "source_id"]
    raw_id_fields = ["commune", "created_by_structure", "tremplin_structure"]


@admin.register(PartnerService)
class PartnerServiceAdmin(admin.ModelAdmin):
    form = OpeningHoursAdminForm
    list_display = ["name", "structure", "source", "commune", "is_active"]
    list_filter = ["source", "is_active", "remote"]
    search_fields = ["name", "source_id", "structure__name"]
    raw_id_fields = ["structure", "commune", "created_by_structure"]
    filter_horizontal = ["thematiques"]


@admin.register(PartnerContact)
class PartnerContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "partner", "owner_structure"]
    raw_id_fields = ["partner", "owner_structure"]
