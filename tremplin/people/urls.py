from django.urls import path

from tremplin.people import exceptional, import_views, views

app_name = "people"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nouvelle/", views.person_create, name="person-create"),
    path("import/", import_views.import_start, name="import"),
    path("import/modele.csv", import_views.import_template, name="import-template"),
    path("import/<int:import_id>/", import_views.import_detail, name="import-detail"),
    path("import/<int:import_id>/confirmer/", import_views.import_confirm, name="import-confirm"),
    path("import/<int:import_id>/abandonner/", import_views.import_abandon, name="import-abandon"),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("<int:person_id>/modifier/", views.person_edit, name="person-edit"),
    path("<int:person_id>/modifier/<slug:section>/", views.person_edit, name="person-edit-section"),
    path("<int:person_id>/sante/", views.person_health, name="person-health"),
    path("<int:person_id>/justice/", views.person_justice, name="person-justice"),
    path(
        "<int:person_id>/acces-exceptionnel/",
        exceptional.exceptional_access,
        name="exceptional-access",
    ),
    path("acces-exceptionnels/", exceptional.exceptional_accesses, name="exceptional-accesses"),
    path(
        "acces-exceptionnels/<int:exceptional_access_id>/vu/",
        exceptional.exceptional_access_seen,
        name="exceptional-access-seen",
    ),
    path("<int:person_id>/documents/", views.documents, name="documents"),
    path("documents/<int:document_id>/", views.document_download, name="document-download"),
    path("documents/<int:document_id>/retirer/", views.document_delete, name="document-delete"),
    path("<int:person_id>/consentements/", views.consents, name="consents"),
    path(
        "consentements/<int:consent_id>/retrait/", views.consent_withdraw, name="consent-withdraw"
    ),
    path("<int:person_id>/historique/", views.history, name="history"),
    path("<int:person_id>/consultations/", views.access_log, name="access-log"),
    path("suivis/<int:follow_id>/", views.follow_manage, name="follow-manage"),
    path("<int:person_id>/fusion/", views.merge_search, name="merge-search"),
    path("<int:person_id>/fusion/<int:other_id>/", views.merge_confirm, name="merge-confirm"),
]
