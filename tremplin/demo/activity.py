"""Demo activity of the Mission Locale: reception log, information sessions, orders,
diagnoses and one urgency, so that every screen shows realistic content."""

import random
from datetime import timedelta

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.demo.agenda import create_agenda
from tremplin.demo.wording import agree, working_at, working_day
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.diagnosis.actions import DomainData
from tremplin.diagnosis.models import ValidationChannel
from tremplin.people.models import Person
from tremplin.reception import actions as reception_actions
from tremplin.reception.models import (
    Attendance,
    Contact,
    InfoSession,
    Order,
    Registration,
    ServiceOffer,
)
from tremplin.referentials.models import Thematique

DEMANDS = [
    ("Je cherche un emploi dans la vente, j'ai un CAP.", "trouver-un-emploi"),
    ("Je voudrais passer le permis, sans voiture je ne peux pas travailler.", "mobilite"),
    ("On m'a dit de venir pour une formation d'aide-soignante.", "se-former"),
    ("Je dois refaire mon CV, je ne sais pas comment faire.", "preparer-sa-candidature"),
    ("Je n'ai plus de logement depuis la semaine dernière.", "logement-hebergement"),
    ("Je ne sais pas quel métier faire, j'ai arrêté le lycée.", "choisir-un-metier"),
]
NEW_NAMES = [
    ("Morel", "Jade"),
    ("Traoré", "Awa"),
    ("Lefort", "Enzo"),
    ("Guillou", "Maëlys"),
    ("Diallo", "Ibrahima"),
]


def _membership(user, structure):
    membership = Membership.objects.get(user=user, structure=structure)
    user.active_membership = membership
    return membership


def create_activity(rng: random.Random, *, structure, counselors, reception, manager) -> None:
    now = timezone.now()
    today = timezone.localdate()
    followed = list(
        Person.objects.filter(
            follows__structure=structure,
            follows__referent=counselors[0],
            follows__ended_on__isnull=True,
        ).order_by("pk")[:40]
    )

    # Reception log: people with a file, and newcomers without one.
    for index in range(30):
        demand, _theme = DEMANDS[index % len(DEMANDS)]
        # During the opening hours of a working day, before now.
        days_ago, hour = rng.randint(0, 9), 9 + rng.randint(0, 6)
        when = working_at(today - timedelta(days=days_ago), hour, index * 7 % 60, backward=True)
        if when > now:
            when = working_at(when.date() - timedelta(days=1), hour, index * 7 % 60, backward=True)
        if index % 4 == 0:
            last, first = NEW_NAMES[(index // 4) % len(NEW_NAMES)]
            person = None
        else:
            person = followed[index % len(followed)]
            last, first = person.last_name, person.first_name
        Contact.objects.create(
            structure=structure,
            received_at=when,
            channel=rng.choice(["walk_in", "walk_in", "phone", "mail", "prescription"]),
            received_by=reception,
            person=person,
            last_name=last,
            first_name=first,
            demand=demand,
            answer="Présentation de l'accompagnement et de l'information collective."
            if person is None
            else "Message transmis au référent.",
            next_step="info_session"
            if person is None
            else rng.choice(["appointment", "information"]),
        )

    # Information sessions: one next week, one last week with attendance.
    upcoming = InfoSession.objects.create(
        structure=structure,
        theme="Découvrir la Mission Locale et ses accompagnements",
        starts_at=working_at(today + timedelta(days=6), 9, 30),
        place="Salle Loire, 12 avenue de la République, Saint-Nazaire",
        capacity=12,
        facilitator=counselors[1],
    )
    past = InfoSession.objects.create(
        structure=structure,
        theme="Le contrat d'engagement jeune (CEJ)",
        starts_at=working_at(today - timedelta(days=5), 14, backward=True),
        place="Salle Loire, 12 avenue de la République, Saint-Nazaire",
        capacity=15,
        facilitator=counselors[0],
    )
    # A newcomer who called twice has two contacts at reception, and one registration.
    newcomers = {}
    for contact in Contact.objects.filter(structure=structure, person__isnull=True).order_by(
        "received_at", "pk"
    ):
        newcomers.setdefault((contact.last_name, contact.first_name), contact)
    for contact in newcomers.values():
        Registration.objects.create(session=upcoming, contact=contact, registered_by=reception)
    for index, person in enumerate(followed[:8]):
        Registration.objects.create(
            session=past,
            person=person,
            registered_by=reception,
            attendance=[
                Attendance.PRESENT,
                Attendance.PRESENT,
                Attendance.ABSENT,
                Attendance.EXCUSED,
            ][index % 4],
        )

    _create_full_session(structure, counselors=counselors, reception=reception, today=today)

    # The structure's offer of services and orders from prescribers.
    offers = [
        ServiceOffer.objects.create(
            structure=structure, name=name, public=public, description=description
        )
        for name, public, description in [
            (
                "Contrat d'engagement jeune (CEJ)",
                "16-25 ans, 26-29 ans en situation de handicap",
                "Accompagnement intensif de 15 à 20 heures par semaine.",
            ),
            (
                "Accompagnement renforcé vers l'emploi",
                "16-25 ans sortis du système scolaire",
                "Suivi individuel, ateliers et mises en relation avec des employeurs.",
            ),
            (
                "PACEA",
                "16-25 ans",
                "Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie.",
            ),
        ]
    ]
    for index, person in enumerate(followed[10:16]):
        order = Order.objects.create(
            structure=structure,
            person=person,
            prescriber_kind=["france_travail", "departement", "spip", "ccas"][index % 4],
            prescriber_name=[
                "France Travail — agence de Saint-Nazaire",
                "Département de Loire-Atlantique — délégation Saint-Nazaire",
                "SPIP de Loire-Atlantique",
                "CCAS de Saint-Nazaire",
            ][index % 4],
            prescriber_email="prescripteur@example.org",
            prescriber_reference=f"PRESC-2026-{100 + index}",
            received_on=working_day(
                today - timedelta(days=[1, 4, 9, 12, 20, 25][index]), backward=True
            ),
            service_ordered=[
                "Entrée en CEJ",
                "Accompagnement renforcé",
                "Accompagnement vers l'emploi à la sortie de détention",
                "Diagnostic et orientation",
            ][index % 4],
            recorded_by=counselors[0],
        )
        if index >= 4:
            order.status = "accepted" if index == 4 else "refused"
            order.offer = offers[0] if index == 4 else None
            order.refusal_reason = "" if index == 4 else "not_eligible"
            order.decided_at = working_at(today - timedelta(days=10), 11, backward=True)
            order.decided_by = counselors[0]
            order.save()

    # Diagnoses: a first version for a dozen people, updated and validated for some.
    themes = {t.code: t for t in Thematique.objects.all()}
    membership = _membership(counselors[0], structure)
    for index, person in enumerate(followed[:12]):
        domains = {
            "trouver-un-emploi": DomainData(
                facts={
                    "work_situation": rng.choice(["never", "less_1y", "more_2y"]),
                    "availability": "now",
                },
                situation="",
                strengths=agree(
                    person,
                    feminine="Ponctuelle, bon contact",
                    masculine="Ponctuel, bon contact",
                    neutral="Toujours à l'heure, bon contact",
                ),
                obstacles=[],
                needs=[themes["trouver-un-emploi--repondre-a-des-offres-demploi"]],
            ),
            "mobilite": DomainData(
                facts={
                    "licence_b": rng.choice(["no", "in_progress"]),
                    "vehicle": "no",
                    "public_transport": "yes",
                },
                situation="Bus jusqu'à 20 h seulement.",
                strengths="Vélo",
                obstacles=[
                    {
                        "label": "Pas de transport pour les horaires du matin",
                        "severity": rng.choice(["strong", "blocking"]),
                    }
                ],
                needs=[themes["mobilite--preparer-un-permis"]],
            ),
            "preparer-sa-candidature": DomainData(
                facts={"cv": rng.choice(["none", "outdated"]), "search_skills": "partial"},
                situation="",
                strengths="",
                obstacles=[{"label": "Pas de CV à jour", "severity": "light"}],
                needs=[
                    themes["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"]
                ],
            ),
        }
        if index % 3 == 0:
            domains["logement-hebergement"] = DomainData(
                facts={"housing": "family", "eviction_risk": "no"},
                situation=agree(
                    person,
                    feminine="Hébergée chez un parent, souhaite un logement autonome.",
                    masculine="Hébergé chez un parent, souhaite un logement autonome.",
                    neutral="Vit chez un parent, souhaite un logement autonome.",
                ),
                strengths="",
                obstacles=[{"label": "Pas de logement autonome", "severity": "strong"}],
                needs=[themes["logement-hebergement--louer-un-logement"]],
            )
        version = diagnosis_actions.save_version(
            person=person,
            membership=membership,
            base_number=0,
            interview_date=working_day(today - timedelta(days=30 + index), backward=True),
            demand=DEMANDS[index % len(DEMANDS)][0],
            synthesis="Priorité à la mobilité pour accéder aux emplois du matin ; CV à refaire ensemble.",
            domains=domains,
            editable=set(domains),
        )
        if index % 2 == 0:
            version.record_validation(channel=ValidationChannel.SCREEN, by=counselors[0])
        if index % 4 == 1:
            domains["mobilite"].facts["licence_b"] = "in_progress"
            diagnosis_actions.save_version(
                person=person,
                membership=membership,
                base_number=1,
                interview_date=working_day(today - timedelta(days=3), backward=True),
                demand=version.demand,
                synthesis=version.synthesis + " Code de la route obtenu.",
                domains=domains,
                editable=set(domains),
            )
        diagnosis_actions.record_urgency_check(person=person, membership=membership, positives=[])
    # One urgency raised this morning and not yet dealt with.
    diagnosis_actions.record_urgency_check(
        person=followed[12],
        membership=membership,
        positives=["no_shelter"],
        note="Appel au 115 en cours avec la personne.",
    )

    _create_referrals(rng, structure=structure, counselor=counselors[0], people=followed[:8])
    create_agenda(rng, structure=structure, counselors=counselors)


def _create_full_session(structure, *, counselors, reception, today) -> None:
    """An information session in ten days, filled, then two people on its waiting list; one
    registered person has since withdrawn. The session's page shows the list, « Une place
    s'est libérée » and the buttons that confirm a place (shown only while one is free).
    Everything goes through reception's own workflow, so that the list keeps its order and
    the registrations their history."""
    session = InfoSession.objects.create(
        structure=structure,
        theme="L'alternance : trouver un contrat d'apprentissage",
        starts_at=working_at(today + timedelta(days=10), 14),
        place="Salle Loire, 12 avenue de la République, Saint-Nazaire",
        capacity=6,
        facilitator=counselors[0],
        description="Les métiers qui recrutent en apprentissage sur le bassin nazairien, "
        "l'aide aux employeurs et les démarches pour trouver une entreprise.",
    )
    # The youngest people followed here: apprenticeship is for 16-29 year-olds.
    candidates = (
        Person.objects.filter(follows__structure=structure, follows__ended_on__isnull=True)
        .distinct()
        .order_by("-birth_date", "pk")
    )
    people = list(candidates[: session.capacity + 2])
    registrations = [
        reception_actions.register(
            session=session,
            by=reception,
            person=person,
            waiting_list=index >= session.capacity,
        )
        for index, person in enumerate(people)
    ]
    reception_actions.cancel_registration(registration=registrations[2])


def create_referral_to_partner_on_tremplin(*, structure, counselor, partner, partner_counselor):
    """A referral to the chantier (a structure on Tremplin), accepted by its counselor and
    waiting for her to take the person in (« Suivre la personne dans notre structure »)."""
    from tremplin.network import referrals as workflow
    from tremplin.network.models import PartnerService

    service = PartnerService.objects.filter(structure__tremplin_structure=partner).first()
    person = (
        Person.objects.followed_by_structure(structure.pk)
        .exclude(follows__structure=partner)
        .filter(diagnoses__structure=structure, birth_date__isnull=False)
        .order_by("pk")
        .first()
    )
    if service is None or person is None:
        return
    referral = workflow.create_draft(
        person=person,
        membership=_membership(counselor, structure),
        service=service,
        motive=(
            f"{person.first_name} veut reprendre un rythme de travail en extérieur ; "
            "un contrat au chantier permettrait de lever les freins repérés au diagnostic."
        ),
    )
    workflow.send(
        referral=referral,
        membership=_membership(counselor, structure),
        sections=["identity", "situation", "diagnosis"],
        consent_channel="paper",
    )
    workflow.answer(
        referral=referral,
        accepted=True,
        by=partner_counselor,
        appointment_at=working_at(timezone.localdate() + timedelta(days=3), 9),
        comment="Rendez-vous d'accueil avec l'encadrant technique.",
    )


def _create_referrals(rng: random.Random, *, structure, counselor, people) -> None:
    """Referrals at every stage, towards the demo directory's services for the needs."""
    from tremplin.network import referrals as workflow
    from tremplin.network.models import PartnerService, Referral
    from tremplin.network.search import search_services

    membership = _membership(counselor, structure)
    now = timezone.now()
    plans = [
        ("mobilite--preparer-un-permis", "accept"),
        ("preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation", "wait"),
        ("mobilite--preparer-un-permis", "refuse"),
        ("logement-hebergement--louer-un-logement", "done"),
        ("mobilite--preparer-un-permis", "draft"),
        ("preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation", "expired"),
    ]
    for person, (need, fate) in zip(people, plans, strict=False):
        hits = search_services(counselor, thematiques=[need], commune=person.commune, limit=3)
        service = (
            hits[0].service if hits else PartnerService.objects.filter(thematiques=need).first()
        )
        if service is None:
            continue
        version = person.diagnoses.filter(structure=structure).first()
        referral = workflow.create_draft(
            person=person,
            membership=membership,
            service=service,
            motive=(
                f"{person.first_name} souhaite "
                + agree(
                    person,
                    feminine="être accompagnée",
                    masculine="être accompagné",
                    neutral="un accompagnement",
                )
                + " sur ce point, repéré lors du diagnostic. Disponible en semaine, plutôt le "
                "matin."
            ),
            thematique=Thematique.objects.get(pk=need),
            diagnosis_version=version.current if version else None,
        )
        if fate == "draft":
            continue
        workflow.send(
            referral=referral,
            membership=membership,
            sections=["identity", "diagnosis"],
            consent_channel="screen",
        )
        if fate == "accept":
            workflow.answer(
                referral=referral,
                accepted=True,
                by_name="Accueil du service",
                appointment_at=working_at(
                    timezone.localdate() + timedelta(days=rng.randint(2, 6)), 10
                ),
                comment="Venir avec une pièce d'identité.",
            )
        elif fate == "refuse":
            workflow.answer(
                referral=referral,
                accepted=False,
                by_name="Accueil du service",
                refusal_reason="full",
                comment="Session complète ; prochaine entrée en janvier.",
            )
        elif fate == "done":
            workflow.answer(referral=referral, accepted=True, by_name="Accueil du service")
            workflow.record_outcome(
                referral=referral, came=True, by=counselor, note="Dossier de demande déposé."
            )
        elif fate == "expired":
            Referral.objects.filter(pk=referral.pk).update(
                sent_at=now - timedelta(days=20), expires_at=now - timedelta(days=5)
            )
            workflow.expire_overdue()
