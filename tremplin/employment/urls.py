from django.urls import path

from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)
from tremplin.employment import views

app_name = "employment"

urlpatterns = [
    path("personnes/<int:person_id>/emploi/", views.person_employments, name="person"),
    path("personnes/<int:person_id>/emploi/embauche/", views.employment_create, name="create"),
    path("emplois/<int:employment_id>/", views.employment_detail, name="detail"),
    path("emplois/<int:employment_id>/modifier/", views.employment_edit, name="edit"),
    path(
        "emplois/<int:employment_id>/points/<int:check_in_id>/",
        views.check_in,
        name="check-in",
    ),
    path(
        "emplois/<int:employment_id>/points/<int:check_in_id>/avis-tuteur/",
        views.request_feedback,
        name="request-feedback",
    ),
    path("emplois/<int:employment_id>/mediation/", views.mediation, name="mediation"),
    path("emplois/<int:employment_id>/bilan/", views.review, name="review"),
    path(
        "emplois/<int:employment_id>/plan-integration.<docfmt:fmt>",
        views.plan_report,
        name="plan-report",
    ),
    path(
        "emplois/<int:employment_id>/bilan-integration.<docfmt:fmt>",
        views.review_report,
        name="review-report",
    ),
    path("suivi-dans-l-emploi/", views.to_do, name="to-do"),
    path("suivi-emploi/avis/<str:token>/", views.tutor_feedback, name="tutor-feedback"),
    path("equipe/suivi-dans-l-emploi/", views.schedule_settings, name="schedule"),
]
