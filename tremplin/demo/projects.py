"""Demo professional projects of the Mission Locale: one person whose project of aide-soignante
is confirmed (an enquête métier, a training in progress that counts in the CEJ's weekly
hours), one exploring préparateur de commandes (applications under way)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.demo.wording import agree, working_day
from tremplin.pathways.hours import monday_of
from tremplin.pathways.models import Pathway
from tremplin.people.models import Person
from tremplin.projects import actions
from tremplin.projects.models import (
    Application,
    Education,
    Experience,
    PersonSkill,
    RealityCheck,
    TargetJob,
    TargetJobHealth,
    Training,
)
from tremplin.referentials.models import RomeAppellation, RomeSkill

AIDE_SOIGNANT = "10891"
PREPARATEUR = "17993"
AGENT_ENTRETIEN = "10687"  # Agent / Agente d'entretien-propreté de bureaux


def _skills(fiche_id, count, offset=0):
    return list(
        RomeSkill.objects.filter(fiche_links__fiche_id=fiche_id, kind="savoir_faire").order_by(
            "code"
        )[offset : offset + count]
    )


def create_projects(*, structure, counselor) -> None:
    membership = Membership.objects.get(user=counselor, structure=structure)
    counselor.active_membership = membership
    today = timezone.localdate()
    # The person of the CEJ in progress (pathways demo): the training counts in its hours.
    cej = Pathway.objects.open().filter(structure=structure, framework="cej").first()
    first = cej.person if cej else Person.objects.followed_by_structure(structure.pk).first()
    second = (
        Person.objects.followed_by_structure(structure.pk)
        .exclude(pk=first.pk)
        .exclude(target_jobs__isnull=False)
        .order_by("pk")
        .first()
    )
    mine = {"structure": structure, "created_by": counselor}

    # --- Aide-soignante: explored, then confirmed after an enquête métier.
    nurse = actions.add_target_job(
        target_job=TargetJob(
            person=first,
            appellation=RomeAppellation.objects.get(pk=AIDE_SOIGNANT),
            why="« J'ai accompagné ma grand-mère pendant deux ans, c'est là que j'ai compris que "
            "je voulais prendre soin des gens. »",
            contract_types=["cdi", "cdd"],
            weekly_hours=35,
            available_on=today + timedelta(days=240),
            hours_constraints="Travail de nuit possible un week-end sur deux.",
            mobility_constraints="Établissements desservis par le bus de Saint-Nazaire.",
            decided_on=today - timedelta(days=60),
        ),
        membership=membership,
        note="Idée de la personne au premier entretien.",
    )
    nurse.skills_held.set(_skills("J1501", 3))
    nurse.skills_to_acquire.set(_skills("J1501", 4, offset=3))
    TargetJobHealth.objects.create(
        target_job=nurse,
        restrictions="Éviter le port de charges lourdes sans lève-personne (lombalgie).",
        updated_by=counselor,
    )
    RealityCheck.objects.create(
        target_job=nurse,
        met_on=working_day(today - timedelta(days=40), backward=True),
        met_name="Mme Le Goff",
        met_role="aide-soignante de nuit",
        company="Clinique mutualiste de l'Estuaire",
        learnt="Les postes en 12 heures, la toilette et le travail en binôme avec "
        "l'infirmière ; le DEAS se prépare en un an à l'IFAS, avec des stages.",
        conclusion="confirms",
        conclusion_note="Confirme le projet ; se renseigner sur le financement Région.",
        created_by=counselor,
    )
    actions.decide(
        target_job=nurse,
        decision="confirm",
        decided_on=today - timedelta(days=35),
        note="Enquête métier concluante.",
        by=counselor,
    )
    training_start = monday_of(today) - timedelta(weeks=2)
    Training.objects.create(
        person=first,
        target_job=nurse,
        organisation="IFAS du centre hospitalier de Saint-Nazaire",
        title="Préparation aux épreuves d'entrée en formation d'aide-soignant",
        starts_on=training_start,
        ends_on=training_start + timedelta(weeks=6, days=-3),
        hours_per_day=Decimal(5),
        funding="region",
        status="in_training",
        steps="Dossier déposé, entretien de sélection réussi, accord de la Région reçu.",
        **mine,
    )
    Training.objects.create(
        person=first,
        target_job=nurse,
        organisation="IFAS du centre hospitalier de Saint-Nazaire",
        title="DEAS — diplôme d'État d'aide-soignant",
        funding="region",
        status="to_explore",
        steps="Inscription à la sélection en mars.",
        **mine,
    )
    Experience.objects.create(
        person=first,
        kind="volunteering",
        job_title="Bénévole à l'accueil de jour",
        employer="Secours populaire",
        place="Saint-Nazaire",
        started_on=today - timedelta(days=500),
        ended_on=today - timedelta(days=200),
        tasks="Accueil des familles, distribution des colis, écoute.",
        **mine,
    )
    Education.objects.create(
        person=first,
        title="CAP Accompagnant éducatif petite enfance",
        level="3",
        school="Lycée professionnel Brossaud-Blancho",
        year=today.year - 3,
        **mine,
    )
    PersonSkill.objects.create(
        person=first,
        kind="quality",
        label=agree(
            first,
            feminine="Patiente, à l'écoute",
            masculine="Patient, à l'écoute",
            neutral="De la patience, à l'écoute",
        ),
        **mine,
    )

    # --- Préparateur de commandes: being explored, applications sent.
    picker = actions.add_target_job(
        target_job=TargetJob(
            person=second,
            appellation=RomeAppellation.objects.get(pk=PREPARATEUR),
            why="« Je veux un travail physique, en équipe, avec des horaires fixes. »",
            contract_types=["interim", "cdi"],
            weekly_hours=35,
            available_on=today,
            hours_constraints="Horaires de matin (garde de son fils l'après-midi).",
            decided_on=today - timedelta(days=20),
        ),
        membership=membership,
    )
    picker.skills_to_acquire.set(_skills("N1103", 2))
    Experience.objects.create(
        person=second,
        job_title="Agent d'entretien",
        appellation=RomeAppellation.objects.filter(pk=AGENT_ENTRETIEN).first(),
        employer="Propreté Atlantique",
        place="Montoir-de-Bretagne",
        started_on=today - timedelta(days=900),
        ended_on=today - timedelta(days=400),
        tasks="Entretien de bureaux en horaires décalés, gestion des produits.",
        **mine,
    )
    Experience.objects.create(
        person=second,
        kind="internship",
        job_title="Stage de préparateur de commandes",
        employer="Entrepôt Ouest Logistique",
        place="Donges",
        started_on=today - timedelta(days=60),
        ended_on=today - timedelta(days=56),
        tasks="Préparation au scanner, filmage des palettes.",
        **mine,
    )
    PersonSkill.objects.create(
        person=second,
        kind="quality",
        label=agree(second, feminine="Ponctuelle", masculine="Ponctuel", neutral="Ponctualité"),
        **mine,
    )
    Application.objects.create(
        person=second,
        target_job=picker,
        offer_title="Préparateur de commandes H/F — CACES 1 apprécié",
        company="Entrepôt Ouest Logistique",
        offer_url="https://exemple.test/offres/preparateur-donges",
        applied_on=today - timedelta(days=10),
        channel="temping",
        status="interview",
        next_step="Entretien à l'agence d'intérim",
        next_step_on=working_day(today + timedelta(days=3)),
        **mine,
    )
    Application.objects.create(
        person=second,
        target_job=picker,
        offer_title="Agent logistique",
        company="Plateforme Saint-Nazaire Distribution",
        applied_on=today - timedelta(days=25),
        channel="spontaneous",
        status="no_answer",
        next_step="Relancer par téléphone",
        **mine,
    )
