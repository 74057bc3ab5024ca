from django.urls import path

from tremplin.privacy import views

app_name = "privacy"

urlpatterns = [
    path("equipe/conservation/", views.retention, name="retention"),
    path("equipe/conservation/anonymiser/", views.anonymise_due, name="anonymise"),
    path("equipe/conservation/<int:person_id>/prolonger/", views.hold_create, name="hold-create"),
    path(
        "equipe/conservation/prolongations/<int:hold_id>/lever/", views.hold_lift, name="hold-lift"
    ),
]
