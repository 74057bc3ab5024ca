from django.urls import path

from tremplin.reception import views

app_name = "reception"

urlpatterns = [
    path("accueil/", views.contact_log, name="contacts"),
    path("accueil/nouveau/", views.contact_create, name="contact-create"),
    path("accueil/<int:contact_id>/", views.contact_detail, name="contact"),
    path("accueil/<int:contact_id>/dossier/", views.contact_file, name="contact-file"),
    path("accueil/<int:contact_id>/rattacher/", views.contact_link, name="contact-link"),
    path("accueil/<int:contact_id>/inscription/", views.contact_register, name="contact-register"),
    path("accueil/informations-collectives/", views.sessions, name="sessions"),
    path("accueil/informations-collectives/nouvelle/", views.session_create, name="session-create"),
    path(
        "accueil/informations-collectives/<int:session_id>/", views.session_detail, name="session"
    ),
    path(
        "accueil/informations-collectives/<int:session_id>/modifier/",
        views.session_edit,
        name="session-edit",
    ),
    path(
        "accueil/informations-collectives/<int:session_id>/inscription/",
        views.session_register,
        name="session-register",
    ),
    path("personnes/<int:person_id>/accueil/", views.person_contacts, name="person-contacts"),
    path(
        "personnes/<int:person_id>/accueil/inscription/",
        views.person_register,
        name="person-register",
    ),
    path("personnes/<int:person_id>/commandes/nouvelle/", views.order_create, name="order-create"),
    path("commandes/", views.orders, name="orders"),
    path("commandes/<int:order_id>/", views.order_detail, name="order"),
    path("commandes/offre-de-services/", views.offers, name="offers"),
    path("commandes/offre-de-services/<int:offer_id>/", views.offer_edit, name="offer-edit"),
]
