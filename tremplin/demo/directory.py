"""Demo partner directory around Saint-Nazaire and the estuary (Loire-Atlantique).

Invented partners, written in the data·inclusion schema and loaded through the same import
as a real export (so the demo data is validated by `data-inclusion-schema`). Places are
real communes with their INSEE codes; addresses, phone numbers and e-mails are fictitious.
A few entries are then added by hand by the demo Mission Locale, with named contacts.
"""

import json
from datetime import date

from tremplin.network.importer import import_datainclusion
from tremplin.network.models import (
    MANUAL_SOURCE,
    PartnerContact,
    PartnerService,
    PartnerStructure,
)
from tremplin.referentials.models import Commune, Thematique

SOURCE = "demo"
UPDATED = date(2026, 1, 15).isoformat()

# (code INSEE, postal code, commune, latitude, longitude) of the demo places.
PLACES = {
    "saint-nazaire": ("44184", "44600", "Saint-Nazaire", 47.2778, -2.2115),
    "saint-nazaire-ouest": ("44184", "44600", "Saint-Nazaire", 47.2731, -2.2392),
    "montoir": ("44103", "44550", "Montoir-de-Bretagne", 47.3290, -2.1480),
    "trignac": ("44210", "44570", "Trignac", 47.3166, -2.1900),
    "guerande": ("44069", "44350", "Guérande", 47.3286, -2.4290),
    "la-baule": ("44055", "44500", "La Baule-Escoublac", 47.2868, -2.3912),
    "pornichet": ("44132", "44380", "Pornichet", 47.2613, -2.3391),
    "savenay": ("44195", "44260", "Savenay", 47.3610, -1.9420),
    "donges": ("44052", "44480", "Donges", 47.3190, -2.0750),
    "saint-brevin": ("44162", "44250", "Saint-Brevin-les-Pins", 47.2468, -2.1660),
    "nantes": ("44109", "44000", "Nantes", 47.2130, -1.5560),
}

CARENE = "244400644"  # Saint-Nazaire Agglomération (EPCI)
CAP_ATLANTIQUE = "244400610"

# name, place key, address, networks, description, services
# service: (id suffix, name, thématiques, type, fees, publics, modes d'accueil, zone,
#           mobilisation modes, description, extra fields)
PARTNERS = [
    (
        "auto-ecole-sociale",
        "Auto-école sociale de l'Estuaire",
        "saint-nazaire",
        "14 rue de la Paix",
        [],
        "Auto-école associative pour les personnes éloignées de l'emploi : code et conduite "
        "à un rythme adapté, avec une équipe formée à l'accompagnement.",
        [
            (
                "permis-b",
                "Préparer le permis B avec un accompagnement renforcé",
                ["mobilite--preparer-un-permis"],
                "formation",
                "payant",
                ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux", "jeunes"],
                ["en-presentiel"],
                [CARENE],
                ["envoyer-un-courriel", "telephoner"],
                "Code en petits groupes, leçons de conduite et examen blanc. Le reste à charge "
                "est faible grâce aux aides (France Travail, Département, CPF).",
                {
                    "frais_precisions": "Participation de 1 € par heure de conduite après aides.",
                    "conditions_acces": "Sur orientation d'un professionnel de l'insertion.",
                    "volume_horaire_hebdomadaire": 6,
                    "nombre_semaines": 20,
                },
            ),
            (
                "code",
                "Atelier code de la route en français facile",
                ["mobilite--preparer-un-permis", "lecture-ecriture-calcul--maitriser-le-francais"],
                "atelier",
                "gratuit",
                ["personnes-exilees", "demandeurs-emploi"],
                ["en-presentiel"],
                [CARENE],
                ["se-presenter", "telephoner"],
                "Apprendre les panneaux et les règles avec un vocabulaire simple, avant "
                "d'entrer en formation au code.",
                {"horaires_accueil": "Tu,Th 14:00-16:30"},
            ),
        ],
    ),
    (
        "plateforme-mobilite",
        "Plateforme mobilité Presqu'île-Estuaire",
        "trignac",
        "2 boulevard de l'Atlantique",
        [],
        "Diagnostic mobilité, location solidaire de véhicules et aides au financement.",
        [
            (
                "diagnostic",
                "Bilan mobilité et plan d'action",
                ["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
                "accompagnement",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel", "a-distance"],
                [CARENE, CAP_ATLANTIQUE],
                ["envoyer-un-courriel", "utiliser-lien-mobilisation"],
                "Un conseiller mobilité fait le point sur les trajets, le budget et les "
                "solutions (transports en commun, covoiturage, vélo, permis).",
                {"lien_mobilisation": "https://mobilite.exemple.fr/orienter"},
            ),
            (
                "location",
                "Location solidaire de voitures et de scooters",
                ["mobilite--acceder-a-un-vehicule"],
                "aide-materielle",
                "payant",
                ["demandeurs-emploi", "actifs"],
                ["en-presentiel"],
                [CARENE, CAP_ATLANTIQUE],
                ["telephoner"],
                "Véhicules loués de 2 à 5 € par jour pour aller en formation, en stage ou "
                "au travail, le temps de trouver une solution durable.",
                {"conditions_acces": "Justifier d'un emploi, d'un stage ou d'une formation."},
            ),
            (
                "garage",
                "Garage solidaire : réparer son véhicule à petit prix",
                ["mobilite--entretenir-reparer-son-vehicule"],
                "aide-materielle",
                "payant",
                ["beneficiaires-des-minimas-sociaux", "demandeurs-emploi"],
                ["en-presentiel"],
                ["44"],
                ["se-presenter", "telephoner"],
                "Réparations facturées au prix des pièces et d'une main-d'œuvre réduite.",
                {},
            ),
        ],
    ),
    (
        "ccas-saint-nazaire",
        "CCAS de Saint-Nazaire",
        "saint-nazaire",
        "7 place de l'Hôtel de Ville",
        ["ccas-cias"],
        "Centre communal d'action sociale : aides facultatives, domiciliation, "
        "accompagnement budgétaire.",
        [
            (
                "aides-facultatives",
                "Aides financières d'urgence et secours",
                ["difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere"],
                "aide-financiere",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                ["44184"],
                ["se-presenter", "telephoner"],
                "Aide ponctuelle (alimentation, énergie, transport) après un entretien avec "
                "un travailleur social.",
                {"horaires_accueil": "Mo-Fr 08:30-12:00,13:30-17:00"},
            ),
            (
                "budget",
                "Accompagnement budgétaire et prévention du surendettement",
                [
                    "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
                    "difficultes-financieres--situation-dendettement-surendettement",
                ],
                "accompagnement",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                ["44184"],
                ["telephoner"],
                "Rendez-vous réguliers pour établir un budget, négocier des échéanciers et, "
                "si besoin, monter le dossier de surendettement.",
                {},
            ),
            (
                "domiciliation",
                "Domiciliation administrative",
                [
                    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
                ],
                "accompagnement",
                "gratuit",
                ["personnes-en-situation-durgence"],
                ["en-presentiel"],
                ["44184"],
                ["se-presenter"],
                "Une adresse pour recevoir son courrier et faire valoir ses droits.",
                {},
            ),
        ],
    ),
    (
        "foyer-jeunes-travailleurs",
        "Résidence Habitat Jeunes de l'Estuaire",
        "saint-nazaire-ouest",
        "25 rue Jean Jaurès",
        [],
        "Logements meublés temporaires pour les 16-30 ans en formation ou en emploi.",
        [
            (
                "logement-temporaire",
                "Logement temporaire pour jeunes en formation ou en emploi",
                ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
                "aide-materielle",
                "payant",
                ["jeunes"],
                ["en-presentiel"],
                [CARENE],
                ["envoyer-un-courriel"],
                "Studios meublés de 1 à 24 mois, APL possible, accompagnement vers le "
                "logement autonome.",
                {"conditions_acces": "Avoir entre 16 et 30 ans."},
            ),
            (
                "acces-logement",
                "Atelier « Louer son premier logement »",
                [
                    "logement-hebergement--louer-un-logement",
                    "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
                ],
                "atelier",
                "gratuit",
                ["jeunes"],
                ["en-presentiel"],
                [CARENE],
                ["envoyer-un-courriel", "telephoner"],
                "Dossier de location, garantie Visale, aides de la CAF, budget logement.",
                {},
            ),
        ],
    ),
    (
        "accueil-urgence",
        "Accueil de jour et hébergement d'urgence Le Phare",
        "saint-nazaire",
        "40 rue de Trignac",
        [],
        "Accueil de jour, douches, bagagerie et orientation vers l'hébergement d'urgence (115).",
        [
            (
                "accueil-jour",
                "Accueil de jour et orientation vers un hébergement",
                ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
                "accompagnement",
                "gratuit",
                ["personnes-en-situation-durgence"],
                ["en-presentiel"],
                [CARENE],
                ["se-presenter"],
                "Sans rendez-vous. En dehors des horaires, appeler le 115.",
                {"horaires_accueil": "Mo-Sa 09:00-17:00"},
            ),
        ],
    ),
    (
        "adil",
        "Agence départementale d'information sur le logement (antenne)",
        "saint-nazaire",
        "9 rue Albert de Mun",
        [],
        "Conseils juridiques et financiers gratuits sur le logement.",
        [
            (
                "impayes",
                "Prévenir l'expulsion : impayés de loyer",
                [
                    "logement-hebergement--reduire-les-impayes-de-loyer",
                    "logement-hebergement--se-maintenir-dans-le-logement",
                ],
                "information",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel", "a-distance"],
                ["44"],
                ["telephoner", "envoyer-un-courriel"],
                "Un juriste explique les droits et démarches (FSL, plan d'apurement, "
                "commission de prévention des expulsions).",
                {},
            ),
        ],
    ),
    (
        "centre-sante",
        "Centre de santé et d'accès aux droits Ville-Port",
        "saint-nazaire",
        "3 avenue de la République",
        [],
        "Consultations sans avance de frais et permanence d'accès aux soins.",
        [
            (
                "pass",
                "Permanence d'accès aux soins et à la couverture maladie",
                ["sante--acces-aux-soins"],
                "accompagnement",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                [CARENE],
                ["se-presenter", "telephoner"],
                "Ouverture des droits (complémentaire santé solidaire), consultation "
                "médicale et orientation vers un médecin traitant.",
                {},
            ),
            (
                "psy",
                "Écoute psychologique gratuite",
                ["sante--sante-mentale", "remobilisation--bien-etre-confiance-en-soi"],
                "accompagnement",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel", "a-distance"],
                [CARENE],
                ["telephoner"],
                "Entretiens avec une psychologue, en cabinet ou par téléphone.",
                {},
            ),
        ],
    ),
    (
        "csapa",
        "CSAPA de la Presqu'île",
        "la-baule",
        "18 avenue des Ibis",
        [],
        "Centre de soins, d'accompagnement et de prévention en addictologie.",
        [
            (
                "addictions",
                "Consultations en addictologie",
                ["sante--addictions"],
                "accompagnement",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                [CAP_ATLANTIQUE, CARENE],
                ["telephoner"],
                "Consultations anonymes et gratuites : alcool, tabac, cannabis, jeux.",
                {},
            ),
        ],
    ),
    (
        "espace-numerique",
        "Espace public numérique de Montoir",
        "montoir",
        "1 place de la Mairie",
        [],
        "Ordinateurs en libre accès et ateliers pour les démarches en ligne.",
        [
            (
                "fondamentaux",
                "Ateliers « premiers pas » sur ordinateur et smartphone",
                ["numerique--maitriser-les-fondamentaux-du-numerique"],
                "atelier",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                [CARENE],
                ["se-presenter", "telephoner"],
                "Clavier, souris, e-mail, pièces jointes, sécurité : 6 séances de 2 heures.",
                {"horaires_accueil": "We 09:30-12:00; Fr 14:00-17:00"},
            ),
            (
                "demarches",
                "Aide aux démarches en ligne (France Travail, CAF, impôts)",
                [
                    "numerique--acceder-a-des-services-en-ligne",
                    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
                ],
                "accompagnement",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                [CARENE],
                ["se-presenter"],
                "Un conseiller numérique accompagne les démarches, sans les faire à la place.",
                {},
            ),
        ],
    ),
    (
        "ressourcerie-numerique",
        "Ressourcerie informatique solidaire",
        "donges",
        "5 rue des Ateliers",
        [],
        "Ordinateurs reconditionnés à prix solidaire.",
        [
            (
                "equipement",
                "Acquérir un ordinateur reconditionné",
                [
                    "numerique--acquerir-un-equipement",
                    "numerique--acceder-a-une-connexion-internet",
                ],
                "aide-materielle",
                "payant",
                ["beneficiaires-des-minimas-sociaux", "demandeurs-emploi", "etudiants"],
                ["en-presentiel"],
                ["44"],
                ["envoyer-un-courriel"],
                "Ordinateur portable de 50 à 120 € sur prescription, avec une carte SIM "
                "solidaire si besoin.",
                {"frais_precisions": "De 50 à 120 € selon le matériel."},
            ),
        ],
    ),
    (
        "creche-vip",
        "Crèche à vocation d'insertion professionnelle Les Lutins",
        "trignac",
        "11 rue des Écoles",
        [],
        "Places d'accueil pour les enfants de parents en recherche d'emploi ou en formation.",
        [
            (
                "garde",
                "Garde d'enfants pour reprendre un emploi ou une formation",
                ["famille--garde-denfants"],
                "accompagnement",
                "payant",
                ["familles", "demandeurs-emploi"],
                ["en-presentiel"],
                [CARENE],
                ["envoyer-un-courriel", "telephoner"],
                "Accueil d'enfants de 10 semaines à 3 ans, tarif selon les revenus, en lien "
                "avec le conseiller du parent.",
                {"conditions_acces": "Parent inscrit dans un parcours d'insertion."},
            ),
        ],
    ),
    (
        "maison-familles",
        "Maison des familles de Guérande",
        "guerande",
        "6 rue du Faubourg Saint-Michel",
        [],
        "Soutien à la parentalité, médiation familiale, écoute.",
        [
            (
                "parentalite",
                "Soutien à la parentalité",
                ["famille--soutien-a-la-parentalite-et-a-leducation"],
                "atelier",
                "gratuit",
                ["familles"],
                ["en-presentiel"],
                [CAP_ATLANTIQUE],
                ["telephoner"],
                "Groupes de parole et rendez-vous individuels.",
                {},
            ),
            (
                "violences",
                "Écoute et accompagnement des victimes de violences",
                ["famille--surmonter-conflits-separation-violence"],
                "accompagnement",
                "gratuit",
                ["femmes", "familles"],
                ["en-presentiel", "a-distance"],
                ["44"],
                ["telephoner"],
                "Écoute confidentielle, mise à l'abri en lien avec le 115 et le 3919, "
                "accompagnement juridique.",
                {},
            ),
        ],
    ),
    (
        "organisme-formation",
        "Centre de formation Estuaire Compétences",
        "saint-nazaire",
        "30 boulevard Victor Hugo",
        [],
        "Remise à niveau, français langue étrangère, formations qualifiantes.",
        [
            (
                "fle",
                "Français à visée professionnelle",
                ["lecture-ecriture-calcul--maitriser-le-francais"],
                "formation",
                "gratuit",
                ["personnes-exilees", "demandeurs-emploi"],
                ["en-presentiel"],
                [CARENE],
                ["envoyer-un-courriel"],
                "Parcours de 300 heures, du niveau A1 au B1, avec un stage en entreprise.",
                {"volume_horaire_hebdomadaire": 20, "nombre_semaines": 15},
            ),
            (
                "savoirs-base",
                "Remise à niveau : calcul et écrits du quotidien",
                [
                    "lecture-ecriture-calcul--maitriser-le-calcul",
                    "lecture-ecriture-calcul--maitriser-le-francais",
                ],
                "formation",
                "gratuit",
                ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
                ["en-presentiel"],
                [CARENE],
                ["envoyer-un-courriel", "telephoner"],
                "Entrées et sorties permanentes, en petits groupes.",
                {"volume_horaire_hebdomadaire": 12},
            ),
            (
                "trouver-formation",
                "Trouver sa formation et monter son dossier de financement",
                ["se-former--trouver-sa-formation", "se-former--monter-son-dossier-de-formation"],
                "information",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel", "a-distance"],
                ["44"],
                ["utiliser-lien-mobilisation"],
                "Information collective tous les mardis, puis rendez-vous individuel.",
                {"lien_mobilisation": "https://formation.exemple.fr/inscription"},
            ),
        ],
    ),
    (
        "geiq",
        "Groupement d'employeurs pour l'insertion et la qualification de l'Estuaire",
        "montoir",
        "8 rue de l'Aéroport",
        [],
        "Contrats en alternance dans l'industrie, la logistique et le BTP.",
        [
            (
                "alternance",
                "Contrats de professionnalisation dans l'industrie",
                [
                    "trouver-un-emploi--repondre-a-des-offres-demploi",
                    "se-former--trouver-sa-formation",
                ],
                "accompagnement",
                "gratuit",
                ["demandeurs-emploi", "jeunes"],
                ["en-presentiel"],
                [CARENE],
                ["envoyer-un-courriel"],
                "Salarié du groupement, la personne alterne formation et travail chez "
                "des entreprises adhérentes, avec un suivi social.",
                {},
            ),
            (
                "decouverte",
                "Découvrir les métiers de l'industrie navale",
                ["choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"],
                "atelier",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                [CARENE],
                ["telephoner"],
                "Visites d'entreprises et périodes de mise en situation en milieu professionnel.",
                {},
            ),
        ],
    ),
    (
        "club-emploi",
        "Club emploi Savenay",
        "savenay",
        "2 rue du Sillon",
        [],
        "Ateliers collectifs de recherche d'emploi.",
        [
            (
                "cv",
                "Atelier CV et lettre de motivation",
                [
                    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
                    "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
                ],
                "atelier",
                "gratuit",
                ["demandeurs-emploi"],
                ["en-presentiel"],
                ["200072734"],
                ["se-presenter"],
                "Chaque jeudi matin : CV, lettre, simulation d'entretien.",
                {"horaires_accueil": "Th 09:00-12:00"},
            ),
        ],
    ),
    (
        "epicerie-solidaire",
        "Épicerie solidaire de Saint-Brevin",
        "saint-brevin",
        "4 rue de la Plage",
        [],
        "Produits alimentaires et d'hygiène à 10 à 30 % du prix, sur orientation.",
        [
            (
                "alimentation",
                "Épicerie solidaire",
                ["equipement-et-alimentation--alimentation"],
                "aide-materielle",
                "payant",
                ["beneficiaires-des-minimas-sociaux", "familles"],
                ["en-presentiel"],
                ["44162"],
                ["envoyer-un-courriel"],
                "Accès pour 3 mois renouvelables, avec un projet (rembourser une dette, "
                "financer le permis…).",
                {"conditions_acces": "Sur orientation d'un travailleur social."},
            ),
        ],
    ),
    (
        "point-justice",
        "Point-justice de Saint-Nazaire",
        "saint-nazaire",
        "1 rue Aristide Briand",
        [],
        "Permanences gratuites de juristes, d'avocats et de conciliateurs.",
        [
            (
                "droits",
                "Consultation juridique gratuite",
                [
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                    "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
                ],
                "information",
                "gratuit",
                ["tous-publics"],
                ["en-presentiel"],
                ["44"],
                ["telephoner"],
                "Sur rendez-vous : droit du travail, de la famille, du logement, dettes.",
                {},
            ),
        ],
    ),
]


def directory_payload() -> dict:
    """The demo partners as a data·inclusion export (structures and services)."""
    structures, services = [], []
    for index, (slug, name, place, address, networks, description, offers) in enumerate(
        PARTNERS, start=1
    ):
        code, postal, commune, lat, lon = PLACES[place]
        structure_id = f"{SOURCE}--{slug}"
        phone = f"02 40 00 {10 + index:02d} 00"
        email = f"contact@{slug}.exemple.fr"
        structures.append(
            {
                "source": SOURCE,
                "id": structure_id,
                "nom": name,
                "date_maj": UPDATED,
                "description": description,
                "adresse": address,
                "code_postal": postal,
                "code_insee": code,
                "commune": commune,
                "latitude": lat,
                "longitude": lon,
                "telephone": phone,
                "courriel": email,
                "horaires_accueil": "Mo-Fr 09:00-12:30,13:30-17:00",
                "reseaux_porteurs": networks or None,
            }
        )
        for offer in offers:
            (suffix, sname, themes, kind, fees, publics, modes, zone, mob, sdesc, extra) = offer
            services.append(
                {
                    "source": SOURCE,
                    "structure_id": structure_id,
                    "id": f"{structure_id}--{suffix}",
                    "nom": sname,
                    "description": sdesc,
                    "date_maj": UPDATED,
                    "type": kind,
                    "thematiques": themes,
                    "frais": fees,
                    "publics": publics,
                    "modes_accueil": modes,
                    "zone_eligibilite": zone,
                    "modes_mobilisation": mob,
                    "mobilisable_par": ["professionnels", "usagers"],
                    "telephone": phone,
                    "courriel": email,
                    "adresse": address,
                    "code_postal": postal,
                    "code_insee": code,
                    "commune": commune,
                    **extra,
                }
            )
    return {"structures": structures, "services": services}


def create_directory(*, structure, other_structure=None) -> None:
    """Import the demo partners, then add a partner by hand and named contacts."""
    report = import_datainclusion(json.dumps(directory_payload()).encode(), "demo-annuaire.json")
    if not report.ok:  # the demo data is ours: a failure is a bug
        raise RuntimeError("; ".join(str(e) for e in report.errors))

    # A partner known locally, added by the Mission Locale (editable by it).
    saint_nazaire = Commune.objects.get(pk="44184")
    local = PartnerStructure.objects.create(
        source=MANUAL_SOURCE,
        source_id=f"{MANUAL_SOURCE}--{structure.pk}--boutique-emploi",
        name="Boutique de l'emploi du quartier Ouest",
        description="Permanence de proximité : offres locales, aide au CV, informatique.",
        address="17 rue de Pornichet",
        postal_code="44600",
        commune=saint_nazaire,
        latitude=47.2712,
        longitude=-2.2488,
        phone="02 40 00 90 00",
        email="boutique-emploi@exemple.fr",
        created_by_structure=structure,
    )
    service = PartnerService.objects.create(
        structure=local,
        source=MANUAL_SOURCE,
        source_id=f"{MANUAL_SOURCE}--{structure.pk}--boutique-emploi--permanence",
        name="Permanence emploi de proximité",
        description="Sans rendez-vous : offres du quartier, candidatures spontanées, "
        "relecture de CV.",
        kind="accompagnement",
        fees=PartnerService.Fees.FREE,
        publics=["tous-publics"],
        reception_modes=[PartnerService.Reception.IN_PERSON],
        eligibility_zone=["44184"],
        mobilisation_modes=["se-presenter"],
        opening_hours="Mo,We 09:00-12:00",
        created_by_structure=structure,
    )
    service.thematiques.set(
        Thematique.objects.filter(
            code__in=[
                "trouver-un-emploi--faire-des-candidatures-spontanees",
                "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
            ]
        )
    )

    contacts = [
        ("demo--auto-ecole-sociale", "Hélène", "Guillou", "Monitrice référente insertion"),
        ("demo--plateforme-mobilite", "Mathieu", "Le Goff", "Conseiller mobilité"),
        ("demo--ccas-saint-nazaire", "Fatoumata", "Diallo", "Travailleuse sociale"),
    ]
    partners = {
        p.source_id: p
        for p in PartnerStructure.objects.filter(
            source=SOURCE, source_id__in=[c[0] for c in contacts]
        )
    }
    for source_id, first, last, job in contacts:
        PartnerContact.objects.create(
            partner=partners[source_id],
            owner_structure=structure,
            first_name=first,
            last_name=last,
            job_title=job,
            email=f"{first[0].lower()}.{last.lower().replace(' ', '')}@exemple.fr",
            phone="02 40 00 99 " + f"{len(last):02d}",
        )
    PartnerContact.objects.create(
        partner=local,
        owner_structure=structure,
        first_name="Jordan",
        last_name="Morvan",
        job_title="Animateur de la permanence",
        email="j.morvan@exemple.fr",
        note="Joignable le matin ; préfère les orientations par e-mail.",
    )
    if other_structure is not None:
        # The other demo structure uses Tremplin: referrals to it arrive in its own space.
        aci = PartnerStructure.objects.create(
            source=MANUAL_SOURCE,
            source_id=f"{MANUAL_SOURCE}--{structure.pk}--aci",
            name=other_structure.name.replace(" (démo)", ""),
            description="Chantier d'insertion : maraîchage biologique et espaces verts.",
            commune=other_structure.commune,
            address=other_structure.address,
            postal_code=other_structure.postal_code,
            phone=other_structure.phone,
            created_by_structure=structure,
            tremplin_structure=other_structure,
        )
        cddi = PartnerService.objects.create(
            structure=aci,
            source=MANUAL_SOURCE,
            source_id=f"{MANUAL_SOURCE}--{structure.pk}--aci--cddi",
            name="Contrat d'insertion en maraîchage et espaces verts",
            description="CDDI de 26 heures par semaine, accompagnement socioprofessionnel "
            "et formation aux gestes du métier.",
            kind="accompagnement",
            fees=PartnerService.Fees.FREE,
            publics=["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
            reception_modes=[PartnerService.Reception.IN_PERSON],
            eligibility_zone=[CARENE],
            mobilisation_modes=["envoyer-un-courriel"],
            mobilisable_by=["professionnels"],
            weekly_hours=26,
            created_by_structure=structure,
        )
        cddi.thematiques.set(
            Thematique.objects.filter(
                code__in=[
                    "trouver-un-emploi--repondre-a-des-offres-demploi",
                    "remobilisation--lien-social",
                ]
            )
        )
