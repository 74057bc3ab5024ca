from django.urls import path

from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)
from tremplin.network.views import referrals as views

app_name = "referrals"

urlpatterns = [
    path("orientations/", views.dashboard, name="dashboard"),
    path("orientations/<int:referral_id>/", views.detail, name="detail"),
    path(
        "orientations/<int:referral_id>/fiche-de-liaison.<docfmt:fmt>",
        views.liaison,
        name="liaison",
    ),
    path("personnes/<int:person_id>/orientations/", views.person_referrals, name="person"),
    path(
        "personnes/<int:person_id>/orientations/nouvelle/",
        views.referral_create,
        name="create",
    ),
    path("orientation/reponse/<str:token>/", views.answer, name="answer"),
    path(
        "orientation/reponse/<str:token>/fiche-de-liaison.<docfmt:fmt>",
        views.answer_document,
        name="answer-document",
    ),
]
