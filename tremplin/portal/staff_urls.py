from django.urls import path

from tremplin.portal import staff_views

app_name = "space"

urlpatterns = [
    path("<int:person_id>/espace-personnel/", staff_views.manage, name="manage"),
]
