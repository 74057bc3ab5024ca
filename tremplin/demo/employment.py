"""Demo data for the in-job follow-up: three people of the Mission Locale in a job, at three
moments — hired three weeks ago through a mise en relation (first check-in done, the next
one coming), in a job for three months with its 3-month check-in late and a break-up risk
after a mediation, and hired seven
months ago in a CDD now ended, integration review done and the six-month situation to record.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.demo.wording import agree, working_at, working_day
from tremplin.employers import actions as employer_actions
from tremplin.employers.models import Company, JobOffer
from tremplin.employment import actions
from tremplin.employment.models import Employment, IntegrationReview
from tremplin.matching import proposals
from tremplin.matching.models import Proposal, ProposalEvent
from tremplin.people.models import Person
from tremplin.projects.models import TargetJob
from tremplin.referentials.models import RomeAppellation


def _start(person, membership, company, *, days_ago, **fields) -> Employment:
    employment = Employment(
        person=person,
        referent=membership.user,
        company=company,
        employer_name=company.name,
        starts_on=working_day(timezone.localdate() - timedelta(days=days_ago), backward=True),
        **fields,
    )
    return actions.start(
        employment=employment, membership=membership, steps="15 jours, 1 mois, 3 mois, 6 mois"
    )


def _check_in(point, by, **fields) -> None:
    data = {
        # On the working day before when the point falls on a week-end.
        "done_on": working_day(point.due_on, backward=True),
        "channel": "workplace",
        "with_person": True,
        "with_employer": True,
        "integration": "good",
        "tasks": "good",
        "person_view": "",
        "employer_view": "",
        "next_steps": "",
        "risk": "none",
    }
    data.update(fields)
    actions.complete_check_in(check_in=point, by=by, data=data)


def _filled_warehouse_offer(structure, membership) -> JobOffer:
    """An earlier offer of Estuaire Logistique, one position, published five weeks ago: the
    person hired through it is the first one followed in the job."""
    company = Company.objects.get(structure=structure, name="Estuaire Logistique")
    offer = employer_actions.create_offer(
        offer=JobOffer(
            company=company,
            title="Préparateur / Préparatrice de commandes (H/F)",
            appellation=RomeAppellation.objects.get(pk="17993"),
            contract_type="cdd",
            contract_months=6,
            weekly_hours=Decimal(35),
            pay_min=Decimal("1820"),
            commune_id="44103",
            address="Zone portuaire de Montoir",
            description="Préparer les commandes au lecteur de codes-barres, en 2×8.",
            positions=1,
        ),
        membership=membership,
    )
    JobOffer.objects.filter(pk=offer.pk).update(
        status="published",
        published_at=working_at(timezone.localdate() - timedelta(days=35), 10, backward=True),
    )
    return JobOffer.objects.get(pk=offer.pk)


def create_employment(*, structure, counselor) -> None:
    membership = Membership.objects.get(user=counselor, structure=structure)
    counselor.active_membership = membership
    offer = _filled_warehouse_offer(structure, membership)
    # 1. Hired through a mise en relation on an offer of the same job, three weeks ago.
    first = (
        TargetJob.objects.filter(structure=structure, person__proposals__isnull=True)
        .filter(appellation__fiche_id=offer.fiche_id)
        .filter(person__consents__purpose="employer_proposal")
        .filter(person__in=Person.objects.with_referent(counselor, structure.pk))
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if first is not None:
        today = timezone.localdate()
        proposed_at = working_at(today - timedelta(days=30), 9, 30, backward=True)
        hired_at = working_at(today - timedelta(days=26), 16, backward=True)
        proposal = proposals.propose(
            offer=offer,
            person=first.person,
            membership=membership,
            message="Disponible tout de suite, connaît la préparation de commandes.",
        )
        proposals.answer(proposal=proposal, outcome="hired", by=counselor)
        # Proposed a month ago, hired four days later: the offer is filled that day.
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=proposed_at, updated_at=hired_at, answered_at=hired_at
        )
        events = list(proposal.events.order_by("pk"))
        ProposalEvent.objects.filter(pk=events[0].pk).update(at=proposed_at)
        ProposalEvent.objects.filter(pk__in=[e.pk for e in events[1:]]).update(at=hired_at)
        JobOffer.objects.filter(pk=offer.pk).update(ended_on=timezone.localdate(hired_at))
        proposal = Proposal.objects.get(pk=proposal.pk)
        contact = offer.company.contacts.order_by("pk").first()
        employment = _start(
            first.person,
            membership,
            offer.company,
            days_ago=21,
            proposal=proposal,
            job_title=offer.title,
            appellation=offer.appellation,
            contract_type=offer.contract_type,
            weekly_hours=offer.weekly_hours,
            trial_ends_on=timezone.localdate() + timedelta(days=40),
            tutor_name=f"{contact.first_name} {contact.last_name}" if contact else "",
            tutor_role=contact.role if contact else "",
            tutor_phone=contact.phone if contact else "",
            tutor_email="s.legoff@estuaire-logistique.example",
            plan_welcome="Accueil le premier jour par la responsable RH ; visite de l'entrepôt, "
            "consignes de sécurité, remise des chaussures de sécurité.",
            plan_training="Deux semaines en binôme avec un magasinier confirmé ; formation au "
            "lecteur de codes-barres ; CACES R489 prévu au troisième mois.",
            plan_support="Points de suivi à 15 jours, 1, 3 et 6 mois ; aide à la mobilité "
            "(carte de bus) en cours.",
            plan_vigilance="Les horaires en 2×8 la semaine du matin (prise de poste à 5 h).",
            plan_agreed_on=working_day(timezone.localdate() - timedelta(days=23), backward=True),
            plan_agreed_with="la personne et la responsable RH",
        )
        person = first.person
        _check_in(
            employment.check_ins.first(),
            counselor,
            integration="good",
            tasks="fair",
            person_view=agree(
                person,
                feminine="Contente de l'équipe ; fatiguée par la semaine du matin.",
                masculine="Content de l'équipe ; fatigué par la semaine du matin.",
                neutral="Apprécie l'équipe ; la semaine du matin est fatigante.",
            ),
            employer_view=agree(
                person,
                feminine="Sérieuse, encore lente à la préparation.",
                masculine="Sérieux, encore lent à la préparation.",
                neutral="Du sérieux, encore de la lenteur à la préparation.",
            ),
            next_steps="Revoir la cadence au point d'un mois.",
            risk="watch",
        )
        # Before the one-month check-in, the tutor gave her view through her link.
        feedback = actions.request_tutor_feedback(
            check_in=employment.check_ins.order_by("due_on")[1], by=counselor
        )
        actions.answer_tutor_feedback(
            feedback=feedback,
            data={
                "by_name": "Sandrine Le Goff",
                "integration": "good",
                "tasks": "fair",
                "comment": agree(
                    person,
                    feminine="Ponctuelle et appliquée",
                    masculine="Ponctuel et appliqué",
                    neutral="Toujours à l'heure, du soin",
                )
                + " ; la cadence de préparation progresse, encore un peu juste en fin de "
                "semaine.",
            },
        )
    # The other two: people of the counselor's caseload without a job followed yet.
    others = list(
        Person.objects.with_referent(counselor, structure.pk)
        .filter(employments__isnull=True, proposals__isnull=True)
        .order_by("pk")[:2]
    )
    restaurant = Company.objects.filter(structure=structure, name="Restaurant Le Transat").first()
    cleaning = Company.objects.filter(
        structure=structure, name="Atlantique Propreté Services"
    ).first()
    if len(others) < 2 or restaurant is None or cleaning is None:
        return
    # 2. In a job for three months (the 3-month check-in is late), a mediation about the schedule, a break-up risk.
    at_risk = _start(
        others[0],
        membership,
        cleaning,
        days_ago=95,
        job_title="Agent de propreté (H/F)",
        contract_type="cdd",
        contract_ends_on=timezone.localdate() + timedelta(days=120),
        weekly_hours=24,
        tutor_name="Karim Benali",
        tutor_role="Chef d'équipe",
        tutor_phone="06 22 33 44 55",
        plan_welcome="Présentation des sites et de l'équipe du soir.",
        plan_support="Points de suivi ; lien avec le chef d'équipe.",
        plan_agreed_on=working_day(timezone.localdate() - timedelta(days=95), backward=True),
        plan_agreed_with="la personne et M. Benali",
    )
    points = list(at_risk.check_ins.order_by("due_on"))
    _check_in(points[0], counselor, person_view="Le travail lui plaît.")
    _check_in(
        points[1],
        counselor,
        channel="phone",
        with_employer=False,
        integration="fair",
        tasks="good",
        person_view="Deux retards : le dernier bus ne passe plus après 21 h.",
        risk="watch",
    )
    actions.record_mediation(
        employment=at_risk,
        author=counselor,
        data={
            "held_on": working_day(timezone.localdate() - timedelta(days=3), backward=True),
            "topic": "attendance",
            "parties": ["person", "tutor"],
            "facts": "Trois retards en deux semaines sur le site de Trignac ; la personne "
            "dépend du bus, supprimé le soir depuis la rentrée.",
            "agreed": "Essai d'un co-voiturage avec une collègue ; point dans 15 jours.",
            "raise_risk": True,
        },
    )
    # 3. Hired seven months ago in a six-month CDD, now ended; the review is done.
    ended = _start(
        others[1],
        membership,
        restaurant,
        days_ago=215,
        job_title="Commis de cuisine (H/F)",
        contract_type="cdd",
        contract_ends_on=timezone.localdate() - timedelta(days=33),
        weekly_hours=35,
        tutor_name="Maëlle Kerbrat",
        tutor_role="Gérante",
        plan_agreed_on=working_day(timezone.localdate() - timedelta(days=215), backward=True),
        plan_agreed_with="la personne et Mme Kerbrat",
    )
    for point in ended.check_ins.order_by("due_on")[:3]:
        _check_in(point, counselor)
    IntegrationReview.objects.create(
        employment=ended,
        author=counselor,
        held_on=working_day(timezone.localdate() - timedelta(days=120), backward=True),
        skills_acquired="Mise en place, préparations froides, respect des règles d'hygiène.",
        employer_assessment=agree(
            others[1],
            feminine="Autonome sur le poste froid, ponctuelle.",
            masculine="Autonome sur le poste froid, ponctuel.",
            neutral="Autonome sur le poste froid, toujours à l'heure.",
        ),
        person_assessment="Veut continuer en cuisine, vise un CAP.",
        training_needs="CAP cuisine par la VAE ou en alternance.",
        continuation="confirmed",
    )
    ended.refresh_from_db()
    actions.end(
        employment=ended,
        ended_on=timezone.localdate() - timedelta(days=33),
        reason="term",
        note=agree(
            others[1],
            feminine="Fin de saison ; la gérante la reprendrait au printemps.",
            masculine="Fin de saison ; la gérante le reprendrait au printemps.",
            neutral="Fin de saison ; la gérante reprendrait la personne au printemps.",
        ),
    )
