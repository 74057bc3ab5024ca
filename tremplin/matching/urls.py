from django.urls import path

from tremplin.matching import views

app_name = "matching"

urlpatterns = [
    path(
        "entreprises/offres/<int:job_offer_id>/personnes/",
        views.people_for_offer,
        name="people-for-offer",
    ),
    path("personnes/<int:person_id>/offres/", views.offers_for_person, name="offers-for-person"),
]
