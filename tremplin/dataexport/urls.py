from django.urls import path

from tremplin.dataexport import views

app_name = "dataexport"

urlpatterns = [
    path("personnes/<int:person_id>/donnees/", views.person_requests, name="person"),
    path(
        "personnes/<int:person_id>/donnees/<int:access_request_id>/archive/",
        views.archive,
        name="archive",
    ),
    path(
        "personnes/<int:person_id>/donnees/<int:access_request_id>/traitee/",
        views.answer,
        name="answer",
    ),
    path("equipe/demandes-de-donnees/", views.open_requests, name="open"),
]
