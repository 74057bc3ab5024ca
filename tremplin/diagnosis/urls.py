from django.urls import path

from tremplin.diagnosis import views
from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)

app_name = "diagnosis"

urlpatterns = [
    path("personnes/<int:person_id>/diagnostic/", views.diagnosis_detail, name="detail"),
    path("personnes/<int:person_id>/diagnostic/modifier/", views.diagnosis_edit, name="edit"),
    path("personnes/<int:person_id>/diagnostic/comparer/", views.diagnosis_compare, name="compare"),
    path("personnes/<int:person_id>/urgences/", views.urgency_check, name="urgency-check"),
    path("diagnostics/versions/<int:version_id>/", views.version_detail, name="version"),
    path(
        "diagnostics/versions/<int:version_id>/validation/",
        views.version_validate,
        name="version-validate",
    ),
    path(
        "diagnostics/versions/<int:version_id>/synthese.<docfmt:fmt>",
        views.version_document,
        name="version-document",
    ),
    path(
        "diagnostics/versions/<int:version_id>/compte-rendu.<docfmt:fmt>",
        views.version_report,
        name="version-report",
    ),
    path("alertes/", views.alerts, name="alerts"),
    path("alertes/<int:alert_id>/", views.alert_resolve, name="alert-resolve"),
]
