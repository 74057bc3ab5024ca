from django.urls import path

from tremplin.agenda import views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.week, name="week"),
    path("agenda/rendez-vous/nouveau/", views.appointment_create, name="appointment-create"),
    path("agenda/rendez-vous/<int:appointment_id>/", views.appointment_detail, name="appointment"),
    path(
        "agenda/rendez-vous/<int:appointment_id>/modifier/",
        views.appointment_edit,
        name="appointment-edit",
    ),
    path(
        "agenda/rendez-vous/<int:appointment_id>/annuler/",
        views.appointment_cancel,
        name="appointment-cancel",
    ),
    path("agenda/calendrier/", views.calendar_settings, name="calendar"),
    path("agenda/calendrier/<str:token>.ics", views.ical_feed, name="ical"),
    path("agenda/absences/", views.no_shows, name="no-shows"),
    path("personnes/<int:person_id>/rendez-vous/", views.person_appointments, name="person"),
    path(
        "personnes/<int:person_id>/rendez-vous/nouveau/",
        views.person_appointment_create,
        name="person-create",
    ),
]
