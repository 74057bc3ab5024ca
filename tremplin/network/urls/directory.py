from django.urls import path

from tremplin.network.views import directory as views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
]
