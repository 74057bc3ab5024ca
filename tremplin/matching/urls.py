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
    path(
        "entreprises/offres/<int:job_offer_id>/personnes/<int:person_id>/proposer/",
        views.propose,
        name="propose",
    ),
    path("mises-en-relation/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("mise-en-relation/reponse/<str:token>/", views.proposal_answer, name="proposal-answer"),
]
