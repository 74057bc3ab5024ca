from django.urls import path

from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)
from tremplin.workshops import kiosk, views

app_name = "workshops"

urlpatterns = [
    path("ateliers/", views.index, name="index"),
    path("ateliers/conceptions/nouvelle/", views.design_create, name="design-create"),
    path("ateliers/conceptions/<int:design_id>/", views.design_detail, name="design"),
    path("ateliers/conceptions/<int:design_id>/modifier/", views.design_edit, name="design-edit"),
    path(
        "ateliers/conceptions/<int:design_id>/fiche.<docfmt:fmt>",
        views.design_sheet,
        name="design-sheet",
    ),
    path(
        "ateliers/conceptions/<int:design_id>/seances/nouvelle/",
        views.session_create,
        name="session-create",
    ),
    path(
        "ateliers/sequences/<int:sequence_id>/supprimer/",
        views.sequence_delete,
        name="sequence-delete",
    ),
    path("ateliers/seances/<int:workshop_session_id>/", views.session_detail, name="session"),
    path(
        "ateliers/seances/<int:workshop_session_id>/modifier/",
        views.session_edit,
        name="session-edit",
    ),
    path(
        "ateliers/seances/<int:workshop_session_id>/inscription/",
        views.session_register,
        name="session-register",
    ),
    path(
        "ateliers/seances/<int:workshop_session_id>/inviter/",
        views.session_invite,
        name="session-invite",
    ),
    path("ateliers/seances/<int:workshop_session_id>/bilan/", views.review, name="review"),
    path(
        "ateliers/seances/<int:workshop_session_id>/bilan.<docfmt:fmt>",
        views.review_report,
        name="review-report",
    ),
    path(
        "ateliers/inscriptions/<int:workshop_registration_id>/annuler/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path(
        "ateliers/inscriptions/<int:workshop_registration_id>/confirmer-la-place/",
        views.registration_promote,
        name="registration-promote",
    ),
    path(
        "ateliers/inscriptions/<int:workshop_registration_id>/evaluation/",
        views.evaluation,
        name="evaluation",
    ),
    path("ateliers/demi-journees/<int:half_day_id>/emargement/", views.sign_in, name="sign-in"),
    path(
        "ateliers/demi-journees/<int:half_day_id>/emargement/tablette/",
        kiosk.tablet_enter,
        name="tablet-enter",
    ),
    path("ateliers/emargement/quitter-le-mode-tablette/", kiosk.tablet_exit, name="tablet-exit"),
    path("ateliers/demi-journees/<int:half_day_id>/feuille.pdf", views.sheet, name="sheet"),
    path("ateliers/demi-journees/<int:half_day_id>/cloture/", views.half_day_close, name="close"),
    path(
        "ateliers/demi-journees/<int:half_day_id>/feuille-scannee/",
        views.scan_download,
        name="scan",
    ),
    path(
        "ateliers/signatures/<int:workshop_signature_id>/trace.png",
        views.signature_image,
        name="signature-image",
    ),
    path("personnes/<int:person_id>/ateliers/", views.person_workshops, name="person"),
]
