"""The offer checker on real-looking French phrasings: what it must flag, what it must not.

Pure unit tests: no Django import, no database.
"""

import subprocess
import sys

import pytest

from tremplin.employers.checker import RULES, Finding, check_text

# (text, expected rule): each must yield at least one finding of that rule.
MUST_FLAG = [
    # --- Age: limits ---
    ("Nous recherchons un commercial (H/F) de moins de 30 ans.", "age"),
    ("Vendeur H/F, âgé de 25 à 35 ans, pour notre boutique de Lille.", "age"),
    ("Profil : 25-35 ans, motivé, permis B.", "age"),
    ("Candidat(e) âgé(e) entre 20 et 30 ans.", "age"),
    ("Âge maximum : 45 ans.", "age"),
    ("Age max 40 ans, expérience souhaitée.", "age"),
    ("Âge : 20-28 ans", "age"),
    ("Poste pour une personne de 30 ans maximum.", "age"),
    ("Candidats de 35 ans au plus.", "age"),
    ("Vous avez entre 18 et 25 ans et aimez le contact client ?", "age"),
    ("Limite d'âge : 35 ans.", "age"),
    ("Âgée de moins de 40 ans, vous êtes disponible le week-end.", "age"),
    ("Ne pas dépasser 50 ans.", "age"),
    ("Plus de 25 ans exigé pour ce poste de gardien d'immeuble (H/F).", "age"),
    ("Être âgé de 21 ans minimum (contrainte de l'assureur).", "age"),
    ("Cuisinier H/F 30/45 ans", "age"),
    ("Âge idéal : 28 ans.", "age"),
    ("Candidats de 25 ans et moins uniquement.", "age"),
    ("Âgés de 30 à 40 ans, les candidats auront une première expérience.", "age"),
    ("MOINS DE 35 ANS", "age"),
    ("agee de moins de 30 ans", "age"),
    ("Vous avez au plus 32 ans.", "age"),
    ("Âgé(e) de 25 ans minimum.", "age"),
    ("Vendeur H/F, âgé.e de 20 à 30 ans.", "age"),
    ("Contrat d'apprentissage : apprenti de 18 à 20 ans.", "age"),
    ("Apprenti(e) de moins de 26 ans pour un BP boulanger.", "age"),
    ("Alternance en contrat de professionnalisation, moins de 26 ans uniquement.", "age"),
    # --- Age: age-coded words ---
    ("Rejoignez une jeune équipe dynamique !", "age"),
    ("Nous sommes une équipe jeune et dynamique.", "age"),
    ("Intégrez notre dynamique et jeune équipe.", "age"),
    ("Nous recherchons un jeune vendeur motivé (H/F).", "age"),
    ("Profil jeune et motivé souhaité.", "age"),
    ("Vous êtes jeune, dynamique et souriant.", "age"),
    ("Idéal pour jeune retraité souhaitant un complément de revenu.", "age"),
    ("Poste convenant à un retraité.", "age"),
    ("Pas de seniors, merci.", "age"),
    ("Seniors s'abstenir.", "age"),
    ("Offre réservée aux jeunes.", "age"),
    ("Poste réservé aux moins de 30 ans.", "age"),
    ("Nous cherchons un digital native pour animer nos réseaux.", "age"),
    ("Candidats jeunes privilégiés.", "age"),
    ("Vieux s'abstenir", "age"),
    ("Jeune H/F motivé(e) pour notre boutique.", "age"),
    ("Vous avez moins de 26 ans ? Ce poste est pour vous.", "age"),
    ("Tranche d'âge : 20-30 ans.", "age"),
    ("Jeunes talents bienvenus pour notre programme commercial.", "age"),
    # --- Sex: titles in one gender ---
    ("Serveuse\nRestaurant traditionnel à Lyon, CDI 35 h.", "sex"),
    ("Vendeur\nBoutique de prêt-à-porter, CDD 6 mois.", "sex"),
    ("Caissière", "sex"),
    ("Hôtesse d'accueil\nAccueil physique et téléphonique.", "sex"),
    ("Femme de chambre\nHôtel 3 étoiles, saison d'été.", "sex"),
    ("Femme de ménage\nEntretien de bureaux le soir.", "sex"),
    ("Homme d'entretien\nPetits travaux et espaces verts.", "sex"),
    ("Aide-soignante de nuit\nEHPAD, CDI.", "sex"),
    ("Assistante de direction\nTenue d'agenda, courrier.", "sex"),
    ("Directeur commercial\nPilotage de l'équipe de vente.", "sex"),
    ("Chauffeur livreur\nTournées en Île-de-France.", "sex"),
    ("Infirmière coordinatrice\nSSIAD, temps plein.", "sex"),
    ("Employée libre-service\nMise en rayon.", "sex"),
    ("Préparateur de commandes\nEntrepôt logistique, 3x8.", "sex"),
    ("Cuisinier\nCuisine traditionnelle, coupure l'après-midi.", "sex"),
    ("Chargée de clientèle\nCentre d'appels, CDI.", "sex"),
    ("Technicien de maintenance\nIndustrie agroalimentaire.", "sex"),
    ("Serveurs\nBrasserie, extras week-end.", "sex"),
    ("Commerciale terrain\nSecteur Bretagne.", "sex"),
    ("Agent de sécurité\nSite industriel, nuit.", "sex"),
    ("Boulangère\nVente en boulangerie, 5 h-13 h.", "sex"),
    ("Ouvrier agricole\nRécolte et taille.", "sex"),
    ("Magasinière cariste\nCACES R489 cat. 3.", "sex"),
    ("Éducatrice de jeunes enfants\nCrèche municipale.", "sex"),
    ("Conseiller clientèle\nAgence bancaire.", "sex"),
    ("Plongeur\nRestaurant, soirées.", "sex"),
    ("Gouvernante\nHôtel 4 étoiles.", "sex"),
    ("Animatrice périscolaire\nTemps scolaire.", "sex"),
    ("Coiffeuse\nSalon de quartier.", "sex"),
    ("Mécanicien poids lourds\nAtelier.", "sex"),
    ("Hote de caisse\nHypermarché.", "sex"),
    ("Développeur Python\nÉquipe produit.", "sex"),
    # --- Sex: body ---
    ("Nous recherchons une vendeuse pour notre boutique.", "sex"),
    ("Restaurant recrute 2 serveuses pour la saison.", "sex"),
    ("Poste réservé aux hommes (port de charges).", "sex"),
    ("Femmes uniquement.", "sex"),
    ("Nous cherchons une femme pour l'accueil.", "sex"),
    ("Profil masculin souhaité.", "sex"),
    ("Candidat de sexe masculin.", "sex"),
    ("Jeune femme souriante pour l'accueil.", "sex"),
    ("Recherche jeune homme pour manutention.", "sex"),
    ("Homme de préférence pour ce poste de chantier.", "sex"),
    ("Exclusivement des femmes pour ce poste.", "sex"),
    ("Présence masculine indispensable.", "sex"),
    ("Nous recherchons des hommes robustes pour le déménagement.", "sex"),
    ("Femme souhaitée pour s'occuper d'une personne âgée.", "sex"),
    # --- Nationality ---
    ("De nationalité française, vous êtes titulaire du permis B.", "nationality"),
    ("Nationalité française exigée.", "nationality"),
    ("Nationalité européenne obligatoire.", "nationality"),
    ("Être de nationalité d'un pays de l'Union européenne.", "nationality"),
    ("Ressortissants de l'UE uniquement.", "nationality"),
    ("Français uniquement.", "nationality"),
    ("Pas d'étrangers.", "nationality"),
    ("Étrangers s'abstenir.", "nationality"),
    ("Citoyen français exigé.", "nationality"),
    ("NATIONALITE FRANCAISE", "nationality"),
    ("Vous êtes Français ou Européen.", "nationality"),
    # --- Origin ---
    ("Candidat d'origine européenne de préférence.", "origin"),
    ("Français de souche.", "origin"),
    ("Type européen souhaité pour la clientèle.", "origin"),
    ("Pas de Maghrébins.", "origin"),
    ("D'origine française, vous maîtrisez l'anglais.", "origin"),
    ("Profil caucasien pour un poste d'hôte (H/F).", "origin"),
    ("Africains s'abstenir.", "origin"),
    # --- Language ---
    ("Français langue maternelle exigé.", "language"),
    ("Anglais langue maternelle.", "language"),
    ("Vous êtes de langue maternelle française.", "language"),
    ("Locuteur natif en anglais (H/F).", "language"),
    ("Native speaker English for our call center.", "language"),
    ("Parfait français, sans accent.", "language"),
    ("Accent neutre indispensable au téléphone.", "language"),
    ("Francophone natif.", "language"),
    # --- Name ---
    ("Nom à consonance française de préférence.", "name"),
    ("Patronyme français souhaité.", "name"),
    # --- Appearance ---
    ("Bonne présentation exigée.", "appearance"),
    ("Vous avez une bonne présentation et le sens du service.", "appearance"),
    ("Physique agréable.", "appearance"),
    ("Belle apparence.", "appearance"),
    ("Présentation soignée.", "appearance"),
    ("Très bonne présentation indispensable.", "appearance"),
    ("Excellente présentation.", "appearance"),
    ("Jolie hôtesse (H/F) pour salon professionnel.", "appearance"),
    ("Taille minimum 1m70.", "appearance"),
    ("Pas de tatouages visibles.", "appearance"),
    ("Piercings interdits.", "appearance"),
    ("Bon physique pour le poste de vendeur (H/F).", "appearance"),
    ("BONNE PRESENTATION", "appearance"),
    ("Candidate élancée et mince.", "appearance"),
    # --- Family ---
    ("Sans enfants, disponible immédiatement.", "family"),
    ("Célibataire de préférence (déplacements).", "family"),
    ("Pas d'enfants en bas âge.", "family"),
    ("Candidate mariée souhaitée.", "family"),
    ("Sans charge de famille.", "family"),
    ("Sans contraintes familiales.", "family"),
    ("Situation familiale stable.", "family"),
    ("Idéal pour mère de famille.", "family"),
    ("Pas de contraintes familiales, disponible le soir.", "family"),
    ("Célibataires uniquement.", "family"),
    ("Sans attaches, vous êtes mobile.", "family"),
    # --- Pregnancy ---
    ("Ne pas être enceinte.", "pregnancy"),
    ("Pas enceinte.", "pregnancy"),
    ("Candidate non enceinte.", "pregnancy"),
    ("Femmes enceintes s'abstenir.", "pregnancy"),
    ("Pas de projet de grossesse dans les deux ans.", "pregnancy"),
    ("Sans désir d'enfant à court terme.", "pregnancy"),
    ("Pas de congé maternité prévu.", "pregnancy"),
    ("Grossesse en cours exclue.", "pregnancy"),
    ("Pas de femme enceinte.", "pregnancy"),
    # --- Health and disability ---
    ("En parfaite santé.", "health"),
    ("Vous êtes en bonne santé et aimez le travail physique.", "health"),
    ("Bonne condition physique exigée.", "health"),
    ("Non handicapé.", "health"),
    ("Pas de handicap.", "health"),
    ("Handicapés s'abstenir.", "health"),
    ("Sans problème de dos.", "health"),
    ("Sans antécédents médicaux.", "health"),
    ("Pas de RQTH.", "health"),
    ("Pas de travailleurs handicapés.", "health"),
    ("Personne valide pour la manutention.", "health"),
    ("Sans arrêts maladie ces deux dernières années.", "health"),
    ("Excellente santé indispensable.", "health"),
    # --- Residence ---
    ("Habitants du 93 s'abstenir.", "residence"),
    ("93 s’abstenir.", "residence"),
    ("Résidant hors quartiers.", "residence"),
    ("Pas de candidats de banlieue.", "residence"),
    ("Hors QPV.", "residence"),
    ("Vous devez résider à moins de 10 km du magasin.", "residence"),
    ("Habiter obligatoirement sur la commune.", "residence"),
    ("Candidats locaux uniquement.", "residence"),
    ("Domicilié à Lyon intra-muros.", "residence"),
    ("Personnes des quartiers nord s'abstenir.", "residence"),
    ("Pas de cités.", "residence"),
    ("Pas de candidats du 93.", "residence"),
    ("Habitants du quartier exclus.", "residence"),
    ("Vous habitez idéalement le secteur de Montbrison.", "residence"),
    ("Vous résidez à proximité immédiate du site.", "residence"),
    ("Candidat habitant Saint-Nazaire de préférence.", "residence"),
    ("Résidant Nantes ou agglomération.", "residence"),
    ("Candidate habitant à Montoir-de-Bretagne.", "residence"),
    ("Personne dynamique habitant Saint-Nazaire.", "residence"),
    ("Profil : motivé, habitant Montoir.", "residence"),
    ("Vendeuse de bonne présentation, habitant Saint-Nazaire.", "residence"),
    # Inhabitants of a place named as the person sought.
    ("Habitant du quartier de préférence.", "residence"),
    ("Profil : habitante du quartier, dynamique.", "residence"),
    ("habitante du quartier", "residence"),
    ("HABITANTS DE LA COMMUNE UNIQUEMENT.", "residence"),
    ("Priorité aux habitants de la commune.", "residence"),
    ("Poste réservé aux habitants de la commune.", "residence"),
    ("Vous habitez le quartier ? Rejoignez-nous.", "residence"),
    ("Nous recherchons un habitant du quartier pour tenir la boutique.", "residence"),
    ("Vous êtes motivée, habitante du quartier.", "residence"),
    ("Candidate habitante du quartier.", "residence"),
    ("Idéalement habitant(e) de la commune.", "residence"),
    ("Les habitants de Trignac seront privilégiés.", "residence"),
    ("- habitant de Montoir-de-Bretagne", "residence"),
    # A job noun in one gender in the text of the offer, naming the job offered.
    ("Serveuse pour le service du midi.", "sex"),
    ("Jeune serveuse souriante pour le service du soir.", "sex"),
    ("Serveur (H/F)\n\nJeune serveuse souriante pour le midi.", "sex"),
    ("Service en salle (H/F)\n\nServeuse pour le service du midi.", "sex"),
    ("Restaurant traditionnel.\n\nProfil : vendeuse expérimentée.", "sex"),
    ("Restaurant traditionnel.\n\nVous êtes serveuse depuis deux ans.", "sex"),
    ("Restaurant traditionnel.\n\nNous recrutons une bonne serveuse.", "sex"),
    ("Boulangerie de quartier.\n\n- Vendeuse le week-end", "sex"),
    ("SERVEUSES POUR L'ÉTÉ.", "sex"),
    ("Brasserie du port.\n\nPoste de plongeur le soir.", "sex"),
    # A condition on private life: a caution.
    ("Candidat non-fumeur.", "private_life"),
    ("Non fumeur exigé.", "private_life"),
    ("Profil : ponctuel, motivé, non-fumeur.", "private_life"),
    ("Non-fumeuse de préférence.", "private_life"),
    ("Candidat(e) non-fumeur(se).", "private_life"),
    ("NON FUMEURS UNIQUEMENT", "private_life"),
    ("Fumeurs s'abstenir.", "private_life"),
    ("Vous ne fumez pas.", "private_life"),
    # --- Bank ---
    ("Compte bancaire en France obligatoire.", "bank"),
    # --- Religion ---
    ("Non pratiquant.", "religion"),
    ("Pas de voile.", "religion"),
    ("Port du voile interdit.", "religion"),
    ("Signes religieux non acceptés.", "religion"),
    ("Catholique pratiquant de préférence.", "religion"),
    ("De confession catholique.", "religion"),
    ("Femmes voilées s'abstenir.", "religion"),
    ("Pas de ramadan pendant la saison.", "religion"),
    ("Sans religion.", "religion"),
    ("Vous ne portez pas le voile.", "religion"),
    # --- Union ---
    ("Non syndiqué.", "union"),
    ("Pas de syndicalistes.", "union"),
    ("Sans engagement syndical.", "union"),
    ("Syndiqués s'abstenir.", "union"),
    # --- Politics ---
    ("Sans engagement politique.", "politics"),
    ("Non militant.", "politics"),
    ("Candidat apolitique.", "politics"),
    ("Militants s'abstenir.", "politics"),
    ("Pas d'engagement politique.", "politics"),
    ("Pas d'activité syndicale.", "union"),
    # --- Sexual orientation ---
    ("Hétérosexuel uniquement.", "sexual_orientation"),
    ("Pas de transgenres.", "sexual_orientation"),
    # --- Economic vulnerability ---
    ("RSA s'abstenir.", "economic_vulnerability"),
    ("Pas de chômeurs de longue durée.", "economic_vulnerability"),
    ("Bénéficiaires du RSA s'abstenir.", "economic_vulnerability"),
    # --- Without accents, in capitals, plurals, feminine forms ---
    ("NON HANDICAPE", "health"),
    ("physique agreable exige", "appearance"),
    ("Celibataire, sans enfant.", "family"),
    ("habitants du 93 s'abstenir", "residence"),
    ("Hôtesses d'accueil\nSalons et congrès.", "sex"),
    ("CAISSIERES\nHypermarché, week-ends.", "sex"),
    ("Vendeuses\nSoldes d'été.", "sex"),
    ("Agées de moins de 35 ans, les candidates seront disponibles.", "age"),
    ("Femmes voilees s'abstenir", "religion"),
    ("Non syndiquee.", "union"),
    ("de nationalite francaise", "nationality"),
    ("francais langue maternelle", "language"),
]

# Lawful wording: no finding at all.
MUST_NOT_FLAG = [
    "Vendeur (H/F)",
    "Vendeur H/F\nBoutique de prêt-à-porter, CDI.",
    "Serveur / Serveuse\nBrasserie, CDD saisonnier.",
    "Serveur ou serveuse\nRestaurant, 35 h.",
    "Serveur(euse)\nRestaurant, 35 h.",
    "Serveur·se\nRestaurant, 35 h.",
    "Assistant(e) de direction\nPME industrielle.",
    "Assistant.e de direction",
    "Directeur·rice d'agence",
    "Hôte ou hôtesse d'accueil\nSalon professionnel.",
    "Infirmier F/H\nCentre hospitalier.",
    "Aide-soignant (F/H) de nuit",
    "Caissier - H/F",
    "Cuisinier h/f",
    "Femme ou homme de ménage\nBureaux.",
    "Agent d'entretien (H/F/X)",
    "Secrétaire médicale\nCabinet de radiologie.",
    "Comptable\nCabinet d'expertise.",
    "Responsable de magasin\nEnseigne de bricolage.",
    "Auxiliaire de vie sociale\nService d'aide à domicile.",
    "Manutentionnaire\nEntrepôt.",
    "Cariste CACES R489 (H/F)",
    "Chef de rang (H/F)\nBrasserie.",
    "Poste ouvert aux personnes en situation de handicap.",
    "RQTH bienvenue.",
    "Entreprise handi-engagée : les candidatures de travailleurs handicapés sont bienvenues.",
    "Nous étudions toutes les candidatures, avec ou sans handicap.",
    "Poste accessible aux personnes bénéficiaires de l'obligation d'emploi (RQTH).",
    "Aménagement de poste possible.",
    "Nous sommes une jeune entreprise innovante.",
    "Jeune pousse de la tech lyonnaise, nous recrutons un développeur (H/F).",
    "Rejoignez une équipe dynamique et bienveillante.",
    "Entreprise jeune et dynamique, créée en 2021.",
    "Permis B exigé.",
    "Permis C et FIMO exigés.",
    "CACES R489 catégorie 3 obligatoire.",
    "Diplôme d'État d'aide-soignant exigé.",
    "Carte professionnelle du CNAPS obligatoire.",
    "Casier judiciaire vierge (bulletin n° 3) exigé pour le travail auprès d'enfants.",
    "Maîtrise du français à l'écrit et à l'oral.",
    "Anglais courant, niveau C1.",
    "Bilingue français-anglais.",
    "Contrat d'apprentissage (16-29 ans, sans limite d'âge pour les personnes RQTH).",
    "Apprentissage : avoir moins de 30 ans au début du contrat, conformément au Code du travail.",
    "Poste en apprentissage, BTS MCO.",
    "Contrat de professionnalisation, préparation d'un titre professionnel.",
    "Poste éligible au dispositif emplois francs.",
    "Poste éligible aux emplois francs : candidatures de personnes résidant en QPV bienvenues.",
    "Débutant accepté.",
    "Débutants acceptés, formation assurée en interne.",
    "Expérience de 5 ans minimum sur un poste similaire.",
    "Vous justifiez de plus de 10 ans d'expérience en comptabilité.",
    "3 à 5 ans d'expérience souhaités.",
    "Jeune diplômé accepté.",
    "Jeunes diplômés bienvenus.",
    "Profil junior accepté.",
    "Développeur senior (H/F)",
    "Consultant junior (H/F), première expérience en cabinet.",
    "Être majeur.",
    "18 ans minimum (service de boissons alcoolisées).",
    "Avoir 18 ans révolus.",
    "Vous accompagnerez des jeunes de 16 à 25 ans vers l'emploi.",
    "Animation d'un groupe d'enfants de 6 à 12 ans.",
    "Accompagnement de personnes âgées de plus de 60 ans à domicile.",
    "Notre entreprise, présente depuis plus de 30 ans, recrute un technicien (H/F).",
    "Une société de plus de 50 ans d'existence.",
    "CDD de 6 mois renouvelable.",
    "Intervention au domicile des bénéficiaires.",
    "Poste basé à Lyon 7e.",
    "Lieu de travail : Saint-Denis (93).",
    "Véhicule indispensable, zone non desservie par les transports en commun.",
    "Déplacements fréquents en Auvergne-Rhône-Alpes.",
    "Astreintes une semaine sur quatre.",
    "Horaires compatibles avec une vie de famille.",
    "Poste en remplacement d'un congé maternité.",
    "CDD de remplacement congé maternité de 4 mois.",
    "Accueil dans l'enceinte de l'établissement.",
    "Installation d'enceintes et de matériel de sonorisation.",
    "Vous accompagnerez les femmes enceintes en consultation de PMI.",
    "Autorisation de travail en France exigée.",
    "Titre de séjour autorisant à travailler en cours de validité.",
    "Toutes nationalités bienvenues.",
    "Réponses en français uniquement.",
    "Vente de produits d'origine française.",
    "Dressage et bonne présentation des assiettes.",
    "Bonne présentation orale des projets au client.",
    "Tenue de travail fournie.",
    "Port des EPI obligatoire.",
    "Présentation des produits en rayon.",
    "Le Syndicat intercommunal des eaux recrute un agent (H/F).",
    "Relations avec les organisations syndicales et le CSE.",
    "Association laïque.",
    "Mettre l'accent sur la qualité de service.",
    "Bonne santé financière de l'entreprise, croissance de 20 %.",
    "Port de charges jusqu'à 20 kg, station debout.",
    "Visite médicale d'aptitude à la conduite (permis D).",
    "Horaires de nuit, travail le dimanche.",
    "Nous recrutons sans distinction d'âge, de sexe, d'origine ou de handicap.",
    "Mannequin femme pour défilé, taille 38.",
    "Comédienne pour le rôle d'une mère de famille.",
    "Vous travaillerez en binôme avec le directeur commercial.",
    "Vous assisterez la directrice dans la gestion de l'agence.",
    "Service civique de 8 mois, mission ouverte aux 16-25 ans (30 ans pour les jeunes en situation de handicap).",
    "Accompagnement des parents célibataires dans leurs démarches.",
    "Garde d'enfants à domicile, enfants de 3 et 6 ans.",
    "Prime de 13e mois.",
    "Salaire : 1 900 € brut mensuel.",
    "Pas de limite d'âge.",
    "Nous recherchons un vendeur(se) pour la saison.",
    "Gardien d'immeuble (H/F) : obligation de résider sur place, logement de fonction fourni.",
    "Nous recrutons un(e) serveur(euse) pour l'été.",
    "Nous recrutons des serveurs et des serveuses pour l'été.",
    "Candidatures féminines encouragées dans un métier peu féminisé.",
    "Aide aux devoirs pour des collégiens de 11 à 15 ans.",
    "Notre crèche accueille 40 enfants de 10 semaines à 3 ans.",
    "Vous accueillez un public de demandeurs d'emploi de plus de 50 ans.",
    "Accompagnement des bénéficiaires du RSA vers l'emploi.",
    "Vous recevez les habitants du quartier au centre social.",
    "Vous accueillez les usagers habitant Saint-Nazaire et sa région.",
    "Vous travaillez avec les habitants concernés par le projet.",
    "Rencontre des habitants souhaitant s'impliquer dans la vie du quartier.",
    "Recenser les habitants volontaires pour le jardin partagé.",
    "Orienter les habitants vers les services de la mairie.",
    "Vous accompagnez les personnes habitant dans le quartier prioritaire.",
    "Poste basé à Saint-Nazaire, accessible en transports en commun.",
    "Les candidatures des habitants des quartiers prioritaires sont encouragées.",
    "Poste basé à Marseille, quartiers nord.",
    "Vous êtes titulaire du permis B depuis plus de 3 ans.",
    "Vous parlez couramment l'arabe, un atout pour ce poste d'interprète.",
    "Vous conseillez nos clients sur le choix des vins d'origine contrôlée.",
    "Logement de fonction sur place pour le gardien (H/F).",
    "Le Syndicat mixte de traitement des déchets recrute un technicien (H/F).",
    "Présentation soignée des vitrines.",
    "Vous êtes dynamique, rigoureux et souriant.",
    "Vous êtes diplômé d'un BTS ou équivalent.",
    "Poste ouvert à tous, jeunes et moins jeunes.",
    "Poste accessible aux seniors comme aux juniors.",
    "Le poste peut convenir à une personne en reconversion.",
    "Vous préparez les repas des résidents de l'EHPAD, âgés de 80 ans en moyenne.",
    "Travail en binôme avec une infirmière.",
    "Accueil des enfants handicapés au sein de l'école.",
    "Femmes et hommes sont encouragés à postuler.",
    "Prise en charge des patients en service de médecine.",
    "Vous serez en charge de l'accueil des familles.",
    "CDD senior (article D1242-2) pour un demandeur d'emploi.",
    # Describing the workplace, or the inhabitants served, is lawful.
    "Le poste est situé dans le quartier.",
    "Poste accessible aux habitants en transports en commun.",
    "Au service des habitants de la commune, vous tenez l'accueil de la mairie annexe.",
    "Vous informez les habitants de la commune sur les collectes.",
    "Vous animerez des ateliers pour les habitants du quartier.",
    "Vous êtes au contact des habitants du quartier.",
    "Vous êtes en contact, chaque jour, avec les habitants du quartier.",
    "Maison des habitants du quartier de Méan-Penhoët.",
    "Les habitants des quartiers prioritaires sont éligibles aux emplois francs.",
    # Both forms, « H/F », or a colleague named in one gender.
    "Restaurant traditionnel.\n\nServeur ou serveuse pour le service du midi.",
    "Restaurant traditionnel.\n\nServeur/serveuse pour le service du midi.",
    "Restaurant traditionnel.\n\nServeur·euse pour le service du midi.",
    "Restaurant traditionnel.\n\nServeuse H/F pour le service du midi.",
    "Vendeur (H/F)\n\nVendeur confirmé, vous accueillez la clientèle.",
    "Infirmière (F/H)\n\nInfirmière diplômée d'État, vous assurez les soins.",
    "Restaurant traditionnel.\n\nVous travaillerez avec notre cheffe de rang.",
    "Restaurant traditionnel.\n\nVous travaillerez avec notre serveuse.",
    "Agence de Saint-Nazaire.\n\nSous la responsabilité de la directrice, vous tenez l'accueil.",
    # The smoking rule of a place, not a condition on the candidate.
    "Locaux non-fumeurs.",
    "Entretien des chambres non-fumeurs.",
    "Famille non-fumeur, garde de deux enfants à domicile.",
    "Établissement 100 % non-fumeur.",
    "Espace fumeurs à disposition des salariés.",
    "Aide à l'arrêt du tabac pour les bénéficiaires.",
]


@pytest.mark.parametrize(("text", "rule"), MUST_FLAG)
def test_checker_flags_discriminating_wording(text, rule):
    findings = check_text(text)
    assert rule in {f.rule for f in findings}, findings


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_checker_does_not_flag_lawful_wording(text):
    assert check_text(text) == []


def test_each_finding_points_at_the_words_as_written():
    text = "Vendeuse\nNous cherchons une personne de moins de 30 ans, Bonne Présentation."
    findings = check_text(text)
    assert [(f.words, f.rule) for f in findings] == [
        ("Vendeuse", "sex"),
        ("moins de 30 ans", "age"),
        ("Bonne Présentation", "appearance"),
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.words


def test_offsets_survive_ligatures_and_typographic_apostrophes():
    text = "Cœur de métier : l’accueil.\nHabitants du 93 s’abstenir."
    (finding,) = check_text(text)
    assert finding.words == "Habitants du 93 s’abstenir"
    assert text[finding.start : finding.end] == finding.words


def test_a_finding_may_span_a_line_break():
    text = "Vendeur (H/F), candidat de moins\nde 30 ans."
    (finding,) = check_text(text)
    assert finding.words == "moins\nde 30 ans"


def test_an_upper_age_limit_cites_l5331_2_and_a_minimum_age_does_not():
    (upper,) = check_text("Moins de 30 ans.")
    (lower,) = check_text("Plus de 25 ans exigé.")
    assert "Code du travail, art. L5331-2" in upper.articles
    assert "Code du travail, art. L5331-2" not in lower.articles
    assert "Code du travail, art. L1132-1" in lower.articles


def test_sex_findings_cite_l1142_1_and_the_penal_code():
    (finding,) = check_text("Serveuse")
    assert finding.articles == (
        "Code du travail, art. L1142-1",
        "Code du travail, art. L1132-1",
        "Code du travail, art. L5321-2",
        "Code pénal, art. 225-1",
        "Code pénal, art. 225-2",
    )
    assert finding.rule_label == "Sexe"
    assert "Serveur ou serveuse" in finding.suggestion


def test_langue_maternelle_suggests_a_level_of_french():
    (finding,) = check_text("Français langue maternelle exigé.")
    assert finding.rule == "language"
    assert "maîtrise du français" in finding.suggestion


def test_findings_are_sorted_and_never_overlap():
    text = (
        "Jeune femme, moins de 25 ans, célibataire, sans enfants, bonne présentation, "
        "de nationalité française, non syndiquée, habitant hors QPV."
    )
    findings = check_text(text)
    assert [f.rule for f in findings] == [
        "sex",
        "age",
        "family",
        "family",
        "appearance",
        "nationality",
        "union",
        "residence",
    ]
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start


def test_an_apprenticeship_bracket_narrower_than_the_law_is_flagged():
    assert check_text("Contrat d'apprentissage, 16-29 ans.") == []
    (finding,) = check_text("Contrat d'apprentissage, 18-22 ans.")
    assert finding.words == "18-22 ans"


def test_a_job_title_in_one_gender_is_lawful_when_the_offer_says_h_f_elsewhere():
    assert check_text("Serveuse\nPoste ouvert aux femmes et aux hommes (H/F).") == []


def test_every_rule_has_a_french_label_and_articles():
    for label, articles in RULES.values():
        assert label and articles
        assert all(
            a.startswith(
                ("Code du travail, art. ", "Code pénal, art. ", "Code de la santé publique, art. ")
            )
            for a in articles
        )


def test_findings_are_immutable_values():
    (finding,) = check_text("Physique agréable.")
    assert isinstance(finding, Finding)
    with pytest.raises(AttributeError):
        finding.rule = "age"


def test_empty_text_has_no_finding():
    assert check_text("") == []
    assert check_text("   \n ") == []


def test_checker_and_measures_are_pure_python_without_django():
    code = (
        "import sys, tremplin.employers.checker, tremplin.employers.measures; "
        "sys.exit(any(name.startswith('django') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_jeune_and_a_feminine_job_noun_is_one_finding_of_sex_and_age():
    text = "Serveur (H/F)\n\nJeune serveuse souriante pour le midi."
    (finding,) = check_text(text)
    assert (finding.words, finding.rule) == ("Jeune serveuse", "sex")
    assert text[finding.start : finding.end] == finding.words
    assert "âge" in finding.explanation and "sexe" in finding.explanation
    assert "« Serveur ou serveuse »" in finding.suggestion
    assert "Code du travail, art. L1142-1" in finding.articles
    assert not finding.is_blocking  # a job noun in one gender never blocks


def test_a_feminine_job_noun_in_the_text_is_not_answered_by_h_f_in_the_title():
    (finding,) = check_text("Service en salle (H/F)\n\nServeuse pour le service du midi.")
    assert finding.words == "Serveuse"
    assert "malgré « H/F »" in finding.explanation


def test_inhabitants_sought_is_flagged_and_blocks_with_the_words_as_written():
    text = "Profil recherché : Habitant du quartier de préférence."
    (finding,) = check_text(text)
    assert finding.words == "Habitant du quartier de préférence"
    assert finding.rule == "residence" and finding.is_blocking


def test_a_non_smoker_condition_is_a_caution_that_never_blocks():
    (finding,) = check_text("Vendeur (H/F). Candidat non-fumeur.")
    assert finding.rule == "private_life"
    assert finding.words == "non-fumeur"
    assert finding.is_caution and not finding.is_blocking
    assert finding.rule_label == "Vie personnelle"
    assert finding.articles == (
        "Code du travail, art. L1121-1",
        "Code du travail, art. L1221-6",
        "Code de la santé publique, art. L3512-8",
    )
