"""Which companies, campaigns, needs and offers a user may open: those of the structure
they act for, when their role may see employers. Anything else is a 404."""

from django.shortcuts import get_object_or_404

from tremplin.employers.models import (
    Campaign,
    CampaignAction,
    Company,
    CompanyContact,
    Interaction,
    JobOffer,
    RecruitmentNeed,
)


def get_company_for_user(user, pk) -> Company:
    return get_object_or_404(
        Company.objects.visible_to(user).select_related("naf", "commune", "structure"), pk=pk
    )


def get_contact_for_user(user, pk) -> CompanyContact:
    return get_object_or_404(
        CompanyContact.objects.visible_to(user).select_related("company"), pk=pk
    )


def get_interaction_for_user(user, pk) -> Interaction:
    return get_object_or_404(Interaction.objects.visible_to(user).select_related("company"), pk=pk)


def get_campaign_for_user(user, pk) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(user).select_related("owner", "target_department"), pk=pk
    )


def get_campaign_action_for_user(user, pk) -> CampaignAction:
    return get_object_or_404(
        CampaignAction.objects.visible_to(user).select_related("campaign"), pk=pk
    )


def get_need_for_user(user, pk) -> RecruitmentNeed:
    return get_object_or_404(
        RecruitmentNeed.objects.visible_to(user).select_related(
            "company__structure", "company__commune", "appellation__fiche", "contact", "campaign"
        ),
        pk=pk,
    )


def get_offer_for_user(user, pk) -> JobOffer:
    return get_object_or_404(
        JobOffer.objects.visible_to(user).select_related(
            "company", "structure", "appellation", "fiche", "commune", "need", "campaign"
        ),
        pk=pk,
    )
