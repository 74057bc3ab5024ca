from django.urls import path

from tremplin.practice import views

app_name = "practice"

urlpatterns = [
    path("pratique/journal/", views.journal, name="journal"),
    path("pratique/journal/nouvelle/", views.entry_create, name="entry-create"),
    path("pratique/journal/<int:entry_id>/", views.entry_edit, name="entry"),
    path("pratique/journal/<int:entry_id>/partage/", views.entry_share, name="entry-share"),
    path("pratique/seances/", views.sessions, name="sessions"),
    path("pratique/seances/<int:practice_session_id>/", views.session_detail, name="session"),
    path("charge-de-travail/", views.workload, name="workload"),
    path("ma-journee/", views.today, name="today"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/declarer/", views.incident_create, name="incident-create"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident"),
]
