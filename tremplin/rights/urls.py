from django.urls import path

from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)
from tremplin.rights import views

app_name = "rights"

urlpatterns = [
    path("personnes/<int:person_id>/droits/", views.person_estimates, name="person"),
    path("droits/<int:estimate_id>/", views.estimate_detail, name="detail"),
    path(
        "droits/<int:estimate_id>/estimation.<docfmt:fmt>",
        views.estimate_document_view,
        name="document",
    ),
]
