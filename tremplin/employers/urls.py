from django.urls import path

from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)
from tremplin.employers import views

app_name = "employers"

urlpatterns = [
    path("", views.company_list, name="companies"),
    path("nouvelle/", views.company_create, name="company-create"),
    path("<int:company_id>/", views.company_detail, name="company"),
    path("<int:company_id>/modifier/", views.company_edit, name="company-edit"),
    path("<int:company_id>/contacts/nouveau/", views.contact_create, name="contact-create"),
    path("contacts/<int:company_contact_id>/modifier/", views.contact_edit, name="contact-edit"),
    path("<int:company_id>/echanges/nouveau/", views.interaction_create, name="interaction-create"),
    path(
        "echanges/<int:interaction_id>/modifier/",
        views.interaction_edit,
        name="interaction-edit",
    ),
    path("<int:company_id>/besoins/nouveau/", views.need_create, name="need-create"),
    path("besoins/<int:recruitment_need_id>/", views.need_detail, name="need"),
    path("besoins/<int:recruitment_need_id>/analyse/", views.need_edit, name="need-edit"),
    path(
        "besoins/<int:recruitment_need_id>/fiche-de-poste.<docfmt:fmt>",
        views.need_document,
        name="need-document",
    ),
    path("<int:company_id>/offres/nouvelle/", views.offer_create, name="offer-create"),
    path("offres/", views.offer_list, name="offers"),
    path("offres/<int:job_offer_id>/", views.offer_detail, name="offer"),
    path("offres/<int:job_offer_id>/modifier/", views.offer_edit, name="offer-edit"),
    path("offres/<int:job_offer_id>/publier/", views.offer_publish, name="offer-publish"),
    path("offres/<int:job_offer_id>/relecture/", views.offer_review, name="offer-review"),
    path("offres/<int:job_offer_id>/cloture/", views.offer_status, name="offer-status"),
    path("offres/<int:job_offer_id>/offre.<docfmt:fmt>", views.offer_file, name="offer-document"),
    path("campagnes/", views.campaign_list, name="campaigns"),
    path("campagnes/nouvelle/", views.campaign_create, name="campaign-create"),
    path("campagnes/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campagnes/<int:campaign_id>/modifier/", views.campaign_edit, name="campaign-edit"),
    path(
        "campagnes/<int:campaign_id>/actions/nouvelle/",
        views.campaign_action_create,
        name="campaign-action-create",
    ),
    path(
        "campagnes/actions/<int:campaign_action_id>/",
        views.campaign_action_edit,
        name="campaign-action-edit",
    ),
]
