from django.urls import path

from tremplin.referentials import views

app_name = "referentials"

urlpatterns = [
    path("communes/", views.commune_suggestions, name="communes"),
    path("appellations/", views.appellation_suggestions, name="appellations"),
]
