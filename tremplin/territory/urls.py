from django.urls import path

from tremplin.territory import views

app_name = "territory"

urlpatterns = [
    path("territoire/", views.watch, name="watch"),
    path("territoire/notes/", views.notes, name="notes"),
    path("territoire/notes/nouvelle/", views.note_create, name="note-create"),
    path("territoire/notes/<int:note_id>/", views.note_detail, name="note"),
    path("territoire/notes/<int:note_id>/modifier/", views.note_edit, name="note-edit"),
    path("territoire/notes/<int:note_id>/supprimer/", views.note_delete, name="note-delete"),
]
