"""Topics of the writing help and the shape of its rules. The pattern language is in engine.py.

Each rule belongs to a topic (label, motivation, health, justice…) that gives its French
explanation and suggestion; a rule may override them. Phrases are written folded (lower case,
no accents). `unless_before` and `unless_after` are regular expressions on the folded text just
before and just after the reported words: when one matches, the passage is not reported
(« pas paresseux », « traitement de texte »). An `attributable` rule is not reported when the
sentence gives the person's own words (« se dit découragée », « selon elle », « … » quoted):
that is what we advise writing.

Sources for the explanations: RGPD art. 9 (special categories of data) and art. 10 (criminal
convictions and offences); Code pénal art. 225-1 (discrimination); Code du travail
art. L1225-1 (pregnancy); CNIL, « Les zones de commentaires libres »: write only objective
and relevant facts, never insulting or excessive remarks.
"""

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    JUDGEMENT = "judgement"
    SENSITIVE = "sensitive"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    Category.JUDGEMENT: "Formulation jugeante",
    Category.SENSITIVE: "Information sensible",
}


@dataclass(frozen=True)
class Topic:
    code: str
    category: Category
    label: str
    short_label: str
    explanation: str
    suggestion: str


@dataclass(frozen=True)
class Rule:
    code: str
    topic: str
    phrases: tuple[str, ...]
    explanation: str | None = None
    suggestion: str | None = None
    unless_before: str | None = None
    unless_after: str | None = None
    attributable: bool = False


_TOPICS = [
    # --- judgemental wording --------------------------------------------------------------
    Topic(
        "label",
        Category.JUDGEMENT,
        "Étiquette sur la personne",
        "étiquette",
        "Ce mot juge la personne au lieu de décrire une situation. Écrit dans un document qui "
        "la suit, il l'enferme dans une étiquette, oriente la décision du partenaire et ne se "
        "vérifie pas. La personne peut lire ce qui est écrit sur elle (RGPD, droit d'accès).",
        "Décrivez les faits observés, avec leurs dates, et rapportez les mots de la personne : "
        "« ne s'est pas présenté·e aux rendez-vous du 3 et du 10 mars ; dit être découragé·e "
        "par ses recherches ».",
    ),
    Topic(
        "motivation",
        Category.JUDGEMENT,
        "Motivation jugée",
        "motivation",
        "La motivation ne s'observe pas : écrire qu'elle manque est une opinion, qui peut "
        "fermer une porte chez le partenaire sans rien dire de ce qui fait obstacle.",
        "Écrivez ce qui s'est passé et ce que la personne en dit : « a annulé deux ateliers en "
        "mars ; dit ne pas voir l'intérêt de la formation proposée ».",
    ),
    Topic(
        "behaviour",
        Category.JUDGEMENT,
        "Comportement jugé",
        "comportement",
        "Une appréciation du comportement ou de l'apparence, sans les faits, ne permet pas au "
        "partenaire de comprendre ce qui s'est passé et stigmatise la personne.",
        "Décrivez le fait précis, sa date et son contexte : « est arrivé·e avec 40 minutes de "
        "retard le 12 mars sans prévenir », « a quitté l'atelier avant la fin le 5 avril ».",
    ),
    Topic(
        "ability",
        Category.JUDGEMENT,
        "Capacités jugées",
        "capacités",
        "Juger les capacités de la personne en général la réduit à ce qu'elle ne sait pas "
        "faire ; le partenaire a besoin de savoir ce qu'elle sait faire et où elle a besoin "
        "d'appui.",
        "Décrivez ce que la personne sait faire et ce qui lui est difficile, avec un exemple : "
        "« a besoin d'aide pour remplir un formulaire en ligne ».",
    ),
    Topic(
        "opinion",
        Category.JUDGEMENT,
        "Opinion présentée comme un fait",
        "opinion",
        "Cette tournure présente une impression comme une évidence, sans dire d'où elle vient. "
        "Le lecteur la prendra pour un fait établi.",
        "Dites d'où vient l'information : « selon la personne… », « j'ai constaté que… », "
        "« lors de l'entretien du 4 mars, … » — ou retirez la tournure.",
    ),
    # --- sensitive details ----------------------------------------------------------------
    Topic(
        "health",
        Category.SENSITIVE,
        "Santé",
        "santé",
        "Donnée de santé : une catégorie particulière de données (RGPD, art. 9). Elle ne se "
        "transmet que si le destinataire en a besoin pour agir, avec l'accord de la personne, "
        "et au plus juste. Un diagnostic ou un traitement n'est presque jamais utile à un "
        "partenaire de l'emploi.",
        "Gardez la conséquence utile, sans le diagnostic : « contraintes de santé à prendre en "
        "compte (détails connus du référent) », « ne peut pas porter de charges lourdes », "
        "« disponibilité limitée certains jours ».",
    ),
    Topic(
        "sex_life",
        Category.SENSITIVE,
        "Vie sexuelle et orientation sexuelle",
        "vie sexuelle",
        "Orientation sexuelle, identité de genre et vie sexuelle : catégorie particulière de "
        "données (RGPD, art. 9). Un partenaire de l'insertion n'en a pas besoin, et la "
        "mentionner expose la personne à une discrimination (Code pénal, art. 225-1).",
        "Retirez cette information.",
    ),
    Topic(
        "religion",
        Category.SENSITIVE,
        "Religion",
        "religion",
        "Conviction religieuse : catégorie particulière de données (RGPD, art. 9). Elle n'a pas "
        "sa place dans un écrit transmis et expose la personne à une discrimination "
        "(Code pénal, art. 225-1).",
        "Retirez-la. Si une contrainte pratique compte, décrivez-la sans son motif : "
        "« indisponible le vendredi après-midi ».",
    ),
    Topic(
        "politics",
        Category.SENSITIVE,
        "Opinions politiques ou syndicales",
        "opinions",
        "Opinion politique ou appartenance syndicale : catégorie particulière de données "
        "(RGPD, art. 9), sans rapport avec l'accompagnement vers l'emploi.",
        "Retirez cette information.",
    ),
    Topic(
        "origin",
        Category.SENSITIVE,
        "Origine",
        "origine",
        "Origine raciale ou ethnique : catégorie particulière de données (RGPD, art. 9). La "
        "mentionner expose la personne à une discrimination à l'embauche (Code pénal, "
        "art. 225-1).",
        "Retirez-la. Si la langue compte pour le poste, écrivez le niveau : « comprend et "
        "parle le français, écrit à consolider ».",
    ),
    Topic(
        "justice",
        Category.SENSITIVE,
        "Justice",
        "justice",
        "Information pénale (condamnation, peine, mesure de justice) : elle relève de "
        "l'article 10 du RGPD et ne circule qu'entre ceux qui en ont besoin, avec l'accord de "
        "la personne. Elle peut lui fermer des portes durablement.",
        "Gardez la contrainte utile, sans la mesure : « disponibilité limitée certains jours », "
        "« contraintes horaires à prendre en compte (détails connus du référent) ».",
    ),
    Topic(
        "immigration",
        Category.SENSITIVE,
        "Droit au séjour",
        "séjour",
        "La situation au regard du séjour peut exposer la personne (contrôle, refus "
        "d'embauche). Le partenaire a seulement besoin de savoir si elle peut travailler ou "
        "suivre la formation.",
        "« Situation administrative en cours de régularisation », ou « autorisé·e à travailler "
        "jusqu'au … » si c'est le cas.",
    ),
    Topic(
        "violence",
        Category.SENSITIVE,
        "Violences subies",
        "violences",
        "Les violences subies touchent à la sécurité de la personne. Transmises sans "
        "nécessité, elles peuvent la mettre en danger (l'auteur peut l'apprendre) ou la "
        "ramener à ce qu'elle a vécu.",
        "Ne gardez que le besoin concret, avec son accord : « besoin d'un hébergement en "
        "urgence », « ne pas communiquer son adresse ni ses horaires ».",
    ),
    Topic(
        "third_party",
        Category.SENSITIVE,
        "Proches de la personne",
        "proches",
        "Détail sur un proche (enfant, conjoint, parent) : ces personnes n'ont pas donné leur "
        "accord, et le partenaire n'a besoin que de la contrainte qui concerne la personne "
        "accompagnée.",
        "Gardez la contrainte, sans le proche : « contraintes familiales le mercredi », "
        "« disponibilité limitée certains jours », « solution de garde à trouver ».",
    ),
]
TOPICS: dict[str, Topic] = {t.code: t for t in _TOPICS}

# Negation just before an adjective: « n'est pas paresseux », « pas du tout agressive ».
NEGATION = (
    r"\b(?:pas|plus|jamais|nullement|aucunement|guere|non|point)"
    r"(?:\s+(?:du tout|tres|si|vraiment|forcement|completement|totalement|aussi|absolument|"
    r"particulierement|trop))?"
)

# The sentence reports the person's own words about themself: not the writer's judgement.
ATTRIBUTION = (
    r"\b(?:se (?:dit|disait|disent|decrit|decrivait|sent|sentait|sentent|trouve|trouvait|"
    r"juge|jugeait|considere|considerait|qualifie|definit|voit|percoit|reconnait|declare|"
    r"estime|pense)"
    r"|(?:dit|disait|declare|explique|estime|pense|reconnait|affirme|indique|raconte|"
    r"exprime) (?:etre|se sentir|avoir ete|s'etre)"
    r"|selon (?:lui|elle|eux|elles|ses (?:mots|termes|dires|propos))"
    r"|d'apres (?:lui|elle|eux|elles)"
    r"|(?:ses|leurs) (?:propres )?(?:mots|termes)"
    r"|je cite)\b"
)

SITUATION_NOUNS = (
    r"\b(?:situation|logement|hebergement|emploi|travail|contrat|revenus?|ressources?|budget|"
    r"connexion|reseau|internet|meteo|sante|poids|sol|equilibre|domicile|adresse|planning|"
    r"horaires?|parcours|financ\w*|administrati\w*|professionn\w*|residenti\w*|materiel|"
    r"vehicule|voiture|echafaudage|echelle|temps|etat|statut|couple|famille|familial\w*)\b"
    r"[^.;!?]*"
)
