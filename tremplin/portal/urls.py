from django.urls import path

from tremplin.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.start, name="start"),
    path("nouveau-lien/", views.request_link, name="request-link"),
    path("lien/", views.link_confirm, name="link-confirm"),
    path("lien/<str:token>/", views.link, name="link"),
    path("deconnexion/", views.logout, name="logout"),
    path("accueil/", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("rendez-vous/", views.appointments, name="appointments"),
    path("consentements/", views.consents, name="consents"),
    path("consentements/donner/", views.consent_give, name="consent-give"),
    path(
        "consentements/dossier-commun/<int:follow_id>/",
        views.common_file,
        name="common-file",
    ),
    path(
        "consentements/<int:consent_id>/retirer/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("consentements/<int:consent_id>/redonner/", views.consent_renew, name="consent-renew"),
    path("consultations/", views.readers, name="readers"),
    path("diagnostic/", views.diagnosis, name="diagnosis"),
    path(
        "diagnostic/<int:version_id>/valider/",
        views.synthesis_validate,
        name="synthesis-validate",
    ),
    path("diagnostic/<int:version_id>/reparler/", views.synthesis_talk, name="synthesis-talk"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:document_id>/", views.document_download, name="document-download"),
    path("mes-donnees/", views.my_data, name="my-data"),
]
