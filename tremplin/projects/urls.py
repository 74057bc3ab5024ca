from django.urls import path

from tremplin.projects import views

app_name = "projects"

urlpatterns = [
    path("personnes/<int:person_id>/projet/", views.person_project, name="person"),
    path("personnes/<int:person_id>/projet/cv/", views.cv, name="cv"),
    path(
        "personnes/<int:person_id>/projet/metiers/nouveau/",
        views.target_create,
        name="target-create",
    ),
    path("projet/metiers/<int:target_id>/", views.target_detail, name="target"),
    path("projet/metiers/<int:target_id>/modifier/", views.target_edit, name="target-edit"),
    path("projet/metiers/<int:target_id>/competences/", views.target_skills, name="target-skills"),
    path("projet/metiers/<int:target_id>/decision/", views.target_decide, name="target-decide"),
    path("projet/metiers/<int:target_id>/bmo/", views.target_bmo, name="target-bmo"),
    path("projet/metiers/<int:target_id>/sante/", views.target_health, name="target-health"),
    path("projet/metiers/<int:target_id>/enquetes/", views.check_create, name="check-create"),
    path("projet/enquetes/<int:check_id>/", views.check_edit, name="check-edit"),
    path(
        "personnes/<int:person_id>/projet/experiences/",
        views.experience_create,
        name="experience-create",
    ),
    path("projet/experiences/<int:experience_id>/", views.experience_edit, name="experience-edit"),
    path(
        "personnes/<int:person_id>/projet/diplomes/",
        views.education_create,
        name="education-create",
    ),
    path("projet/diplomes/<int:education_id>/", views.education_edit, name="education-edit"),
    path(
        "projet/diplomes/<int:education_id>/retirer/",
        views.education_delete,
        name="education-delete",
    ),
    path(
        "projet/experiences/<int:experience_id>/retirer/",
        views.experience_delete,
        name="experience-delete",
    ),
    path("personnes/<int:person_id>/projet/competences/", views.skill_create, name="skill-create"),
    path("projet/competences/<int:skill_id>/retirer/", views.skill_delete, name="skill-delete"),
    path(
        "personnes/<int:person_id>/projet/formations/",
        views.training_create,
        name="training-create",
    ),
    path("projet/formations/<int:training_id>/", views.training_edit, name="training-edit"),
    path(
        "personnes/<int:person_id>/projet/candidatures/",
        views.application_create,
        name="application-create",
    ),
    path(
        "projet/candidatures/<int:application_id>/",
        views.application_edit,
        name="application-edit",
    ),
]
