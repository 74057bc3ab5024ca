"""The life domains of the shared diagnosis, keyed on the data·inclusion catégories.

Each domain lists its structured facts (the questions a counselor asks in a first
interview), the data·inclusion catégorie whose thématiques express its needs, and the
section of the file it belongs to (health and justice are restricted sections).
"""

from dataclasses import dataclass, field

from tremplin.core.permissions import Section

YES_NO = (("yes", "Oui"), ("no", "Non"))


@dataclass(frozen=True)
class Fact:
    """One structured question of a domain: a choice (or yes/no) or a small number."""

    key: str
    label: str
    choices: tuple[tuple[str, str], ...] = YES_NO
    is_number: bool = False

    def display(self, value) -> str:
        if value in (None, ""):
            return ""
        if self.is_number:
            return str(value)
        return dict(self.choices).get(value, str(value))


@dataclass(frozen=True)
class Domain:
    code: str
    label: str
    category: str  # data·inclusion catégorie whose thématiques are this domain's needs
    section: Section = Section.DIAGNOSIS
    facts: tuple[Fact, ...] = field(default_factory=tuple)


SEVERITIES = (("light", "Léger"), ("strong", "Important"), ("blocking", "Bloquant"))
SEVERITY_LABELS = dict(SEVERITIES)

LEVEL = (("to_acquire", "À acquérir"), ("partial", "En partie"), ("mastered", "Maîtrisé"))

DOMAINS: tuple[Domain, ...] = (
    Domain(
        "trouver-un-emploi",
        "Emploi",
        "trouver-un-emploi",
        facts=(
            Fact(
                "work_situation",
                "Situation face à l'emploi",
                (
                    ("never", "N'a jamais travaillé"),
                    ("less_1y", "Sans emploi depuis moins d'un an"),
                    ("1y_2y", "Sans emploi depuis un à deux ans"),
                    ("more_2y", "Sans emploi depuis plus de deux ans"),
                    ("precarious", "En emploi précaire ou à temps partiel subi"),
                    ("employed", "En emploi"),
                ),
            ),
            Fact(
                "availability",
                "Disponibilité pour un emploi",
                (("now", "Immédiate"), ("month", "Dans le mois"), ("later", "Plus tard")),
            ),
        ),
    ),
    Domain(
        "choisir-un-metier",
        "Projet professionnel",
        "choisir-un-metier",
        facts=(
            Fact(
                "project",
                "Projet professionnel",
                (
                    ("none", "Pas de projet"),
                    ("explore", "Pistes à explorer"),
                    ("defined", "Projet défini"),
                    ("confirmed", "Projet confirmé"),
                ),
            ),
        ),
    ),
    Domain(
        "preparer-sa-candidature",
        "Outils de recherche d'emploi",
        "preparer-sa-candidature",
        facts=(
            Fact(
                "cv",
                "CV",
                (("none", "Pas de CV"), ("outdated", "À mettre à jour"), ("ready", "À jour")),
            ),
            Fact("search_skills", "Techniques de recherche d'emploi", LEVEL),
        ),
    ),
    Domain(
        "se-former",
        "Formation",
        "se-former",
        facts=(
            Fact(
                "training_project",
                "Projet de formation",
                (
                    ("none", "Aucun"),
                    ("considered", "Envisagé"),
                    ("identified", "Formation identifiée"),
                    ("funded", "Financement obtenu"),
                ),
            ),
        ),
    ),
    Domain(
        "creer-une-entreprise",
        "Création d'entreprise",
        "creer-une-entreprise",
        facts=(
            Fact(
                "business_project",
                "Projet de création",
                (("none", "Aucun"), ("idea", "Idée"), ("preparing", "En préparation")),
            ),
        ),
    ),
    Domain(
        "logement-hebergement",
        "Logement et hébergement",
        "logement-hebergement",
        facts=(
            Fact(
                "housing",
                "Situation de logement",
                (
                    ("own", "Logement autonome (locataire ou propriétaire)"),
                    ("family", "Hébergé·e par la famille ou des proches"),
                    ("institution", "Hébergement d'insertion ou foyer"),
                    ("emergency", "Hébergement d'urgence"),
                    ("street", "Sans abri"),
                    ("unfit", "Logement précaire ou insalubre"),
                ),
            ),
            Fact("eviction_risk", "Risque d'expulsion ou impayés de loyer"),
        ),
    ),
    Domain(
        "mobilite",
        "Mobilité",
        "mobilite",
        facts=(
            Fact(
                "licence_b",
                "Permis B",
                (("no", "Non"), ("in_progress", "En cours"), ("yes", "Oui")),
            ),
            Fact("vehicle", "Dispose d'un véhicule"),
            Fact("public_transport", "Transports en commun accessibles"),
        ),
    ),
    Domain(
        "numerique",
        "Numérique",
        "numerique",
        facts=(
            Fact(
                "equipment",
                "Équipement",
                (("none", "Aucun"), ("phone", "Smartphone seulement"), ("computer", "Ordinateur")),
            ),
            Fact("digital_autonomy", "Autonomie numérique", LEVEL),
            Fact("usable_email", "Adresse e-mail utilisable"),
        ),
    ),
    Domain(
        "lecture-ecriture-calcul",
        "Lecture, écriture, calcul",
        "lecture-ecriture-calcul",
        facts=(
            Fact("oral_french", "Français oral", LEVEL),
            Fact("written_french", "Lecture et écriture", LEVEL),
            Fact("numeracy", "Calcul", LEVEL),
        ),
    ),
    Domain(
        "difficultes-financieres",
        "Budget et ressources",
        "difficultes-financieres",
        facts=(
            Fact(
                "resources",
                "Ressources mensuelles",
                (
                    ("none", "Aucune"),
                    ("under_600", "Moins de 600 €"),
                    ("600_1000", "De 600 à 1 000 €"),
                    ("over_1000", "Plus de 1 000 €"),
                ),
            ),
            Fact("debts", "Dettes ou surendettement"),
            Fact("rights_to_check", "Droits à ouvrir ou à vérifier"),
        ),
    ),
    Domain(
        "difficultes-administratives-ou-juridiques",
        "Démarches administratives et droits",
        "difficultes-administratives-ou-juridiques",
        facts=(
            Fact("id_papers", "Pièce d'identité ou titre de séjour valide"),
            Fact("health_insurance", "Couverture maladie ouverte"),
        ),
    ),
    Domain(
        "famille",
        "Famille et garde d'enfants",
        "famille",
        facts=(
            Fact("children", "Enfants à charge", is_number=True),
            Fact("single_parent", "Parent isolé"),
            Fact(
                "childcare",
                "Mode de garde",
                (("not_needed", "Pas nécessaire"), ("found", "Trouvé"), ("to_find", "À trouver")),
            ),
        ),
    ),
    Domain(
        "equipement-et-alimentation",
        "Alimentation et équipement",
        "equipement-et-alimentation",
        facts=(Fact("food_aid", "Besoin d'aide alimentaire"),),
    ),
    Domain(
        "remobilisation",
        "Confiance en soi et lien social",
        "remobilisation",
        facts=(
            Fact("isolation", "Isolement social"),
            Fact(
                "confidence",
                "Confiance en soi",
                (("low", "Fragile"), ("medium", "Moyenne"), ("good", "Bonne")),
            ),
        ),
    ),
    Domain(
        "souvrir-a-linternational",
        "Mobilité internationale",
        "souvrir-a-linternational",
        facts=(Fact("abroad", "Projet de travail à l'étranger"),),
    ),
    Domain(
        "sante",
        "Santé",
        "sante",
        section=Section.HEALTH,
        facts=(
            Fact("work_restrictions", "Restrictions pour certains postes"),
            Fact("care_ongoing", "Soins en cours"),
        ),
    ),
    Domain(
        "justice",
        "Justice",
        "difficultes-administratives-ou-juridiques",
        section=Section.JUSTICE,
        facts=(
            Fact("schedule_constraints", "Obligations judiciaires avec contraintes d'horaires"),
        ),
    ),
)

DOMAINS_BY_CODE = {d.code: d for d in DOMAINS}
DOMAIN_CHOICES = [(d.code, d.label) for d in DOMAINS]
