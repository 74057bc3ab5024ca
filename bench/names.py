"""Plausible French names for synthetic people and staff, written for this generator.

Common French first names of several generations and family names frequent in France, with
their accents, hyphens and particles, so that searches meet the same difficulties as on real
files. Invented combinations: any resemblance to a real person is chance.
"""

FEMALE_FIRST_NAMES = (
    "Marie Nathalie Isabelle Sylvie Catherine Valérie Christine Sandrine Sophie Céline "
    "Stéphanie Véronique Aurélie Émilie Julie Camille Léa Manon Chloé Emma Inès Jade Louise "
    "Zoé Lola Clara Sarah Océane Maëlys Anaïs Mélanie Laëtitia Hélène Françoise Monique "
    "Nicole Brigitte Martine Josiane Ghislaine Gaëlle Solène Noémie Maïwenn Élodie Jessica "
    "Audrey Laure Agnès Béatrice Mathilde Margaux Pauline Justine Alicia Yasmine Fatima "
    "Amina Aïcha Samia Nadia Leïla Myriam Kenza Awa Fatoumata Mariam Binta Rokia Ana Lucía "
    "Ioana Elif Thi Linh Sofia Maëva Rose Alice Ambre Lina Romane Capucine Héloïse Bérénice"
).split()

MALE_FIRST_NAMES = (
    "Jean Pierre Michel Philippe Alain Patrick Nicolas Christophe Laurent Frédéric Stéphane "
    "David Sébastien Julien Olivier Thierry Éric Pascal Franck Jérôme Cédric Grégory Mickaël "
    "Anthony Kévin Jérémy Romain Maxime Thomas Alexandre Lucas Hugo Théo Enzo Nathan Mathis "
    "Louis Gabriel Raphaël Arthur Jules Noé Timéo Loïc Gaël Yannick Hervé Gérard Bernard "
    "René Joël Benoît François Jacques André Mohamed Ahmed Karim Mehdi Youssef Bilal Rayan "
    "Sofiane Nordine Abdelkader Mamadou Moussa Ibrahima Ousmane Seydou Adama Diego José "
    "Mihai Cristian Mehmet Emre Minh Tuan Dimitri Ilyès Anis Wassim Noël Baptiste Quentin"
).split()

LAST_NAMES = tuple(
    name.strip()
    for name in (
        "Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon,"
        "Michel, Lefèvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont,"
        "Lambert, Fontaine, Rousseau, Vincent, Muller, Lefebvre, Faure, André, Mercier, Blanc,"
        "Guérin, Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Garcia, Perrin, Robin,"
        "Clément, Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Marchand, Duval,"
        "Denis, Dumont, Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard, Giraud,"
        "Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, Renard,"
        "Schmitt, Roy, Leroux, Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine, Renaud,"
        "Dumas, Lacroix, Olivier, Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc, Payet,"
        "Rolland, Leclercq, Guillaume, Lecomte, Lopez, Jean, Dupuy, Guillot, Hubert, Berger,"
        "Carpentier, Sanchez, Dupuis, Moulin, Louis, Deschamps, Huet, Vasseur, Perez, Boucher,"
        "Fleury, Royer, Klein, Jacquet, Adam, Paris, Poirier, Marty, Aubry, Guyot, Carré, Charles,"
        "Renault, Charpentier, Ménard, Maillard, Baron, Bertin, Bailly, Hervé, Schneider,"
        "Fernandez, Le Gall, Collet, Léger, Bouvier, Julien, Prévost, Millet, Perrot, Daniel,"
        "Le Roux, Cousin, Germain, Breton, Besson, Langlois, Rémy, Le Goff, Pelletier, Lévêque,"
        "Perrier, Leblanc, Barré, Lebrun, Marchal, Weber, Mallet, Hamon, Boulanger, Jacob,"
        "Monnier, Michaud, Rodriguez, Guichard, Gillet, Étienne, Grondin, Poulain, Tessier,"
        "Chevallier, Collin, Chauvin, Da Silva, Bouchet, Gay, Lemaître, Bénard, Maréchal, Humbert,"
        "Reynaud, Antoine, Hoarau, Perret, Barthélémy, Cordier, Pichon, Lejeune, Gilbert, Lamy,"
        "Delaunay, Pasquier, Carlier, Laporte, Benali, Haddad, Mansouri, Belkacem, Cherif, Diallo,"
        "Traoré, Koné, Camara, Diop, Ndiaye, Sow, Nguyen, Tran, Pham, Ferreira, Pereira,"
        "Rodrigues, Dos Santos, Yilmaz, Kaya, Popescu, Kowalski, Le Bihan, Kerbrat, Quéméner,"
        "Abgrall, Bécue, Dhéret, Desrosiers, Saint-Martin, Lefèvre-Utile, Ben Saïd, Aït Ali,"
        "de La Tour, Du Pont d'Arcy, Le Cœur, Œillet, Hénaff, Goïc, Chaïb, Boëtté, Lurçat,"
        "Mégret"
    ).split(",")
)

# Rarer family names are composed from a root and an ending, as many French names were
# formed (Gaud-in, Chapel-ier, Bou-chard…): about 2,500 plausible forms, so that a name is
# shared by few people, as in real files, and not by thousands.
NAME_ROOTS = tuple(
    (
        "Abr Aub Bach Barb Baud Beau Bell Bern Bert Bess Biz Blond Bod Bon Bouch Boud Bour Brach "
        "Brun Cad Cail Cam Carr Chab Chal Cham Chap Char Chaum Chauv Cher Chev Clav Coch Coll "
        "Cord Coud Cour Dauph Deb Dell Desg Drou Duch Dum Esc Fab Fauc Ferr Fleur Foug Fourn "
        "Gail Garn Gaud Gauth Gerb Gir Godd Goup Gren Gros Guib Guill Hach Herb Jacqu Joub "
        "Laf Lang Lap Laur Lebr Lem Lev Loch Lomb Mach Maill Marc Mart Mass Maur Mein Mich "
        "Mond Mor Mouch Nav Oll Pag Pann Pell Perr Pich Pinc Poir Pouj Prév Quen Rab Rag Rein "
        "Rib Roch Rouss Sauv Serr Tard Tess Thib Tix Vaill Vall Verd Vill Vin"
    ).split()
)
NAME_ENDINGS = (
    "in",
    "ier",
    "ard",
    "on",
    "et",
    "ot",
    "eau",
    "aud",
    "y",
    "ès",
    "ault",
    "ereau",
    "elin",
    "ois",
    "ert",
    "enet",
    "illon",
    "ade",
    "ère",
    "ac",
)
