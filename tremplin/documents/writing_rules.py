"""The rules of the writing help, as data. The pattern language is described in writing.py.

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

_SITUATION_NOUNS = (
    r"\b(?:situation|logement|hebergement|emploi|travail|contrat|revenus?|ressources?|budget|"
    r"connexion|reseau|internet|meteo|sante|poids|sol|equilibre|domicile|adresse|planning|"
    r"horaires?|parcours|financ\w*|administrati\w*|professionn\w*|residenti\w*|materiel|"
    r"vehicule|voiture|echafaudage|echelle|temps|etat|statut|couple|famille|familial\w*)\b"
    r"[^.;!?]*"
)

RULES: tuple[Rule, ...] = (
    # === judgemental wording ===============================================================
    Rule(
        "label_words",
        "label",
        (
            "paresseux+",
            "paresse",
            "faineant+",
            "faineantise",
            "feignant+",
            "feignasse+",
            "flemmard+",
            "glandeur+",
            "branleur+",
            "fumiste+",
            "tire au flanc",
            "bon+ a rien",
            "profiteur+",
            "menteur+",
            "mythomane+",
            "manipulateur+",
            "caracteriel+",
            "colerique+",
            "lunatique+",
            "irascible+",
            "immature+",
            "capricieux+",
            "tetu+",
            "je m en foutiste+",
            "je m en foutisme",
            "ingerable+",
            "irrecuperable+",
            "inemployable+",
            "desocialise+",
            "asocial+",
            "parasite+",
            "hysterique+",
            "cingle+",
            "cas social+",
            "cas sociaux",
            "cas soc",
            "cassos",
            "[il|elle|ils|elles|jeune+|gamin+] [est|sont|etait|etaient]? "
            "[completement|totalement|un_peu|tres]? paume+",
            "cas desespere+",
            "cas lourd+",
            "mauvaise foi",
            "assistanat",
            "(il|elle|ils|elles) (ment|mentent|mentait|mentaient)",
            "(a|ont|avait|avaient) menti",
            "se victimis*",
            "victimisation",
            "(joue+|jouer|jouait|jouent) (la|les) victime+",
            "se (pose|posait|posent) en victime+",
            "profiter~ (du_systeme|des_aides|des_allocations|du_rsa|du_chomage|des_minima_sociaux)",
            "abuser~ (du_systeme|des_aides|des_allocations)",
            "(vit|vivent|vivait|vivaient) (aux_crochets|de_l_assistanat|des_aides|des_allocations"
            "|des_allocs|du_rsa|du_chomage|des_minima_sociaux)",
        ),
        # « en feignant de… » is the verb feindre.
        unless_before=NEGATION + r"|\ben",
        attributable=True,
    ),
    Rule(
        "label_dangerous",
        "label",
        ("[il|elle|ils|elles|individu+|personne+|element+] [est|sont|etait|etaient]? dangereux+",),
        # « il est dangereux de conduire sans permis » is impersonal.
        unless_after=r"\s+(?:de|d'|que|qu')",
        unless_before=NEGATION,
        attributable=True,
    ),
    Rule(
        "label_profile",
        "label",
        (
            "(profil+|public+|jeune+|personne+|individu+|element+|caractere+|temperament+"
            "|beneficiaire+|candidat+|client+) (tres|particulierement|assez|plutot|vraiment)? "
            "(difficile+|complique+|ingerable+|problematique+|penible+|lourd+|impossible+)",
        ),
        unless_after=r"\s+(?:a|de|d') ?(?:joindre|contacter|trouver|lire|loger|reperer)",
        attributable=True,
    ),
    Rule(
        "label_assisted",
        "label",
        (
            "(mentalite+|logique+|culture+|posture+|comportement+|reflexe+) (d|de) assiste+",
            "assiste+",
        ),
        # « a assisté à l'atelier », « assistée par une interprète » are facts, not labels.
        unless_before=(
            r"\b(?:a|ai|as|ont|avait|avais|avaient|avons|avez|aient|ait|avoir|ayant|eu"
            r"|medicalement|direction|conception|ventilation|dessin|traduction)"
        ),
        unless_after=(
            r"\s*(?:a|au|aux|par|d|de|du|des|dans|pour|lors|en|pendant|sur|le|la|les|l|tout|"
            r"toute|chaque|une|un|son|sa|ses)\b"
        ),
        attributable=True,
    ),
    Rule(
        "label_unstable",
        "label",
        ("instable+",),
        suggestion=(
            "Décrivez les faits : « trois emplois de moins d'un mois en 2024 », « a changé "
            "deux fois d'hébergement depuis janvier », avec ce qu'en dit la personne."
        ),
        unless_before=f"{NEGATION}|{_SITUATION_NOUNS}",
        attributable=True,
    ),
    Rule(
        "label_fragile",
        "label",
        (
            "fragile+ (psychologiquement|psychiquement|mentalement|emotionnellement|nerveusement"
            "|sur_le_plan_psychologique|psychologique+|psychique+)",
            "(psychologiquement|psychiquement|mentalement|emotionnellement|nerveusement) "
            "(tres|assez|un_peu|plutot)? (fragile+|instable+|faible+|atteint+|perturbe+"
            "|derange+)",
            "fragilite+ (psychologique+|psychique+|mentale+|emotionnelle+|nerveuse+)",
            "(personne+|profil+|jeune+|individu+|femme+|homme+) "
            "(tres|assez|un_peu|plutot|particulierement)? (fragile+|instable+)",
        ),
        suggestion=(
            "N'écrivez pas d'appréciation sur l'état psychologique. Si la santé est en jeu, "
            "n'en dites que la conséquence utile, avec l'accord de la personne : « a besoin "
            "d'un rythme progressif », « contraintes de santé à prendre en compte (détails "
            "connus du référent) »."
        ),
        unless_before=NEGATION,
        attributable=True,
    ),
    Rule(
        "motivation",
        "motivation",
        (
            "(pas|peu|guere|plus|jamais) (du_tout|tres|vraiment|assez|trop|franchement"
            "|suffisamment|reellement|totalement|encore|si)? motive+",
            "demotive+",
            "demotivation",
            "(manque|manques|manquent|manquait|manquaient|manquer|manquera|manquant) "
            "(cruellement|totalement|clairement|vraiment|un_peu|serieusement|encore|souvent"
            "|terriblement|singulierement)? (de|d) (motivation|volonte|implication"
            "|investissement|serieux|maturite|envie|courage|bonne_volonte)",
            "(absence|defaut) (totale|complete)? (de|d) (motivation|volonte|implication)",
            "(aucune|sans|pas_de|peu_de|zero) (motivation|volonte|implication)",
            "motivation (tres|assez|plutot|encore)? (faible+|insuffisante+|absente+|inexistante+"
            "|limitee+|fluctuante+|discutable+|douteuse+|en_berne|nulle)",
            "mauvaise volonte",
            "(ne|n) (fait|font|faisait|faisaient|fournit|fournissent) (aucun|pas|guere|jamais"
            "|plus|vraiment_pas|pas_vraiment|pas_beaucoup|pas_assez|pas_suffisamment"
            "|pas_le_moindre|pas_un) (d|de)? effort+",
            "aucun effort+",
            "peu (d|de) effort+",
            "(ne|n) (fait|font|faisait|faisaient) rien (de_ses_journees|de_sa_journee|de_sa_vie"
            "|de_son_temps|de_leurs_journees)",
            "(ne|n) se (donne|donnent|donnait) pas (les|tous_les) moyens",
            "(ne|n) se (bouge|bougent|bougeait|prend|prennent|prenait) pas (en_main)?",
            "(il_faut|il_faudra|il_faudrait|faut|faudrait) (qu_il|qu_elle|qu_ils|qu_elles) se "
            "(bouge|bougent|prenne_en_main|prennent_en_main|secoue|secouent)",
            "(il_faut|il_faudra|il_faudrait|faut|faudrait) (le|la|les|l) (pousser|secouer"
            "|bousculer|booster|forcer|tirer|recadrer)",
            "(a_besoin|ont_besoin|avait_besoin|doit|doivent|devra) (d|de)? etre (pousse+"
            "|secoue+|bouscule+|recadre+|booste+)",
            "(ne|n) (veut|veulent|voulait|voulaient) rien entendre",
            "(refuse|refusent|refusait|refusaient) (tout|toutes_les_offres|toutes_les_propositions"
            "|systematiquement|toute_proposition)",
            "ferme+ a (toute_proposition|toutes_les_propositions|tout_changement|tout)",
            "(n|ne) (a|ont|avait) (pas|plus|aucune) envie (de|d) (travailler|bosser|s_en_sortir"
            "|avancer|faire_des_efforts|se_former|chercher)",
        ),
        unless_before=(
            # « ne manque pas de motivation » says the opposite.
            f"{NEGATION}|\\b(?:manque|manquent|manquait|manquaient|demande|demandent|necessite|necessitent|exige|exigent|requiert"
            "|requierent|sans)"
        ),
        unless_after=r"\s+physiques?\b",
        attributable=True,
    ),
    Rule(
        "motivation_refusal",
        "motivation",
        (
            "(ne|n) (veut|veulent|voulait|voulaient|voudra|voudrait) (pas|plus|jamais"
            "|pas_vraiment) (travailler|bosser|s_en_sortir|se_bouger|avancer|evoluer|chercher"
            "|se_prendre_en_main|changer|s_investir|s_impliquer|faire_d_effort+|faire_des_efforts)",
            "(ne|n) (veut|veulent|voulait|voulaient|voudra|voudrait) rien faire",
        ),
        unless_after=(
            r"\s+(?:le|la|les|l|en|de|d|du|des|dans|au|aux|a|comme|avec|sur|plus|si|avant|apres"
            r"|loin|seul|seule|pour|chez|sans|ni|tant|tard|tot|pres|sous|entre|la|ici)\b"
        ),
        attributable=True,
    ),
    Rule(
        "motivation_gives_up",
        "motivation",
        ("baisser~ les bras",),
        unless_before=r"\b(?:pas|jamais|sans|ne|n'|point)",
        attributable=True,
    ),
    Rule(
        "behaviour",
        "behaviour",
        (
            "(comportement+|attitude+|conduite+|tenue+|posture+|presentation+|apparence+) "
            "(tres|totalement|parfois|souvent|assez|plutot|vraiment|completement|franchement"
            "|particulierement|un_peu)? (inadapte+|inapproprie+|deplace+|limite+|problematique+"
            "|ingerable+|irrespectueux+|desinvolte+|negatif+|nonchalant+|provocateur+"
            "|provocant+|agressif+|deplorable+|douteux+|neglige+|lamentable+|pitoyable+"
            "|infantile+|immature+)",
            "mauvaise+ (attitude|presentation|mentalite|hygiene)",
            "mauvais (comportement+|esprit|caractere)",
            "hygiene (corporelle|personnelle)? (douteuse+|deplorable+|limite+|negligee+"
            "|defaillante+|insuffisante+|approximative+|mauvaise+|catastrophique+|inexistante+"
            "|discutable+)",
            "manque+ (d|de) hygiene",
            "(sent|sentait|sentent|sentaient) (mauvais|fort|l_alcool)",
            "odeur+ corporelle+",
            "agressif+",
            "agressivite",
            "mal eleve+",
            "(n_est|n_etait|ne_sont|n_etaient) jamais content+",
            "se (plaint|plaignent|plaignait) (tout_le_temps|sans_cesse|constamment|toujours"
            "|de_tout)",
            "impoli+",
            "malpoli+",
            "insolent+",
            "irrespectueux+",
            "arrogant+",
            "hautain+",
            "pretentieux+",
            "nonchalant+",
            "desinvolte+",
        ),
        unless_before=NEGATION,
        attributable=True,
    ),
    Rule(
        "ability",
        "ability",
        (
            "incapable+",
            "limite+ intellectuellement",
            "intellectuellement limite+",
            "pas (tres|bien|vraiment)? (fute+|malin+|maligne+|eveille+|intelligent+|debrouillard+)",
            "debile+",
            "neuneu",
            "simplet+",
            "lent+ d esprit",
            "simple+ d esprit",
            "attarde+ mental+",
        ),
        unless_before=NEGATION,
        attributable=True,
    ),
    Rule(
        "ability_limited",
        "ability",
        (
            "[il|elle|ils|elles] [est|sont|etait|etaient] [un_peu|tres|assez|vraiment|plutot"
            "|completement|intellectuellement]? limite+",
        ),
        # « limité dans ses déplacements », « limitée à 20 heures » are facts.
        unless_after=r"\s*(?:dans|par|en|a|au|aux|pour|sur|de|du|des|d'|a|niveau|physiquement)\b",
        attributable=True,
    ),
    Rule(
        "ability_literacy",
        "ability",
        ("illettre+", "analphabete+"),
        explanation=(
            "« Illettré·e » ou « analphabète » est une étiquette : elle dit ce que la personne "
            "n'est pas, pas ce dont elle a besoin."
        ),
        suggestion=(
            "Écrivez « rencontre des difficultés avec l'écrit » (situation d'illettrisme), ou "
            "« apprend le français écrit », et ce qui est utile : « a besoin d'aide pour "
            "remplir un formulaire »."
        ),
        attributable=True,
    ),
    Rule(
        "opinion_markers",
        "opinion",
        (
            "visiblement",
            "manifestement",
            "apparemment",
            "de toute evidence",
            "a l evidence",
            "(il_est|c_est|il_parait) (clair|evident|certain|flagrant|indeniable|manifeste) "
            "(que|qu)",
            "il va de soi (que|qu)",
            "(on|nous) (sent|sentait|voit|voyait|devine|devinait|comprend|comprenait) "
            "(bien|tres_bien|clairement)? (que|qu)",
            "on (a|avait) l impression (que|qu)",
            "tout porte a croire",
            "(il_parait|il_semblerait) (que|qu)",
            "sans (aucun|nul) doute",
            "a n en pas douter",
        ),
    ),
    # === sensitive details: health ==========================================================
    Rule(
        "health_mental",
        "health",
        (
            "depress*",
            "deprim*",
            "burn out",
            "burnout",
            "bipolair*",
            "bipolarit*",
            "schizo*",
            "psychose+",
            "psychotique+",
            "parano*",
            "borderline",
            "psychiatr*",
            "psychique+",
            "(sante|trouble+|maladie+|handicap+|deficience+|retard+|souffrance+|desordre+) mental+",
            "(suivi+|soutien+|accompagnement+|prise_en_charge|etat+|trouble+|probleme+"
            "|difficulte+|souffrance+|detresse+|soin+|consultation+|bilan+) psychologique+",
            "psychologue+",
            "psy",
            "psys",
            "[en|l|d|a_l|sortie_d|sortie_de_l|sorti+_de_l|sejour_en|hospitalise+_en"
            "|hospitalisation_en] HP",
            "cmp",
            "cmpp",
            "cattp",
            "epsm",
            "[au|du|le|un|en] CHS",
            "hopital de jour",
            "hospitalis* (en)? psychiatr*",
            "trouble+ anxieux+",
            "crise+ (d|de) angoisse+",
            "attaque+ de panique",
            "phobie+",
            "anorexi*",
            "boulimi*",
            "trouble+ (du_comportement_alimentaire|alimentaire+|de_la_personnalite"
            "|de_l_humeur|obsessionnel+|bipolaire+|du_spectre_autistique|cognitif+"
            "|du_comportement)",
            "autis*",
            "asperger",
            "tdah",
            "hyperactiv*",
            "suicid*",
            "scarifi*",
            "automutil*",
        ),
        unless_after=r"\s+du travail\b",
    ),
    Rule(
        "health_physical",
        "health",
        (
            "cancer+",
            "cancereu*",
            "chimio*",
            "radiotherapie+",
            "tumeur+",
            "leucemie+",
            "lymphome+",
            "vih",
            "sida",
            "seropositi*",
            "hepatite+",
            "diabet*",
            "epilep*",
            "asthm*",
            "sclerose+ en plaques",
            "parkinson",
            "alzheimer",
            "avc",
            "infarctus",
            "crise+ cardiaque+",
            "insuffisance+ (renale+|cardiaque+|respiratoire+|hepatique+)",
            "dialys*",
            "cirrhose+",
            "tuberculose+",
            "hospitalis*",
            "arret+ maladie+",
            "arret+ de travail",
            "conge+ (maladie|de_maladie|longue_maladie|longue_duree)",
            "maladie+",
            "mi temps therapeutique+",
            "temps partiel therapeutique+",
            "inapte+",
            "inaptitude+",
            "invalidit*",
            "[ete|est|etre|etait|sera|fait|faite] opere+ [du|de_la|des|d|de]",
            "allergi*",
        ),
        unless_before=r"\b(?:assurance|assurances)",
    ),
    Rule(
        "health_treatment",
        "health",
        (
            "(sous|son|ses|leur|leurs|un|d_un|mon) traitement+",
            "traitement+ (medical+|medicamenteux+|lourd+|de_substitution|psychiatrique+"
            "|antidepresseur+|hormonal+|antiretroviral+|de_fond|neuroleptique+)",
            "(prend|prennent|prenait|prendre|prise_de|sous) (des|ses|son|un|de|les|leurs)? "
            "medicament+",
            "(ses|son|leurs|leur) medicament+",
            "medication+",
            "antidepresseur+",
            "anxiolytique+",
            "neuroleptique+",
            "antipsychotique+",
            "psychotrope+",
            "somnifere+",
            "lithium",
            "insuline+",
            "antiretroviral+",
            "regulateur+ de l humeur",
        ),
        unless_after=(
            r"\s+(?:de texte|du dossier|des donnees|administratif|informatique|comptable"
            r"|de (?:la|sa|son|votre|leur|cette|ce|l'|mon|notre) ?(?:demande|dossier|candidature"
            r"|situation|information|cv)"
            r"|des (?:demandes|dossiers|candidatures|courriers|commandes|donnees|informations"
            r"|plaintes|reclamations|dechets|eaux)"
            r"|de (?:donnees|commandes|texte|surface|l'eau|salaire|l'information))"
        ),
    ),
    Rule(
        "health_addiction",
        "health",
        (
            "alcool*",
            "(boit|boivent|buvait|buvaient) (trop|beaucoup|regulierement|souvent|enormement)",
            "ivre+",
            "ivresse+",
            "addict*",
            "toxicoman*",
            "toxico+",
            "drogue+",
            "stupefiant+",
            "stups",
            "cannabis",
            "shit",
            "heroine",
            "heroinomane+",
            "cocaine+",
            "crack",
            "ecstasy",
            "mdma",
            "lsd",
            "ketamine",
            "opiace+",
            "opioide+",
            "sevrage+",
            "methadone",
            "subutex",
            "buprenorphine",
            "csapa",
            "caarud",
            "abstinen*",
            "desintox*",
            "consommation+ (de|d) (produits|substances|stupefiants|drogue+|cannabis)",
            "(produits|substances) (psychoactif+|illicite+)",
            "joueur+ pathologique+",
        ),
        explanation=(
            "Une consommation ou une addiction est une donnée de santé (RGPD, art. 9). Écrite "
            "dans un document transmis, elle suit la personne et la stigmatise longtemps après "
            "qu'elle a cessé d'être vraie."
        ),
        suggestion=(
            "Ne transmettez rien sur la consommation. Si un soin en cours limite la "
            "disponibilité : « disponibilité limitée certains jours (rendez-vous de santé "
            "réguliers) »."
        ),
        unless_before=(
            r"\b(?:vente|vendre|vendeur|vendeuse|licence|serveur|serveuse|servir|service|caviste"
            r"|boissons?|debit|rayon)\s+(?:d'|de l'|des |l')?"
        ),
    ),
    Rule(
        "health_disability",
        "health",
        (
            "handicap*",
            "handicap* (psychique+|mental+|moteur+|cognitif+|visuel+|auditif+|physique+"
            "|invisible+|lourd+)",
            "rqth",
            "mdph",
            "cdaph",
            "AAH",
            "esat",
            "dyslexi*",
            "dyspraxi*",
            "dysphasi*",
            "dyscalculi*",
            "trisomi*",
            "deficience+ (intellectuelle+|visuelle+|auditive+|motrice+|cognitive+)",
            "sourd+",
            "malentendant+",
            "malvoyant+",
            "aveugle+",
        ),
        unless_before=r"\b(?:confiance|obeissance|foi)",
        unless_after=r"\s+oreilles?\b",
        explanation=(
            "Le handicap et sa nature sont des données de santé (RGPD, art. 9). Un partenaire "
            "ou un employeur n'a besoin, au plus, que de la reconnaissance (RQTH) et des "
            "aménagements utiles, si la personne accepte qu'on le dise."
        ),
        suggestion=(
            "Si la personne le souhaite et que c'est utile : « bénéficie d'une RQTH ; "
            "aménagement de poste à prévoir (détails connus du référent) », sans la nature du "
            "handicap ni le contenu du dossier MDPH."
        ),
    ),
    Rule(
        "health_pregnancy",
        "health",
        (
            "enceinte+",
            "grossesse+",
            "ivg",
            "avort*",
            "fausse+ couche+",
            "pma",
            "accouch*",
            "conge+ (maternite|prenatal|postnatal)",
            "(attend|attendent|attendait) (un|son) (enfant|bebe|heureux_evenement)",
        ),
        explanation=(
            "Une grossesse est une donnée de santé (RGPD, art. 9) et un employeur ne peut pas "
            "en tenir compte (Code du travail, art. L1225-1) : la transmettre expose la "
            "personne à une discrimination."
        ),
        suggestion="Retirez-la ; si des dates comptent : « indisponible du … au … ».",
        unless_before=r"\b(?:dans|hors|de|a)\s+l'",
        unless_after=r"\s+(?:bluetooth|acoustiques?|connectees?|de (?:l'|la |du )?(?:etablissement"
        r"|stade|batiment|entreprise|site|chateau|ville))",
    ),
    # === sex life, religion, politics, origin ==============================================
    Rule(
        "sex_life",
        "sex_life",
        (
            "homosexu*",
            "heterosexu*",
            "bisexu*",
            "lesbienne+",
            "gay+",
            "queer+",
            "transgenre+",
            "transsexu*",
            "transidenti*",
            "non binaire+",
            "lgbt*",
            "orientation+ sexuelle+",
            "vie+ sexuelle+",
            "(pratiques|relations|partenaires) sexuel+",
            "prostitu*",
            "travailleu* du sexe",
        ),
    ),
    Rule(
        "religion",
        "religion",
        (
            "musulman+",
            "islam*",
            "juif+",
            "judaisme",
            "chretien+",
            "christianisme",
            "catholique+",
            "protestant+",
            "evangelique+",
            "evangeliste+",
            "bouddhis*",
            "hindou*",
            "sikh+",
            "athee+",
            "agnostique+",
            "temoin+ de jehovah",
            "religi*",
            "ramadan",
            "careme",
            "shabbat",
            "sabbat",
            "aid (el|al) (kebir|fitr|adha|seghir)",
            "mosquee+",
            "synagogue+",
            "imam+",
            "rabbin+",
            "pretre+",
            "hijab+",
            "niqab+",
            "burqa+",
            "burka+",
            "jilbab+",
            "kippa+",
            "kippah",
            "foulard+ (islamique+|religieux+)",
            "[porte|portait|portent|portaient|porter|portant|retire|retirer|enleve|enlever] "
            "[le|un|son|leur]? foulard+",
            "voile+ (islamique+|religieux+|integral+)",
            "[porte|portait|portent|portaient|porter|portant|retire|retirer|retirait|enleve"
            "|enlever|enlevait|ote|oter] [le|un|son|du|ce|leur]? voile",
            "[est|femme+|fille+|etait|sont|jeune+] voilee+",
            "halal",
            "casher",
            "kasher",
        ),
    ),
    Rule(
        "religion_practising",
        "religion",
        ("pratiquant+",),
        unless_after=(
            r"\s+(?:la|le|les|l|du|de|des|d|un|une|plusieurs|regulierement|en|au|aux|son|sa|ses"
            r"|depuis|a|plusieurs|diverses?|differents?)\b"
        ),
    ),
    Rule(
        "religion_believer",
        "religion",
        ("croyant+",),
        unless_before=r"\ben",
        unless_after=r"\s+(?:que|qu|bien|avoir|etre|pouvoir|faire|a|en|le|la|les|l|son|sa|ses)\b",
    ),
    Rule(
        "religion_church",
        "religion",
        ("eglise+",),
        unless_before=(
            r"\b(?:rue|place|avenue|chemin|impasse|allee|parvis|quartier|square|arret)\s+"
            r"(?:de\s+)?l'"
        ),
    ),
    Rule(
        "religion_prayer",
        "religion",
        ("priere+",),
        unless_after=r"\s*(?:de|d)\b",
    ),
    Rule(
        "politics",
        "politics",
        (
            "syndiqu*",
            "syndicaliste+",
            "syndicalisme",
            "(delegue+|representant+|militant+|engagement+|activite+|mandat+) syndica*",
            "syndicat+",
            "cgt",
            "cfdt",
            "cftc",
            "cfe cgc",
            "unsa",
            "FSU",
            "parti+ politique+",
            "(opinion+|engagement+|engage+|militant+|conviction+|idee+|sympathie+|activite+"
            "|adhesion+|adherent+|refugie+|prisonnier+|positionnement+|orientation+) "
            "politique+",
            "engage+ politiquement",
            "politiquement (engage+|actif+|militant+)",
            "militant+",
            "militantisme",
            "rassemblement national",
            "front national",
            "france insoumise",
            "lfi",
            "extreme+ (droite|gauche)",
            "gilet+ jaune+",
            "anarchiste+",
            "communiste+",
            "fasciste+",
            "greviste+",
        ),
        unless_after=(
            r"\s+(?:mixte|intercommunal\w*|des eaux|de copropriete|d'initiative|professionnel\w*"
            r"|patronal\w*|departemental\w*|d'energie|de (?:transport|communes))"
        ),
    ),
    Rule(
        "origin",
        "origin",
        (
            "origine+ (maghrebin+|africain+|subsaharien+|nord_africain+|arabe+|algerien+"
            "|marocain+|tunisien+|turc|turque+|kurde+|senegalais+|malien+|ivoirien+|congolais+"
            "|camerounais+|guineen+|mauritanien+|comorien+|malgache+|haitien+|antillais+"
            "|reunionnais+|guyanais+|mahorais+|asiatique+|chinois+|vietnamien+|cambodgien+"
            "|laotien+|indien+|pakistanais+|bangladais+|sri_lankais+|afghan+|syrien+|irakien+"
            "|iranien+|libanais+|tchetchene+|russe+|ukrainien+|roumain+|bulgare+|polonais+"
            "|albanais+|kosovar+|serbe+|portugais+|espagnol+|italien+|rom|roms|gitan+|juif+"
            "|etranger+|immigre+|europeen+|latino+|sud_americain+|bresilien+|colombien+"
            "|egyptien+|somalien+|erythreen+|soudanais+|ethiopien+|nigerian+|ghaneen+|tzigane+"
            "|manouche+|ethnique+)",
            "pays+ d origine",
            "(ses|son|leurs|leur) origine+",
            "ethni*",
            "race+",
            "racial+",
            "couleur+ de (peau|sa_peau|leur_peau)",
            "(personne+|homme+|femme+|jeune+) de couleur",
            "type+ (maghrebin+|africain+|europeen+|asiatique+|arabe+|nord_africain+|gitan+)",
            "maghrebin+",
            "beur+",
            "rebeu+",
            "renoi+",
            "gitan+",
            "tzigane+",
            "manouche+",
            "gens du voyage",
            "[communaute+|famille+|personne+|jeune+|femme+|homme+|population+|campement+|camp+]"
            " (rom|roms)",
            "issu+ (de_l_immigration|de_la_diversite)",
            "immigre+",
            "[il|elle|ils|elles] [est|sont|etait|etaient] (noir+|black+|rom|roms|arabe+|africain+|maghrebin+|beur+"
            "|asiatique+|gitan+|manouche+|metis+|metisse+)",
        ),
    ),
    # === justice ===========================================================================
    Rule(
        "justice",
        "justice",
        (
            "casier+ judiciaire+",
            "casier+ (charge+|vierge+|rempli+|bien_rempli+)",
            "[a|avait|avoir|ont|possede] un casier",
            "condamn*",
            "incarcer*",
            "emprisonn*",
            "prison+",
            "prisonnier+",
            "(ancien+|ex) detenu+",
            "[un|une|les|des|aux|statut_de|en_tant_que|comme] detenu+",
            "(a_ete|ont_ete|avait_ete|etait|est) detenu+",
            "(en|sa|sortie_de|sortant+_de|sorti+_de|centre_de|periode_de|annees_de|mois_de"
            "|apres_sa|pendant_sa|durant_sa|fin_de) detention",
            "detention+ (provisoire+|preventive+)",
            "maison+ d arret",
            "penitentiaire+",
            "spip",
            "JAP",
            "juge+ (d_application_des_peines|des_enfants|d_instruction|des_libertes)",
            "application des peines",
            "[le|la|un|une|du|au|devant_le|devant_un|par_le|chez_le] juge+",
            "probation",
            "sursis",
            "mise a l epreuve",
            "bracelet+ electronique+",
            "sous bracelet+",
            "surveillance electronique",
            "placement+ (exterieur+|sous_surveillance_electronique)",
            "semi liberte",
            "liberation+ conditionnelle+",
            "liberte+ conditionnelle+",
            "tig",
            "travail+ d interet general",
            "garde+ a vue",
            "(porter|porte|portee|deposer|depose|deposee|depot_de|deposera|porterait) plainte+",
            "plainte+ (contre|pour|deposee+|en_cours)",
            "tribunal+",
            "(son|sa|leur|mon|un|une) avocat+",
            "delit+",
            "delinquan*",
            "recidiv*",
            "infraction+",
            "trafic+ (de_drogue+|de_stupefiants|de_stups|de_stup)",
            "dealer+",
            "dealeur+",
            "ppsmj",
            "sous main de justice",
            "pjj",
            "mis+ en examen",
            "mise+ en examen",
            "ecroue+",
            "commissariat+",
            "amenagement+ de peine+",
            "fin de peine",
            "purger~ (sa|une|la|leur|ses) peine+",
            "execution de (sa|la) peine",
            "peine+ (de_prison|ferme+|d_emprisonnement|avec_sursis|alternative+|de_sursis)",
            "travail+ au noir",
            "travailler~ au noir",
            "(arrete+|interpelle+|controle+) par (la|les) (police|gendarmerie|gendarmes"
            "|policiers|forces_de_l_ordre)",
        ),
    ),
    Rule(
        "justice_judicial",
        "justice",
        ("judiciaire+",),
        unless_before=r"\b(?:mandataire|liquidation|redressement|administrateur|expert)",
    ),
    Rule(
        "justice_trial",
        "justice",
        ("proces",),
        unless_after=r"[\s-]+verba",
    ),
    # === immigration =======================================================================
    Rule(
        "immigration",
        "immigration",
        (
            "sans papiers",
            "oqtf",
            "obligation+ de quitter le territoire",
            "situation+ irreguliere+",
            "sejour+ irregulier+",
            "clandestin+",
            "clandestinite",
            "deboute+",
            "asile+",
            "refugie+",
            "protection subsidiaire",
            "apatride+",
            "AME",
            "aide medicale d etat",
            "CRA",
            "retention+ administrative+",
            "centre+ de retention",
            "expulsion+ du territoire",
            "expulse+ (du_territoire|vers)",
            "reconduit+ a la frontiere",
            "reconduite+ a la frontiere",
            "cada",
            "huda",
            "ofpra",
            "cnda",
            "(procedure|dossier) dublin",
            "dubline+",
            "sans titre+ de sejour",
            "(n|ne) (a|ont|avait|avaient) (pas|plus|aucun) (de|d)? papiers",
            "titre+ de sejour (expire+|perime+|refuse+)",
        ),
    ),
    # === violence suffered =================================================================
    Rule(
        "violence",
        "violence",
        (
            "violence+",
            "violence+ (conjugale+|familiale+|intrafamiliale+|sexuelle+|physique+"
            "|psychologique+|verbale+|subie+)",
            "violent+",
            "violente+",
            "viol",
            "viols",
            "violee",
            "violees",
            "agression+",
            "agresse+",
            "harcel*",
            "harcel* sexuel+",
            "maltrait*",
            "inceste+",
            "incestueux+",
            "sous (l|son|leur)? emprise",
            "femme+ battue+",
            "(battu+|frappe+|menace+|insulte+|humilie+|brutalise+|tabasse+|violente+) [par] "
            "[son|sa|ses|leur|leurs]",
            "mariage+ force+",
            "excision+",
            "excise+",
            "mutilation+ sexuelle+",
            "traite+ des etres humains",
            "agression+ sexuelle+",
            "abus+ sexuel+",
            "attouchement+",
            "ordonnance+ de protection",
            "telephone+ grave danger",
            "3919",
        ),
        unless_before=NEGATION,
    ),
    Rule(
        "violence_hits",
        "violence",
        (
            "[la|le|les|l|me|te|nous|vous] (bat|battait|battent|battaient|frappe|frappait"
            "|frappent|frappaient|violente|violentait|tabasse|tabassait|terrorise|terrorisait)",
        ),
        # « maîtrise la frappe au clavier ».
        unless_after=r"\s*(?:au|sur|du|de|des|clavier|rapide|a)\b",
    ),
    Rule(
        "violence_victim",
        "violence",
        ("victime+ [de|d]",),
        unless_after=r"\s*(?:d'|de )(?:un |une |l'|la |le )?(?:accident|erreur|panne|incendie)",
    ),
    # === other people ======================================================================
    Rule(
        "third_party",
        "third_party",
        (
            "(son|sa|ses|leur|leurs) (deux|trois|quatre|cinq|six|2|3|4|5|6|jeune|jeunes|petit"
            "|petite|petits|petites|grand|grande|grands|grandes|aine|ainee|cadet|cadette)? "
            "(mari|epoux|epouse+|femme|conjoint+|compagnon+|compagne+|concubin+|ex_mari"
            "|ex_femme|ex_epouse|ex_conjoint+|ex_compagnon+|ex_compagne+|ex_concubin+"
            "|petit_ami|petite_amie|fils|fille+|enfant+|bebe+|pere|mere|parent+|frere+|soeur+"
            "|beau_pere|belle_mere|beau_frere|belle_soeur|grand_mere|grand_pere"
            "|grands_parents|oncle+|tante+|cousin+|neveu+|niece+)",
            "ASE",
            "aide sociale a l enfance",
            "(enfant+|fils|fille+) (sont|est|ont_ete|a_ete)? (place+|confie+)",
            "garde+ alternee+",
            "droit+ de (visite|garde|visite_et_d_hebergement)",
            "divorc*",
            "deces",
            "deuil+",
            "veuf+",
        ),
    ),
)
