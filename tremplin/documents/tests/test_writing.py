"""The writing help on real French phrasings: what it flags, and what it must leave alone."""

import re

import pytest

from tremplin.documents.writing import (
    MAX_TEXT_LENGTH,
    RULES,
    TOPICS,
    Category,
    check_text,
    compile_phrase,
    conjugate,
    excerpt,
    find_phrase,
    fold,
    inflect,
    summarize,
)

JUDGEMENT_TOPICS = {"label", "motivation", "behaviour", "ability", "opinion"}


def found(text):
    return [(f.words, f.topic) for f in check_text(text)]


# Each sentence holds exactly one passage to flag: (sentence, words reported, topic).
JUDGEMENTAL = [
    # labels on the person
    ("Il est paresseux.", "paresseux", "label"),
    ("Elle est PARESSEUSE.", "PARESSEUSE", "label"),
    ("Ils sont paresseux et se lèvent tard.", "paresseux", "label"),
    ("Elle est fainéante.", "fainéante", "label"),
    ("Il est faineant", "faineant", "label"),
    ("Des jeunes fainéants.", "fainéants", "label"),
    ("C'est un feignant.", "feignant", "label"),
    ("Il est flemmard.", "flemmard", "label"),
    ("Elle est caractérielle.", "caractérielle", "label"),
    ("Il est caractériel", "caractériel", "label"),
    ("C'est une menteuse.", "menteuse", "label"),
    ("Il est MENTEUR.", "MENTEUR", "label"),
    ("Un profiteur, tout simplement.", "profiteur", "label"),
    ("Elle profite du système.", "profite du système", "label"),
    ("Il vit des aides depuis dix ans.", "vit des aides", "label"),
    ("Jeune désocialisé depuis la fin du collège.", "désocialisé", "label"),
    ("Femme désocialisée.", "désocialisée", "label"),
    ("Ils sont désocialisés.", "désocialisés", "label"),
    ("Il est de mauvaise foi.", "mauvaise foi", "label"),
    ("C'est un cas social.", "cas social", "label"),
    ("Ce sont des cas sociaux.", "cas sociaux", "label"),
    ("Profil difficile.", "Profil difficile", "label"),
    ("Un public très difficile.", "public très difficile", "label"),
    ("Jeune compliquée.", "Jeune compliquée", "label"),
    ("Elle est ingérable.", "ingérable", "label"),
    ("Mentalité d'assisté.", "Mentalité d'assisté", "label"),
    ("Elle est assistée.", "assistée", "label"),
    ("Ce sont des assistés.", "assistés", "label"),
    ("Il est instable.", "instable", "label"),
    ("Elle est très instable.", "instable", "label"),
    ("Fragile psychologiquement.", "Fragile psychologiquement", "label"),
    ("Elle est psychologiquement fragile.", "psychologiquement fragile", "label"),
    ("Grande fragilité psychologique.", "fragilité psychologique", "label"),
    ("Personne fragile.", "Personne fragile", "label"),
    ("Il se victimise sans cesse.", "se victimise", "label"),
    ("Il joue la victime.", "joue la victime", "label"),
    ("Elle ment sur ses horaires.", "Elle ment", "label"),
    ("Il a menti sur son CV.", "a menti", "label"),
    ("Elle est hystérique.", "hystérique", "label"),
    ("Il est immature.", "immature", "label"),
    ("Il est je-m’en-foutiste.", "je-m’en-foutiste", "label"),
    ("C'est un bon à rien.", "bon à rien", "label"),
    ("Il est complètement paumé.", "paumé", "label"),
    ("Individu dangereux.", "dangereux", "label"),
    # behaviour and appearance
    ("Elle est arrogante.", "arrogante", "behaviour"),
    ("Il est agressif.", "agressif", "behaviour"),
    ("Elle est agressive.", "agressive", "behaviour"),
    ("Comportement inadapté en atelier.", "Comportement inadapté", "behaviour"),
    ("Attitude inappropriée avec le formateur.", "Attitude inappropriée", "behaviour"),
    ("Comportements inadaptés répétés.", "Comportements inadaptés", "behaviour"),
    ("Hygiène douteuse.", "Hygiène douteuse", "behaviour"),
    ("Hygiène corporelle déplorable.", "Hygiène corporelle déplorable", "behaviour"),
    ("Il sent mauvais.", "sent mauvais", "behaviour"),
    ("Tenue négligée.", "Tenue négligée", "behaviour"),
    ("Mauvaise attitude en entreprise.", "Mauvaise attitude", "behaviour"),
    ("Il est mal élevé.", "mal élevé", "behaviour"),
    ("Il n'est jamais content.", "n'est jamais content", "behaviour"),
    ("Elle se plaint tout le temps.", "se plaint tout le temps", "behaviour"),
    # abilities
    ("Il est incapable de se lever le matin.", "incapable", "ability"),
    ("Elle est incapable de tenir un horaire.", "incapable", "ability"),
    ("Limité intellectuellement.", "Limité intellectuellement", "ability"),
    ("Pas très futé.", "Pas très futé", "ability"),
    ("Il est un peu limité.", "limité", "ability"),
    ("Il est illettré.", "illettré", "ability"),
    ("Elle est analphabète.", "analphabète", "ability"),
    # motivation
    ("Manque de motivation.", "Manque de motivation", "motivation"),
    ("Il manque cruellement de motivation.", "manque cruellement de motivation", "motivation"),
    ("Elle manquait de motivation.", "manquait de motivation", "motivation"),
    ("Il n'est pas motivé.", "pas motivé", "motivation"),
    ("Elle n’est pas du tout motivée.", "pas du tout motivée", "motivation"),
    ("Ils sont peu motivés.", "peu motivés", "motivation"),
    ("Elle ne semble pas très motivée.", "pas très motivée", "motivation"),
    ("Il n'est plus motivé.", "plus motivé", "motivation"),
    ("Jeune démotivé.", "démotivé", "motivation"),
    ("N'a aucune volonté.", "aucune volonté", "motivation"),
    ("Aucune motivation.", "Aucune motivation", "motivation"),
    ("Motivation insuffisante.", "Motivation insuffisante", "motivation"),
    ("Manque de sérieux.", "Manque de sérieux", "motivation"),
    ("Manque d'implication.", "Manque d'implication", "motivation"),
    ("Il ne fait aucun effort.", "ne fait aucun effort", "motivation"),
    ("Elle ne fait pas d'efforts.", "ne fait pas d'efforts", "motivation"),
    ("Il ne fait pas beaucoup d’efforts.", "ne fait pas beaucoup d’efforts", "motivation"),
    ("Aucun effort pour chercher du travail.", "Aucun effort", "motivation"),
    ("Il faut le pousser.", "Il faut le pousser", "motivation"),
    ("Il faudrait la pousser un peu.", "Il faudrait la pousser", "motivation"),
    ("Il faut les secouer.", "Il faut les secouer", "motivation"),
    ("A besoin d'être poussée.", "A besoin d'être poussée", "motivation"),
    ("Il ne veut pas travailler.", "ne veut pas travailler", "motivation"),
    ("Elle ne veut plus travailler, elle attend.", "ne veut plus travailler", "motivation"),
    ("Ils ne veulent rien faire.", "ne veulent rien faire", "motivation"),
    ("Il baisse les bras.", "baisse les bras", "motivation"),
    ("Elle a baissé les bras.", "baissé les bras", "motivation"),
    ("Ils baissent les bras trop vite.", "baissent les bras", "motivation"),
    ("Mauvaise volonté évidente.", "Mauvaise volonté", "motivation"),
    ("Il ne se donne pas les moyens.", "ne se donne pas les moyens", "motivation"),
    ("Il ne se prend pas en main.", "ne se prend pas en main", "motivation"),
    ("N'a pas envie de travailler.", "N'a pas envie de travailler", "motivation"),
    ("Il ne veut rien entendre.", "ne veut rien entendre", "motivation"),
    ("Il refuse toutes les offres.", "refuse toutes les offres", "motivation"),
    ("Il est fermé à toute proposition.", "fermé à toute proposition", "motivation"),
    # opinions written as facts
    ("Visiblement, il n'a pas compris.", "Visiblement", "opinion"),
    ("De toute évidence, elle préfère rester chez elle.", "De toute évidence", "opinion"),
    ("Il est clair qu'il ne viendra pas.", "Il est clair qu", "opinion"),
    ("Il est évident que le projet est irréaliste.", "Il est évident que", "opinion"),
    ("On sent qu'il n'y croit pas.", "On sent qu", "opinion"),
    ("On sent bien que la formation l'ennuie.", "On sent bien que", "opinion"),
    ("Manifestement, le rendez-vous a été oublié.", "Manifestement", "opinion"),
    ("Apparemment, elle a trouvé un emploi.", "Apparemment", "opinion"),
    ("À l'évidence, le poste ne convient pas.", "À l'évidence", "opinion"),
    ("On voit bien qu'elle est perdue.", "On voit bien qu", "opinion"),
    ("Tout porte à croire qu'il travaille ailleurs.", "Tout porte à croire", "opinion"),
    ("On a l'impression qu'il se moque de nous.", "On a l'impression qu", "opinion"),
    ("Il semblerait qu'elle travaille ailleurs.", "Il semblerait qu", "opinion"),
]

SENSITIVE = [
    # health
    ("Suivi au CMP.", "CMP", "health"),
    ("Elle souffre de dépression.", "dépression", "health"),
    ("Il est dépressif.", "dépressif", "health"),
    ("Elle est dépressive.", "dépressive", "health"),
    ("Il deprime depuis l'hiver.", "deprime", "health"),
    ("Elle est DÉPRIMÉE.", "DÉPRIMÉE", "health"),
    ("Schizophrène stabilisé.", "Schizophrène", "health"),
    ("Schizophrénie diagnostiquée en 2019.", "Schizophrénie", "health"),
    ("Il est bipolaire.", "bipolaire", "health"),
    ("Traitement pour des troubles bipolaires.", "troubles bipolaires", "health"),
    ("Cancer du sein en rémission.", "Cancer", "health"),
    ("Chimiothérapie en cours.", "Chimiothérapie", "health"),
    ("Séropositive depuis 2015.", "Séropositive", "health"),
    ("Porteur du VIH.", "VIH", "health"),
    ("Atteint du sida.", "sida", "health"),
    ("Hépatite C traitée.", "Hépatite", "health"),
    ("Il est diabétique.", "diabétique", "health"),
    ("Diabète de type 2.", "Diabète", "health"),
    ("Crises d'épilepsie.", "épilepsie", "health"),
    ("Elle est épileptique.", "épileptique", "health"),
    ("Hospitalisation psychiatrique en 2022.", "Hospitalisation psychiatrique", "health"),
    ("Sortie de l'HP la semaine dernière.", "HP", "health"),
    ("Séjour en HP cet hiver.", "HP", "health"),
    ("Suivi psy régulier.", "psy", "health"),
    ("Il voit une psychologue.", "psychologue", "health"),
    ("Suivi psychologique hebdomadaire.", "Suivi psychologique", "health"),
    ("Handicap psychique reconnu.", "Handicap psychique", "health"),
    ("Dossier MDPH en cours.", "MDPH", "health"),
    ("Bénéficiaire de l'AAH.", "AAH", "health"),
    ("Il est sous antidépresseurs.", "antidépresseurs", "health"),
    ("Sous traitement depuis deux ans.", "Sous traitement", "health"),
    ("Elle prend un traitement lourd.", "un traitement lourd", "health"),
    ("Il a arrêté son traitement.", "son traitement", "health"),
    ("Neuroleptiques à haute dose.", "Neuroleptiques", "health"),
    ("Alcoolisme chronique.", "Alcoolisme", "health"),
    ("Problème avec l'alcool.", "alcool", "health"),
    ("Problème avec l’alcool.", "alcool", "health"),
    ("Consommation d'alcool importante.", "alcool", "health"),
    ("Il est alcoolique.", "alcoolique", "health"),
    ("Toxicomanie ancienne.", "Toxicomanie", "health"),
    ("Consomme du cannabis.", "cannabis", "health"),
    ("Ancien héroïnomane.", "héroïnomane", "health"),
    ("Sevrage en cours.", "Sevrage", "health"),
    ("Sous méthadone.", "méthadone", "health"),
    ("Traitement au Subutex.", "Subutex", "health"),
    ("Suivie au CSAPA.", "CSAPA", "health"),
    ("Elle est enceinte de quatre mois.", "enceinte", "health"),
    ("Grossesse en cours.", "Grossesse", "health"),
    ("IVG en janvier.", "IVG", "health"),
    ("Congé maternité jusqu'en mai.", "Congé maternité", "health"),
    ("Arrêt maladie depuis le 3 mars.", "Arrêt maladie", "health"),
    ("Reconnue inapte par la médecine du travail.", "inapte", "health"),
    ("Burn-out en 2021.", "Burn-out", "health"),
    ("Tentative de suicide en 2020.", "suicide", "health"),
    ("Il est autiste.", "autiste", "health"),
    ("Elle est dyslexique.", "dyslexique", "health"),
    ("Elle prend des anxiolytiques.", "anxiolytiques", "health"),
    ("Il fume du shit.", "shit", "health"),
    ("Il se drogue.", "drogue", "health"),
    ("Il a des idées suicidaires.", "suicidaires", "health"),
    ("Elle est suivie en psychiatrie.", "psychiatrie", "health"),
    ("Il est atteint de sclérose en plaques.", "sclérose en plaques", "health"),
    ("Elle a fait une fausse couche.", "fausse couche", "health"),
    ("Il est en arrêt de travail.", "arrêt de travail", "health"),
    # sex life
    ("Il est homosexuel.", "homosexuel", "sex_life"),
    ("Elle est lesbienne.", "lesbienne", "sex_life"),
    ("Personne transgenre.", "transgenre", "sex_life"),
    ("Il est gay.", "gay", "sex_life"),
    ("Elle est bisexuelle.", "bisexuelle", "sex_life"),
    ("Ancienne prostituée.", "prostituée", "sex_life"),
    # religion
    ("Elle est musulmane.", "musulmane", "religion"),
    ("Il est juif.", "juif", "religion"),
    ("Elle est juive.", "juive", "religion"),
    ("Il est chrétien.", "chrétien", "religion"),
    ("Elle porte le voile.", "voile", "religion"),
    ("Elle est voilée.", "voilée", "religion"),
    ("Fait le ramadan.", "ramadan", "religion"),
    ("Va à la mosquée le vendredi.", "mosquée", "religion"),
    ("Va à l'église le dimanche.", "église", "religion"),
    ("Fréquente la synagogue.", "synagogue", "religion"),
    ("Très pratiquante.", "pratiquante", "religion"),
    ("Absente pour la prière du vendredi.", "prière", "religion"),
    ("Convictions religieuses fortes.", "religieuses", "religion"),
    ("Elle porte le foulard.", "foulard", "religion"),
    ("Il fait la prière cinq fois par jour.", "prière", "religion"),
    # political and union opinions
    ("Délégué syndical chez son dernier employeur.", "Délégué syndical", "politics"),
    ("Engagé politiquement.", "Engagé politiquement", "politics"),
    ("Proche du Rassemblement national.", "Rassemblement national", "politics"),
    ("A participé au mouvement des gilets jaunes.", "gilets jaunes", "politics"),
    # origin
    ("D'origine maghrébine.", "origine maghrébine", "origin"),
    ("Jeune femme d'origine africaine.", "origine africaine", "origin"),
    ("Issu de la communauté rom.", "rom", "origin"),
    ("Famille issue des gens du voyage.", "gens du voyage", "origin"),
    ("Personne de couleur.", "Personne de couleur", "origin"),
    ("Issue de l'immigration.", "Issue de l'immigration", "origin"),
    ("D’origine étrangère.", "origine étrangère", "origin"),
    ("Il est d'origine algérienne.", "origine algérienne", "origin"),
    ("Il est noir.", "noir", "origin"),
    ("Elle est rom.", "rom", "origin"),
    # justice
    ("Casier judiciaire chargé.", "Casier judiciaire", "justice"),
    ("Il a un casier.", "un casier", "justice"),
    ("Condamné pour vol en 2019.", "Condamné", "justice"),
    ("Condamnation en 2018.", "Condamnation", "justice"),
    ("Sortant de prison.", "prison", "justice"),
    ("Six mois d'emprisonnement.", "emprisonnement", "justice"),
    ("Incarcéré de 2019 à 2021.", "Incarcéré", "justice"),
    ("Ancien détenu.", "Ancien détenu", "justice"),
    ("Ex-détenue.", "Ex-détenue", "justice"),
    ("Suivi par le SPIP.", "SPIP", "justice"),
    ("Sursis probatoire jusqu'en 2025.", "Sursis", "justice"),
    ("Porte un bracelet électronique.", "bracelet électronique", "justice"),
    ("TIG à effectuer.", "TIG", "justice"),
    ("Travail d'intérêt général en cours.", "Travail d'intérêt général", "justice"),
    ("Placé en garde à vue.", "garde à vue", "justice"),
    ("A porté plainte contre son voisin.", "porté plainte contre", "justice"),
    ("Convoqué au tribunal le 5 juin.", "tribunal", "justice"),
    (
        "Rendez-vous avec le juge d'application des peines.",
        "juge d'application des peines",
        "justice",
    ),
    ("En détention provisoire.", "En détention provisoire", "justice"),
    ("Sortant de détention.", "Sortant de détention", "justice"),
    ("Maison d'arrêt de Nantes.", "Maison d'arrêt", "justice"),
    ("Il est sous bracelet.", "sous bracelet", "justice"),
    ("Il a fait de la prison.", "prison", "justice"),
    ("Il travaille au noir.", "travaille au noir", "justice"),
    # immigration
    ("Elle est sans papiers.", "sans papiers", "immigration"),
    ("Sans-papiers depuis 2020.", "Sans-papiers", "immigration"),
    ("Sous OQTF.", "OQTF", "immigration"),
    ("En situation irrégulière.", "situation irrégulière", "immigration"),
    ("Demandeur d'asile.", "asile", "immigration"),
    ("Bénéficie de l'AME.", "AME", "immigration"),
    ("Hébergée au CADA.", "CADA", "immigration"),
    ("Il a le statut de réfugié.", "réfugié", "immigration"),
    ("Il n'a pas de papiers.", "n'a pas de papiers", "immigration"),
    # violence suffered
    ("Violences conjugales.", "Violences conjugales", "violence"),
    ("Elle a été violée.", "violée", "violence"),
    ("Harcèlement au travail.", "Harcèlement", "violence"),
    ("Mariage forcé.", "Mariage forcé", "violence"),
    ("Femme battue.", "Femme battue", "violence"),
    ("Sous emprise.", "Sous emprise", "violence"),
    ("Elle dit qu'il la bat.", "bat", "violence"),
    # other people
    ("Son mari est au chômage.", "Son mari", "third_party"),
    ("Sa fille est malade.", "Sa fille", "third_party"),
    ("Ses enfants sont placés.", "Ses enfants sont placés", "third_party"),
    ("Enfant placé depuis 2021.", "Enfant placé", "third_party"),
    ("En instance de divorce.", "divorce", "third_party"),
    ("Son ex-conjoint la menace.", "Son ex-conjoint", "third_party"),
    ("Sa sœur l'héberge.", "Sa sœur", "third_party"),
]


@pytest.mark.parametrize("text, words, topic", JUDGEMENTAL, ids=[c[0] for c in JUDGEMENTAL])
def test_judgemental_wording_is_flagged(text, words, topic):
    findings = check_text(text)
    assert [(f.words, f.topic) for f in findings] == [(words, topic)]
    assert findings[0].category == Category.JUDGEMENT


@pytest.mark.parametrize("text, words, topic", SENSITIVE, ids=[c[0] for c in SENSITIVE])
def test_sensitive_details_are_flagged(text, words, topic):
    findings = check_text(text)
    assert [(f.words, f.topic) for f in findings] == [(words, topic)]
    assert findings[0].category == Category.SENSITIVE


# Sentences with several passages to flag, in reading order.
SEVERAL = [
    ("Catholique pratiquant.", [("Catholique", "religion"), ("pratiquant", "religion")]),
    ("Il est syndiqué à la CGT.", [("syndiqué", "politics"), ("CGT", "politics")]),
    (
        "Militante d'extrême gauche.",
        [("Militante", "politics"), ("extrême gauche", "politics")],
    ),
    ("Débouté du droit d'asile.", [("Débouté", "immigration"), ("asile", "immigration")]),
    (
        "Victime de violences conjugales.",
        [("Victime", "violence"), ("violences conjugales", "violence")],
    ),
    ("Frappée par son conjoint.", [("Frappée", "violence"), ("son conjoint", "third_party")]),
    ("Décès de sa mère en janvier.", [("Décès", "third_party"), ("sa mère", "third_party")]),
    ("Suivi ASE pour son fils.", [("ASE", "third_party"), ("son fils", "third_party")]),
    (
        "Garde alternée de ses deux enfants.",
        [("Garde alternée", "third_party"), ("ses deux enfants", "third_party")],
    ),
    (
        "Il est paresseux et manque de motivation.",
        [("paresseux", "label"), ("manque de motivation", "motivation")],
    ),
    (
        "Visiblement, il boit beaucoup.",
        [("Visiblement", "opinion"), ("boit beaucoup", "health")],
    ),
    ("Sa sœur est hospitalisée.", [("Sa sœur", "third_party"), ("hospitalisée", "health")]),
    (
        "Suivi au CMP pour une dépression, sous antidépresseurs, sortie de l’HP en mai.",
        [
            ("CMP", "health"),
            ("dépression", "health"),
            ("antidépresseurs", "health"),
            ("HP", "health"),
        ],
    ),
    (
        "Sortant de détention, suivi par le SPIP, sursis probatoire.",
        [("Sortant de détention", "justice"), ("SPIP", "justice"), ("sursis", "justice")],
    ),
]


@pytest.mark.parametrize("text, expected", SEVERAL, ids=[c[0] for c in SEVERAL])
def test_several_passages_are_flagged_in_reading_order(text, expected):
    assert found(text) == expected


NEUTRAL = [
    # positive words that look like the negative ones
    "Il est très motivé.",
    "Elle est motivée et ponctuelle.",
    "Très motivée par la formation d'aide-soignante.",
    "Sa motivation est réelle.",
    "Elle fait preuve d'une grande motivation.",
    "Lettre de motivation rédigée avec la conseillère.",
    "La personne se dit motivée et disponible rapidement.",
    "Elle ne manque pas de motivation.",
    "Il a fait preuve de sérieux et de ponctualité.",
    # negations and attributions
    "Elle n'a pas baissé les bras malgré trois refus.",
    "Nous l'encourageons à ne pas baisser les bras.",
    "Elle n'est pas paresseuse, elle est épuisée par ses horaires.",
    "Il n'est pas du tout agressif.",
    "Il se dit découragé par les refus reçus.",
    "Elle se sent fragile psychologiquement depuis l'hiver.",
    "Selon elle, elle manque de motivation depuis son licenciement.",
    "Elle dit : « je suis paresseuse le matin ».",
    # « traitement » outside health
    "Maîtrise du traitement de texte et du tableur.",
    "Le traitement du dossier RSA est en cours à la CAF.",
    "Délais de traitement des demandes : trois semaines.",
    "Traitement des commandes chez son précédent employeur.",
    "Le traitement de sa candidature prendra deux semaines.",
    # « pratiquant », « voile », « HP », « assisté », « détenu »
    "Elle pratique la natation.",
    "Pratiquant la natation en club depuis dix ans.",
    "Pratiquant régulièrement le football.",
    "Fait de la planche à voile l'été.",
    "A travaillé à l'entretien de la voile du bateau.",
    "Son ordinateur HP est en panne.",
    "Imprimante HP mise à disposition.",
    "Il a assisté à l'information collective du 4 mars.",
    "Elle a assisté le chef d'équipe pendant le stage.",
    "Elle est assistée par une interprète lors des entretiens.",
    "Les diplômes détenus sont joints au dossier.",
    "Elle a détenu un poste de caissière pendant trois ans.",
    # words of the job that contain or look like sensitive ones
    "Suivi mensuel avec la conseillère France Travail.",
    "Métier d'origine : cuisinier.",
    "Réside dans un quartier prioritaire de la politique de la ville.",
    "Droits ouverts à l'assurance maladie.",
    "Attestation de la caisse primaire d'assurance maladie fournie.",
    "Elle travaille dans l'enceinte de l'hôpital.",
    "Agent de service hospitalier en EHPAD.",
    "Expérience de caviste : vente d'alcool et conseil client.",
    "Syndicat mixte des transports de l'agglomération.",
    "L'entreprise a été placée en liquidation judiciaire.",
    "Le procès-verbal de la réunion est joint.",
    "Prière de rappeler Mme Diallo au sujet du dossier.",
    "Rendez-vous place de l'Église à 10 h.",
    "Échange avec la psychologue du travail de France Travail.",
    "En croyant bien faire, il a envoyé deux CV.",
    "Elle croit en son projet.",
    "L'entreprise opère des livraisons dans toute la région.",
    "Il fait la sourde oreille aux relances.",
    "Victime d'un accident de la route en 2019.",
    "À peine arrivé, il a trouvé un stage.",
    # preferences and constraints, which are facts
    "Il ne veut pas travailler le week-end.",
    "Elle ne veut pas travailler de nuit.",
    "Ce poste ne demande aucun effort physique particulier.",
    "Le poste demande des efforts physiques.",
    "Il ne fait pas de doute que le permis sera utile.",
    # situations, not people
    "Situation de logement instable : hébergée chez un tiers.",
    "Revenus instables liés à l'intérim.",
    "Emploi instable dans le nettoyage.",
    "Horaires instables dans la grande distribution.",
    "Situation financière fragile.",
    "Il manque d'expérience dans la vente.",
    "Il manque de confiance en lui à l'oral.",
    "Peu d'offres correspondent à son profil.",
    "Le jeune présente un profil adapté au poste.",
    "Il a besoin d'être rassuré avant les entretiens.",
    "Elle s'est présentée avec une tenue adaptée.",
    "Atelier hygiène et sécurité alimentaire (HACCP) validé.",
    "Il faut le relancer par SMS la veille des rendez-vous.",
    "Candidat difficile à joindre le matin.",
    "Il est limité dans ses déplacements.",
    "Sa disponibilité est limitée à 20 heures.",
    "Le nombre de places est limité.",
    "Il est dangereux de conduire sans permis.",
    "Transport de matières dangereuses (ADR).",
    "Il n'est pas dangereux.",
    "Il parle arabe et français.",
    "La salle est noire de monde.",
    "Elle maîtrise la frappe au clavier.",
    # the neutral formulations the tool suggests
    "Contraintes de santé à prendre en compte (détails connus du référent).",
    "Disponibilité limitée certains jours.",
    "Situation administrative en cours de régularisation.",
    "Contraintes familiales le mercredi ; solution de garde à trouver.",
    "Ne s'est pas présenté aux rendez-vous du 3 et du 10 mars ; dit être découragé.",
    "En situation d'illettrisme, elle suit un atelier d'écriture.",
    "Maîtrise du français : comprend et parle, écrit à consolider.",
    "Titre de séjour valide jusqu'en 2027, autorisée à travailler.",
    "Selon la personne, les horaires du matin sont difficiles.",
    "J'ai constaté trois retards en mars.",
    # ordinary professional sentences
    "Il a le permis B et un véhicule.",
    "Elle a participé à l'atelier CV du 5 février.",
    "Le prochain rendez-vous est fixé au 15 avril à 10 h.",
    "Il a le sens du contact et aime le travail en équipe.",
    "Il conduit un chariot élévateur (CACES 3).",
    "Il s'est présenté à tous les rendez-vous depuis janvier.",
    "Réalisation d'une immersion (PMSMP) du 3 au 14 mars.",
    "Le partenaire a bien reçu la fiche de liaison.",
    "Le candidat est disponible immédiatement.",
    "Il a obtenu son permis de conduire.",
    "Il participe à un chantier d'insertion (ACI).",
    "Il voudrait travailler dans la logistique.",
]


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_sentences_are_left_alone(text):
    assert found(text) == []


FICHE_DE_LIAISON = """\
Fiche de liaison — orientation vers l'atelier « Objectif emploi »

Madame D. est accompagnée par notre structure depuis le 12 janvier 2024, dans le cadre du RSA.
Elle recherche un emploi d'agent d'entretien à temps partiel, à proximité de son domicile.
Elle dispose du permis B mais n'a pas de véhicule ; elle se déplace en bus et à vélo.

Parcours : CAP cuisine obtenu en 2009 ; trois ans en restauration collective ; plusieurs
missions d'intérim dans la propreté entre 2019 et 2023.
Actions réalisées : atelier CV les 5 et 12 février, immersion (PMSMP) de deux semaines chez
un employeur du secteur de la propreté, très bon retour du tuteur sur la ponctualité.

Points d'appui : sens du contact, ponctualité, expérience en collectivité.
À travailler : utilisation de l'outil informatique (traitement de texte, messagerie),
préparation aux entretiens d'embauche.
Contraintes : disponibilité limitée le mercredi ; contraintes de santé à prendre en compte
(détails connus du référent).

Madame D. a donné son accord pour la transmission de cette fiche. Prochain rendez-vous de
bilan fixé au 15 avril à 10 h.
"""


def test_a_real_fiche_de_liaison_has_nothing_to_reread():
    assert check_text(FICHE_DE_LIAISON) == []


def test_a_careless_fiche_is_flagged_passage_by_passage():
    text = (
        "Monsieur K., 34 ans, sortant de prison (SPIP), schizophrène sous neuroleptiques. "
        "Il est clair qu'il ne veut pas travailler : il est paresseux et de mauvaise foi. "
        "Musulman pratiquant, il fait le ramadan. Son ex-compagne a porté plainte."
    )
    findings = check_text(text)
    assert [f.words for f in findings] == [
        "prison",
        "SPIP",
        "schizophrène",
        "neuroleptiques",
        "Il est clair qu",
        "ne veut pas travailler",
        "paresseux",
        "mauvaise foi",
        "Musulman",
        "pratiquant",
        "ramadan",
        "Son ex-compagne",
        "porté plainte",
    ]
    for f in findings:
        assert text[f.start : f.end] == f.words
        assert f.explanation and f.suggestion


# --- offsets, folding, engine --------------------------------------------------------------


def test_offsets_point_into_the_original_text_after_ligatures_and_accents():
    text = "Œuvre de sa sœur : elle est hospitalisée. Dépressive."
    findings = check_text(text)
    assert [(f.start, f.end, f.words) for f in findings] == [
        (9, 16, "sa sœur"),
        (28, 40, "hospitalisée"),
        (42, 52, "Dépressive"),
    ]


def test_combining_accents_and_typographic_spaces_are_kept_in_the_span():
    text = "Il souffre de de\u0301pression ; il est\u00a0paresseux."
    assert [f.words for f in check_text(text)] == ["de\u0301pression", "paresseux"]


def test_fold_maps_every_character_back_to_the_original():
    folded, origin = fold("L’Œil À")
    assert folded == "l'oeil a"
    assert origin == [0, 1, 2, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "word, forms",
    [
        ("paresseux", {"paresseux", "paresseuse", "paresseuses"}),
        ("menteur", {"menteur", "menteurs", "menteuse", "menteuses"}),
        ("manipulateur", {"manipulatrice", "manipulatrices"}),
        ("depressif", {"depressif", "depressifs", "depressive", "depressives"}),
        ("caracteriel", {"caracterielle", "caracterielles"}),
        ("chretien", {"chretienne", "chretiennes"}),
        ("social", {"sociaux", "sociale", "sociales"}),
        ("motive", {"motive", "motivee", "motives", "motivees"}),
        ("faineant", {"faineant", "faineants", "faineante", "faineantes"}),
        ("senegalais", {"senegalaise", "senegalaises"}),
        ("etranger", {"etrangere", "etrangeres"}),
    ],
)
def test_inflect_gives_feminine_and_plural_forms(word, forms):
    assert forms <= set(inflect(word))


def test_conjugate_gives_the_usual_forms_of_a_first_group_verb():
    assert {"baisse", "baissent", "baissait", "baissaient", "baisser"} <= set(conjugate("baisser"))


def test_phrase_compiler_reports_only_the_words_outside_the_context():
    pattern = compile_phrase("[en|l|d] hp")
    assert [m.group("hit") for m in find_phrase(pattern, "sortie de l'hp hier")] == ["hp"]
    assert list(find_phrase(pattern, "ordinateur hp")) == []
    # Only at the start of a word: « perd hp » has no « d hp ».
    assert list(find_phrase(pattern, "il perd hp")) == []
    assert [
        m.group("hit") for m in find_phrase(compile_phrase("paresseux+"), "aparesseux paresseuse")
    ] == ["paresseuse"]
    with pytest.raises(ValueError):
        compile_phrase("[a] b [c] d")
    with pytest.raises(ValueError):
        compile_phrase("a? b")


def test_capitals_in_a_rule_must_be_capitals_in_the_text():
    assert found("Droits ouverts à l'AME.") == [("AME", "immigration")]
    assert found("Il y a mis toute son âme.") == []


def test_overlapping_rules_report_the_longest_passage_once():
    findings = check_text("Hospitalisation psychiatrique en 2022.")
    assert [(f.words, f.rule) for f in findings] == [
        ("Hospitalisation psychiatrique", "health_mental")
    ]


def test_text_beyond_the_limit_is_not_analysed():
    text = "a " * (MAX_TEXT_LENGTH // 2) + "il est paresseux"
    assert check_text(text) == []
    assert check_text("") == []


def test_every_rule_has_a_known_topic_and_compiles():
    for rule in RULES:
        assert rule.topic in TOPICS, rule.code
        for phrase in rule.phrases:
            assert re.compile(compile_phrase(phrase).pattern), phrase
    for topic in TOPICS.values():
        assert topic.explanation.strip() and topic.suggestion.strip()
        assert (topic.category == Category.JUDGEMENT) == (topic.code in JUDGEMENT_TOPICS)


# --- what the counselor reads --------------------------------------------------------------


def test_findings_explain_in_french_with_the_law_for_sensitive_data():
    health, justice, label = (
        check_text("Suivi au CMP.")[0],
        check_text("Suivi par le SPIP.")[0],
        check_text("Il est paresseux.")[0],
    )
    assert "art. 9" in health.explanation and "détails connus du référent" in health.suggestion
    assert "article 10" in justice.explanation
    assert "faits" in label.suggestion and label.category_label == "Formulation jugeante"
    assert health.category_label == "Information sensible" and health.topic_label == "Santé"
    assert health.as_dict()["category"] == "sensitive"


def test_summary_counts_findings_by_category_and_names_sensitive_topics():
    assert summarize([]).startswith("Aucun point à revoir")
    one = check_text("Il est paresseux.")
    assert summarize(one) == (
        "1 point à revoir avant de partager ce texte : 1 formulation jugeante."
    )
    mixed = check_text("Il est paresseux et instable ; suivi au CMP et par le SPIP.")
    assert summarize(mixed) == (
        "4 points à revoir avant de partager ce texte : 2 formulations jugeantes et "
        "2 informations sensibles (santé, justice)."
    )


def test_excerpt_shows_the_words_around_a_finding():
    text = "Lors de l'entretien du 4 mars, il a dit qu'il est paresseux le matin et qu'il dort mal."
    finding = check_text(text)[0]
    before, words, after = excerpt(text, finding, width=20)
    assert words == "paresseux"
    assert before.startswith("…") and before.endswith("il est ")
    assert after.startswith(" le matin") and after.endswith("…")
