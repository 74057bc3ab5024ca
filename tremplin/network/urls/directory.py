from django.urls import path

from tremplin.network.views import directory as views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("importer/", views.import_file, name="import"),
    path("structures/nouvelle/", views.structure_create, name="structure-create"),
    path("structures/<int:partner_id>/", views.structure_detail, name="structure"),
    path("structures/<int:partner_id>/modifier/", views.structure_edit, name="structure-edit"),
    path(
        "structures/<int:partner_id>/services/nouveau/",
        views.service_create,
        name="service-create",
    ),
    path(
        "structures/<int:partner_id>/contacts/nouveau/",
        views.contact_create,
        name="contact-create",
    ),
    path("services/<int:partner_service_id>/", views.service_detail, name="service"),
    path("services/<int:partner_service_id>/modifier/", views.service_edit, name="service-edit"),
    path("contacts/<int:partner_contact_id>/modifier/", views.contact_edit, name="contact-edit"),
    path(
        "contacts/<int:partner_contact_id>/supprimer/",
        views.contact_delete,
        name="contact-delete",
    ),
]
