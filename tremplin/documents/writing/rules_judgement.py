"""Rules for judgemental wording: labels on the person, motivation, behaviour, abilities, opinions."""

from tremplin.documents.writing.topics import NEGATION, SITUATION_NOUNS, Rule

JUDGEMENT_RULES: tuple[Rule, ...] = (
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
        unless_before=f"{NEGATION}|{SITUATION_NOUNS}",
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
)
