from django.urls import path

from tremplin.fse import views

app_name = "fse"

urlpatterns = [
    path("parcours/<int:pathway_id>/fse/", views.participation, name="participation"),
    path(
        "parcours/<int:pathway_id>/fse/reponse-par-telephone/",
        views.phone_answer,
        name="phone-answer",
    ),
    # The person's page: no account, a signed link that expires (never an id in clear).
    path("enquete/<str:token>/", views.survey_link, name="survey-link"),
]
