"""`tremplin demo`: two structures, one user per role and ~200 realistic people.

Names are invented from common French first names and surnames; communes, ROME jobs and
postal codes are real. The same seed gives the same data.
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from tremplin.accounts.models import Membership, Structure, StructureKind, User
from tremplin.core.permissions import Role, Section
from tremplin.core.text import normalize
from tremplin.core.validators import example_siret
from tremplin.demo.aci import create_aci
from tremplin.demo.activity import create_activity, create_referral_to_partner_on_tremplin
from tremplin.demo.dataexport import create_data_requests
from tremplin.demo.directory import create_directory
from tremplin.demo.employers import create_employers
from tremplin.demo.employment import create_employment
from tremplin.demo.fse import create_fse
from tremplin.demo.history import create_history
from tremplin.demo.immersions import create_immersions
from tremplin.demo.imports import create_imports
from tremplin.demo.matching import create_matching
from tremplin.demo.pathways import create_pass_iae, create_pathways
from tremplin.demo.practice import create_practice
from tremplin.demo.projects import create_projects
from tremplin.demo.retention import create_retention
from tremplin.demo.rights import create_rights
from tremplin.demo.space import create_space
from tremplin.demo.territory import create_watch_notes
from tremplin.demo.workshops import create_workshops
from tremplin.people import enums
from tremplin.people.models import Consent, Follow, Person
from tremplin.referentials.models import Commune, RomeAppellation

DEMO_PASSWORD = "Tremplin-demo-2026!"
DEMO_DOMAIN = "demo.tremplin.fr"

FEMALE = (
    "Camille Léa Manon Chloé Inès Sarah Emma Jade Lina Zoé Louise Clara Ambre Anaïs Océane "
    "Yasmine Aïcha Fatoumata Mélissa Laura Julie Sabrina Nadia Sandrine Nathalie Céline "
    "Sophie Stéphanie Marie Élodie Aurélie Émilie Kelly Jessica Amandine Maëlle Nour Salomé "
    "Héloïse Mariama Awa Sonia Karima Leïla Valérie Isabelle Christine Françoise"
).split()
MALE = (
    "Lucas Hugo Nathan Enzo Louis Théo Tom Mathis Noah Adam Rayan Yanis Mohamed Karim "
    "Mehdi Bilal Ibrahima Mamadou Moussa Kevin Dylan Anthony Jordan Florian Maxime Thomas "
    "Nicolas Julien Sébastien David Christophe Stéphane Frédéric Laurent Olivier Éric "
    "Jérémy Alexandre Quentin Romain Antoine Baptiste Gaëtan Loïc Yann Erwan Killian Sofiane"
).split()
SURNAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
    "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
    "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun "
    "Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche "
    "Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud "
    "Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Hoarau "
    "Kerbrat Tanguy Guillou Nguyen Diallo Traoré Benali Haddad Bensaïd "
    "Ouédraogo Pereira Ferreira Rodrigues Yilmaz Kaya Mendy Cissé Camara Boukhalfa"
).split() + ["Le Gall", "Le Goff", "Le Bihan", "Da Silva"]

STREETS = (
    "rue de la République",
    "rue Jean Jaurès",
    "avenue de la Gare",
    "rue des Mimosas",
    "boulevard Victor Hugo",
    "rue du Port",
    "allée des Tilleuls",
    "rue Pasteur",
    "impasse des Glycines",
    "rue de Nantes",
    "place du Marché",
    "rue Anatole France",
)
# Common jobs sought by the people accompanied (ROME 4.0 fiche codes).
FICHES = (
    "K2204",
    "G1603",
    "N1103",
    "H2913",
    "J1501",
    "D1507",
    "F1703",
    "A1203",
    "M1607",
    "N4105",
    "K1302",
    "G1602",
    "D1505",
    "H3302",
    "F1602",
    "N1105",
    "K1304",
    "G1605",
)
# The first 78 % of the people are followed by the Mission Locale.
AT_MISSION_LOCALE = 0.78


def _birthday(born, years):
    """The day `born` turns `years` (1 March for a 29 February)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, month=3, day=1)


class Command(BaseCommand):
    help = "Crée les données de démonstration (structures, comptes, ~200 personnes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Ne rien faire si des structures existent déjà."
        )
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, if_empty=False, people=200, seed=2026, **options):
        if if_empty and Structure.objects.exists():
            self.stdout.write("Base déjà remplie : données de démonstration inchangées.")
        elif Structure.objects.filter(name__endswith="(démo)").exists():
            self.stdout.write("Les données de démonstration existent déjà.")
        else:
            if not Commune.objects.filter(pk="44184").exists():
                self.stderr.write("Chargez d'abord les référentiels : tremplin load_referentials")
                raise SystemExit(1)
            # No e-mail leaves during the demo set-up (alerts to managers, answers to prescribers).
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
                transaction.atomic(),
            ):
                self._create(random.Random(seed), people)
            self.stdout.write(
                self.style.SUCCESS(f"Données de démonstration créées ({people} personnes).")
            )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD})")
        for membership in (
            Membership.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}")
            .select_related("user", "structure")
            .order_by("structure__name", "role", "user__email")
        ):
            self.stdout.write(
                f"  {membership.user.email:<38} {membership.get_role_display():<38} {membership.structure.name}"
            )
        self.stdout.write("")
        self.stdout.write(
            "Espace personnel d'une personne accompagnée (sans mot de passe) : "
            "« .venv/bin/tremplin space_link » (avec DEBUG=1) affiche un lien et la date de "
            "naissance à saisir."
        )

    def _user(self, email, first, last):
        user = User.objects.create_user(
            email=f"{email}@{DEMO_DOMAIN}", password=DEMO_PASSWORD, first_name=first, last_name=last
        )
        return user

    def _create(self, rng: random.Random, count: int):
        saint_nazaire = Commune.objects.get(pk="44184")
        montoir = Commune.objects.get(pk="44103")
        mission_locale = Structure.objects.create(
            name="Mission Locale Loire-Estuaire (démo)",
            kind=StructureKind.MISSION_LOCALE,
            siret=example_siret(1),
            address="12 avenue de la République",
            postal_code="44600",
            commune=saint_nazaire,
            phone="02 40 00 00 01",
            email=f"contact@{DEMO_DOMAIN}",
        )
        chantier = Structure.objects.create(
            name="Chantier d'insertion Les Jardins du Brivet (démo)",
            kind=StructureKind.SIAE_ACI,
            siret=example_siret(2),
            address="3 rue des Marais",
            postal_code="44550",
            commune=montoir,
            phone="02 40 00 00 02",
        )
        counselor = self._user("conseillere", "Camille", "Martin")
        counselor2 = self._user("conseiller", "Yanis", "Benali")
        reception = self._user("accueil", "Sophie", "Leroy")
        liaison = self._user("entreprises", "Karim", "Haddad")
        manager = self._user("responsable", "Nathalie", "Girard")
        admin = self._user("admin", "Thomas", "Roux")
        aci_counselor = self._user("conseillere.aci", "Julie", "Perrin")
        memberships = [
            (counselor, mission_locale, Role.COUNSELOR),
            (counselor2, mission_locale, Role.COUNSELOR),
            (reception, mission_locale, Role.RECEPTION),
            (liaison, mission_locale, Role.EMPLOYER_LIAISON),
            (manager, mission_locale, Role.MANAGER),
            (admin, mission_locale, Role.STRUCTURE_ADMIN),
            (aci_counselor, chantier, Role.COUNSELOR),
            # The chantier's manager too: its pilotage (dashboard, activity report, FSE+,
            # PASS IAE à échéance) shows when she switches structure.
            (manager, chantier, Role.MANAGER),
        ]
        for user, structure, role in memberships:
            Membership.objects.create(
                user=user,
                structure=structure,
                role=role,
                # Nathalie Girard starts in the Mission Locale, where she is the manager.
                last_chosen_at=timezone.now()
                if user == manager and structure == mission_locale
                else None,
            )

        communes = list(
            Commune.objects.filter(department_id="44", population__gte=2500).exclude(
                postal_codes=""
            )
        )
        weights = [c.population for c in communes]
        appellations = list(
            RomeAppellation.objects.filter(
                fiche_id__in=FICHES, is_rarely_used=False
            ).select_related("fiche")
        )
        today = timezone.localdate()
        created = []
        for index in range(count):
            is_female = rng.random() < 0.52
            first = rng.choice(FEMALE if is_female else MALE)
            last = rng.choice(SURNAMES)
            young = index < count * 0.7  # a Mission Locale follows mostly 16-25 year-olds
            age_days = rng.randint(16 * 365, 25 * 365) if young else rng.randint(26 * 365, 62 * 365)
            # The older ones the Mission Locale follows too (see the follows below) are 25: it
            # accompanies people until their 26th birthday. The random draws stay the same,
            # and so does the rest of the demo.
            capped = not young and index < count * AT_MISSION_LOCALE
            if capped:
                age_days = 25 * 365 + 7 + age_days % 330
            commune = rng.choices(communes, weights=weights)[0]
            birth_name = (
                rng.choice(SURNAMES) if is_female and not young and rng.random() < 0.3 else ""
            )
            person = Person(
                sex=enums.Sex.FEMALE if is_female else enums.Sex.MALE,
                last_name=last,
                birth_name=birth_name,
                first_name=first,
                birth_date=today - timedelta(days=age_days),
                phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"{normalize(first).replace(' ', '-')}.{normalize(last).replace(' ', '')}{rng.randint(1, 99)}@example.org",
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                postal_code=commune.postal_code_list[0],
                commune=commune,
                education_level=rng.choice(["infra3", "infra3", "3", "3", "4", "4", "5", "6"]),
                languages=rng.choice(
                    [
                        "français",
                        "français",
                        "français, anglais notions",
                        "français, arabe",
                        "français, portugais",
                        "français, wolof",
                    ]
                ),
                driving_licences=["B"] if rng.random() < (0.3 if young else 0.6) else [],
                mobility_means=rng.sample(
                    [m.value for m in enums.MobilityMeans], k=rng.randint(1, 2)
                ),
                mobility_radius_km=rng.choice([5, 10, 15, 20, 30, None]),
                is_registered_jobseeker=rng.random() < 0.7,
                is_rsa_beneficiary=(not young) and rng.random() < 0.45,
                is_ass_beneficiary=(not young) and rng.random() < 0.08,
                lives_in_qpv=rng.choice(["yes", "no", "unknown", "unknown"]),
                has_rqth=rng.random() < 0.08,
                justice_measure="spip" if rng.random() < 0.03 else "",
                created_by=counselor,
            )
            if person.is_registered_jobseeker:
                # Never before the 16th birthday (the form refuses it).
                days = min(rng.randint(30, 900), age_days - 16 * 366)
                if days > 0:
                    person.jobseeker_since = today - timedelta(days=days)
            if person.is_rsa_beneficiary:
                person.rsa_since = today - timedelta(days=rng.randint(60, 2000))
                # The RSA opens at 25.
                person.rsa_since = max(person.rsa_since, _birthday(person.birth_date, 25))
            if capped:
                person.is_ass_beneficiary = False
            if person.has_rqth:
                person.rqth_until = today + timedelta(days=rng.randint(100, 1500))
                person.health_notes = (
                    "Éviter le port de charges lourdes (avis du médecin du travail)."
                )
            person.save()
            person.sought_appellations.set(rng.sample(appellations, k=rng.randint(1, 2)))
            created.append(person)

        # Follows: most people at the Mission Locale, some at the chantier, a few at both.
        for index, person in enumerate(created):
            at_ml = index < count * AT_MISSION_LOCALE
            at_aci = index >= count * 0.72
            started = today - timedelta(days=rng.randint(5, 500))
            if at_ml:
                referent = counselor if index % 3 != 2 else counselor2
                if index % 41 == 0:
                    referent = None
                Follow.objects.create(
                    person=person, structure=mission_locale, referent=referent, started_on=started
                )
                Consent.objects.create(
                    person=person,
                    structure=mission_locale,
                    purpose=enums.ConsentPurpose.ACCOMPANIMENT,
                    channel=enums.ConsentChannel.PAPER,
                    recorded_by=referent or counselor,
                    given_at=timezone.now() - timedelta(days=(today - started).days),
                )
                if index % 5 == 0:
                    Consent.objects.create(
                        person=person,
                        structure=mission_locale,
                        purpose=enums.ConsentPurpose.EMPLOYER_PROPOSAL,
                        channel=enums.ConsentChannel.SCREEN,
                        recorded_by=referent or counselor,
                    )
            if at_aci:
                # Followed at both: the chantier took the person in from the Mission Locale;
                # she opened it her administrative situation, not her health or justice notes.
                Follow.objects.create(
                    person=person,
                    structure=chantier,
                    referent=aci_counselor,
                    started_on=started,
                    opened_sections=[Section.SITUATION.value] if at_ml else None,
                )
            if at_ml and index % 23 == 0:
                Consent.objects.create(
                    person=person,
                    structure=mission_locale,
                    purpose=enums.ConsentPurpose.SHARE_WITH_PARTNER,
                    partner=chantier,
                    sections=[Section.IDENTITY.value, Section.SITUATION.value],
                    channel=enums.ConsentChannel.PAPER,
                    recorded_by=counselor,
                )
        # Two files of the same person, entered twice with a typo: to try the merge.
        first = created[0]
        twin = Person.objects.create(
            sex=first.sex,
            last_name=first.last_name.replace("e", "é", 1)
            if "e" in first.last_name
            else first.last_name + "e",
            first_name=first.first_name,
            birth_date=first.birth_date,
            phone="",
            commune=first.commune,
            postal_code=first.postal_code,
            created_by=reception,
        )
        Follow.objects.create(
            person=twin, structure=mission_locale, referent=None, started_on=today
        )
        # A few follows already closed.
        for follow in Follow.objects.filter(structure=mission_locale).order_by("pk")[5:150:15]:
            follow.ended_on = today - timedelta(days=rng.randint(0, 30))
            follow.ended_on = max(follow.ended_on, follow.started_on)
            follow.end_reason = rng.choice(
                [
                    enums.FollowEndReason.PATHWAY_END,
                    enums.FollowEndReason.MOVED,
                    enums.FollowEndReason.NO_CONTACT,
                ]
            )
            follow.save()
        create_directory(structure=mission_locale, other_structure=chantier)
        create_activity(
            rng,
            structure=mission_locale,
            counselors=[counselor, counselor2],
            reception=reception,
            manager=manager,
        )
        create_referral_to_partner_on_tremplin(
            structure=mission_locale,
            counselor=counselor,
            partner=chantier,
            partner_counselor=aci_counselor,
        )
        create_history(
            rng, structure=mission_locale, counselors=[counselor, counselor2], reception=reception
        )
        create_watch_notes(structure=mission_locale, counselors=[counselor, counselor2])
        create_pathways(structure=mission_locale, counselor=counselor)
        create_pass_iae(structure=chantier, counselor=aci_counselor)
        create_fse(rng, structure=mission_locale, counselor=counselor)
        create_employers(structure=mission_locale, liaison=liaison)
        create_projects(structure=mission_locale, counselor=counselor)
        create_matching(structure=mission_locale, counselor=counselor)
        create_employment(structure=mission_locale, counselor=counselor)
        create_practice(
            structure=mission_locale,
            counselor=counselor,
            colleague=counselor2,
            reception=reception,
            manager=manager,
        )
        create_workshops(rng, structure=mission_locale, counselor=counselor, colleague=counselor2)
        create_immersions(structure=mission_locale, counselor=counselor)
        create_imports(structure=mission_locale, manager=manager, counselor=counselor)
        create_rights(structure=mission_locale, counselor=counselor)
        create_space(structure=mission_locale, counselor=counselor, reception=reception)
        create_retention(structure=mission_locale, counselor=counselor, manager=manager)
        create_data_requests(structure=mission_locale, manager=manager)
        # Last: the chantier's pathways take none of the people the Mission Locale's demo picks.
        create_aci(rng, structure=chantier, counselor=aci_counselor)
