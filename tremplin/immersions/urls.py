from django.urls import path

from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)
from tremplin.immersions import views

app_name = "immersions"

urlpatterns = [
    path("personnes/<int:person_id>/immersions/", views.person_immersions, name="person"),
    path("personnes/<int:person_id>/immersions/nouvelle/", views.immersion_create, name="create"),
    path("immersions/<int:immersion_id>/", views.immersion_detail, name="detail"),
    path("immersions/<int:immersion_id>/modifier/", views.immersion_edit, name="edit"),
    path("immersions/<int:immersion_id>/envoyer/", views.immersion_send, name="send"),
    path("immersions/<int:immersion_id>/signer/", views.immersion_sign, name="sign"),
    path(
        "immersions/<int:immersion_id>/signer/<str:party>/",
        views.immersion_sign_in_person,
        name="sign-in-person",
    ),
    path("immersions/<int:immersion_id>/valider/", views.immersion_validate, name="validate"),
    path("immersions/<int:immersion_id>/demarrer/", views.immersion_start, name="start"),
    path("immersions/<int:immersion_id>/refuser/", views.immersion_refuse, name="refuse"),
    path("immersions/<int:immersion_id>/annuler/", views.immersion_cancel, name="cancel"),
    path("immersions/<int:immersion_id>/renouveler/", views.immersion_renew, name="renew"),
    path("immersions/<int:immersion_id>/bilan/", views.immersion_review, name="review"),
    path(
        "immersions/<int:immersion_id>/convention.<docfmt:fmt>", views.convention, name="convention"
    ),
    path(
        "immersions/<int:immersion_id>/bilan.<docfmt:fmt>",
        views.review_report,
        name="review-report",
    ),
    path("immersion/signature/<str:token>/", views.link_sign, name="link-sign"),
    path(
        "immersion/signature/<str:token>/convention.<docfmt:fmt>",
        views.link_document,
        name="link-document",
    ),
]
