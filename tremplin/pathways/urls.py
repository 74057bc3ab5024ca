from django.urls import path

from tremplin.documents import converters  # noqa: F401  (registers <docfmt:…>)
from tremplin.pathways import views

app_name = "pathways"

urlpatterns = [
    path("personnes/<int:person_id>/parcours/", views.person_pathways, name="person"),
    path("personnes/<int:person_id>/parcours/nouveau/", views.pathway_create, name="create"),
    path("parcours/<int:pathway_id>/", views.pathway_detail, name="detail"),
    path("parcours/<int:pathway_id>/modifier/", views.pathway_edit, name="edit"),
    path("parcours/<int:pathway_id>/engagements/", views.commitment_add, name="commitment-add"),
    path(
        "parcours/engagements/<int:commitment_id>/retirer/",
        views.commitment_delete,
        name="commitment-delete",
    ),
    path("parcours/<int:pathway_id>/objectifs/", views.objective_create, name="objective-create"),
    path(
        "parcours/<int:pathway_id>/objectifs/depuis-le-diagnostic/",
        views.objectives_from_diagnosis,
        name="objectives-from-diagnosis",
    ),
    path("parcours/objectifs/<int:objective_id>/", views.objective_edit, name="objective-edit"),
    path("parcours/<int:pathway_id>/actions/", views.action_create, name="action-create"),
    path("parcours/actions/<int:action_id>/", views.action_edit, name="action-edit"),
    path("parcours/<int:pathway_id>/contrat.<docfmt:fmt>", views.contract, name="contract"),
    path("parcours/<int:pathway_id>/signature/", views.contract_sign, name="contract-sign"),
    path(
        "parcours/signatures/<int:signature_id>/contrat.<docfmt:fmt>",
        views.signed_contract,
        name="signed-contract",
    ),
    path("parcours/<int:pathway_id>/entretiens/", views.interview_create, name="interview-create"),
    path(
        "parcours/entretiens/<int:interview_id>/compte-rendu.<docfmt:fmt>",
        views.interview_report,
        name="interview-report",
    ),
    path("parcours/<int:pathway_id>/bilans/", views.review_create, name="review-create"),
    path(
        "parcours/bilans/<int:review_id>/bilan.<docfmt:fmt>",
        views.review_report,
        name="review-report",
    ),
    path("parcours/<int:pathway_id>/suspension/", views.suspension, name="suspension"),
    path("parcours/<int:pathway_id>/sortie/", views.exit_record, name="exit"),
    path("parcours/<int:pathway_id>/reorientation/", views.reorient, name="reorient"),
    path("parcours/<int:iae_pathway_id>/pass-iae/", views.pass_iae, name="pass-iae"),
    path(
        "parcours/<int:iae_pathway_id>/pass-iae/suspension/",
        views.pass_iae_suspend,
        name="pass-iae-suspend",
    ),
    path(
        "parcours/<int:iae_pathway_id>/pass-iae/prolongation/",
        views.pass_iae_prolong,
        name="pass-iae-prolong",
    ),
    path(
        "parcours/<int:iae_pathway_id>/pass-iae/retrait/",
        views.pass_iae_withdraw,
        name="pass-iae-withdraw",
    ),
    path("parcours/pass-iae-a-echeance/", views.pass_iae_due, name="pass-iae-due"),
    path("equipe/financeurs/", views.funders, name="funders"),
    path("equipe/financeurs/<int:funder_id>/", views.funder_edit, name="funder-edit"),
]
