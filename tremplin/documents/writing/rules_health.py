"""Rules for health details (RGPD art. 9): diagnoses, treatments, addictions, disability, pregnancy."""

from tremplin.documents.writing.topics import Rule

HEALTH_RULES: tuple[Rule, ...] = (
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
)
