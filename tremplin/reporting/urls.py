from django.urls import path

from tremplin.reporting import views

app_name = "reporting"

urlpatterns = [
    path("equipe/tableau-de-bord/", views.dashboard, name="dashboard"),
    path("equipe/rapport-d-activite/", views.activity, name="activity"),
    path("equipe/heures-d-activite/", views.hours, name="hours"),
    path("equipe/heures-d-activite/export.csv", views.hours_csv, name="hours-csv"),
    path("equipe/rapport-d-activite/csv/", views.activity_table, name="activity-csv"),
    path(
        "equipe/rapport-d-activite/xlsx/",
        views.activity_table,
        {"fmt": "xlsx"},
        name="activity-xlsx",
    ),
    path("equipe/rapport-d-activite/pdf/", views.activity_pdf, name="activity-pdf"),
    path("equipe/indicateurs-fse/", views.fse, name="fse"),
    path("equipe/indicateurs-fse/participants.csv", views.fse_file, name="fse-csv"),
    path(
        "equipe/indicateurs-fse/indicateurs.xlsx",
        views.fse_file,
        {"fmt": "xlsx"},
        name="fse-xlsx",
    ),
    path("equipe/indicateurs-fse/pdf/", views.fse_pdf, name="fse-pdf"),
]
