from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tremplin.employers.models import (
    Campaign,
    CampaignAction,
    Company,
    CompanyContact,
    Interaction,
    JobOffer,
    PublicationConfirmation,
    PublicationRequest,
    RecruitmentNeed,
)


class ContactInline(admin.TabularInline):
    model = CompanyContact
    extra = 0


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "siret", "naf", "commune", "structure"]
    list_filter = ["structure", "size_bracket"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["naf", "commune"]
    inlines = [ContactInline]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["company", "kind", "occurred_on", "next_step_due_on"]
    list_filter = ["kind"]
    raw_id_fields = ["company", "contact", "campaign"]


class CampaignActionInline(admin.TabularInline):
    model = CampaignAction
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "structure", "starts_on", "ends_on", "status"]
    list_filter = ["structure", "status"]
    filter_horizontal = ["target_naf", "target_fiches"]
    raw_id_fields = ["target_communes"]
    inlines = [CampaignActionInline]


@admin.register(RecruitmentNeed)
class RecruitmentNeedAdmin(admin.ModelAdmin):
    list_display = ["appellation", "company", "collected_on", "status"]
    raw_id_fields = ["company", "appellation", "contact", "campaign", "skills"]


class ConfirmationInline(admin.TabularInline):
    model = PublicationConfirmation
    extra = 0
    can_delete = False
    readonly_fields = ["confirmed_by", "confirmed_at", "reason", "findings"]


class RequestInline(admin.TabularInline):
    model = PublicationRequest
    extra = 0
    can_delete = False
    readonly_fields = ["requested_by", "requested_at", "reason", "findings"]


@admin.register(JobOffer)
class JobOfferAdmin(SimpleHistoryAdmin):
    list_display = ["title", "company", "contract_type", "status", "structure"]
    list_filter = ["status", "contract_type", "structure"]
    search_fields = ["title"]
    raw_id_fields = ["company", "need", "campaign", "appellation", "commune", "required_skills"]
    inlines = [ConfirmationInline, RequestInline]
