"""The non-discrimination checker of job offers: a pure module, no Django, no database.

`check_text(text)` returns the wording of a French job offer that discriminates or excludes,
each finding with the words as written, the rule broken, its articles of law, a short
explanation and a suggested rewrite. The rules, their articles and the lawful exceptions are
recorded in `docs/decisions/0002-offer-checker.md`.

How it reads a text: every character is folded (lower case, accents removed, typographic
apostrophes and dashes made plain, « œ » spelt « oe ») into a working copy that keeps, for
each of its characters, the offset of the original one; the patterns below are written on
that copy, and each finding points back into the original text. The first non-empty line is
read as the offer's title (a job title in one gender is judged there); in the other texts, a
job noun in one gender is judged where it names the job offered (see `_OFFERED_BEFORE`).

Findings never overlap: when two patterns match overlapping words the longer match is kept
(the first one on a tie), so that an interface can highlight them without nesting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    start: int  # offset in the original text
    end: int
    words: str  # the words found, exactly as written in the text
    rule: str  # a key of RULES
    rule_label: str  # French label of the rule broken
    articles: tuple[str, ...]
    explanation: str  # French, short: why this wording discriminates or excludes
    suggestion: str  # French rewrite suggestion
    # To verify, but does not hold the publication (pay checks, a condition on private life).
    is_caution: bool = False
    # Plainly unlawful (see BLOCKING_RULES): the employer liaison cannot publish it alone.
    is_blocking: bool = False


# --- Articles -------------------------------------------------------------------------------

CT_L1132_1 = "Code du travail, art. L1132-1"  # the list of prohibited grounds, recruitment included
CT_L5321_2 = "Code du travail, art. L5321-2"  # no job offer may refer to a ground of L1132-1
CT_L5331_2 = "Code du travail, art. L5331-2"  # no upper age limit in a published offer
CT_L1142_1 = "Code du travail, art. L1142-1"  # no mention of sex or family situation in an offer
CT_L1225_1 = "Code du travail, art. L1225-1"  # pregnancy never considered for hiring
CP_225_1 = "Code pénal, art. 225-1"  # definition of discrimination, list of grounds
CP_225_2 = "Code pénal, art. 225-2"  # 5°: making a job offer subject to such a ground
CT_L1121_1 = "Code du travail, art. L1121-1"  # restrictions on freedoms: justified, proportionate
CT_L1221_6 = "Code du travail, art. L1221-6"  # what is asked of a candidate: a link with the job
CSP_L3512_8 = "Code de la santé publique, art. L3512-8"  # no smoking in places of collective use

_BASE = (CT_L1132_1, CT_L5321_2, CP_225_1, CP_225_2)

# code -> (French label, articles). The codes are stable: other modules store them.
RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "age": ("Âge", _BASE),
    "sex": ("Sexe", (CT_L1142_1, *_BASE)),
    "origin": ("Origine, ethnie ou prétendue race", _BASE),
    "nationality": ("Nationalité", _BASE),
    "appearance": ("Apparence physique", _BASE),
    "family": ("Situation de famille", (CT_L1142_1, *_BASE)),
    "pregnancy": ("Grossesse", (CT_L1225_1, CT_L1142_1, *_BASE)),
    "health": ("État de santé ou handicap", _BASE),
    "residence": ("Lieu de résidence", _BASE),
    "religion": ("Convictions religieuses", _BASE),
    "union": ("Activités syndicales ou mutualistes", _BASE),
    "politics": ("Opinions politiques", _BASE),
    "language": ("Langue maternelle ou accent", _BASE),
    "name": ("Nom de famille", _BASE),
    "sexual_orientation": ("Orientation sexuelle ou identité de genre", _BASE),
    "economic_vulnerability": ("Vulnérabilité économique", _BASE),
    "bank": ("Domiciliation bancaire", (CT_L1132_1, CT_L5321_2)),
    # Not a ground of L1132-1: a condition on private life, only ever a caution (see below).
    "private_life": ("Vie personnelle", (CT_L1121_1, CT_L1221_6, CSP_L3512_8)),
}

# The rules whose findings are plainly unlawful: an offer showing one is not published on
# the employer liaison's word alone; only someone with the right to review offers (the
# manager) may publish it despite them, with a reason (a false positive, an age bracket the
# aid measure itself sets). Every pattern of these rules blocks, save those marked
# `blocking=False` below: age-coded words (« jeune profil », « jeune équipe », « digital
# natives ») that set no explicit limit; an age bracket, a maximum age, a class of age
# excluded (« seniors s'abstenir ») or reserved (« réservé aux moins de 30 ans ») block.
# A job title in one gender without « H/F » is no stated preference and never blocks.
# Sexual orientation and economic vulnerability are only found as explicit exclusions
# (« pas de … », « … s'abstenir »): they block. Language, name and bank findings keep the
# confirmation by the liaison, reviewed afterwards by the manager.
BLOCKING_RULES: frozenset[str] = frozenset(
    {
        "age",  # explicit age limits only (L5331-2)
        "sex",  # a stated preference for one sex, not a missing « H/F »
        "origin",
        "nationality",
        "appearance",
        "family",
        "pregnancy",
        "health",
        "residence",
        "religion",
        "union",
        "politics",
        "sexual_orientation",
        "economic_vulnerability",
    }
)

# --- Folding: a lower-case, accent-free copy that remembers the original offsets -----------

_APOSTROPHES = set("'’‘ʼ`´′")
_DASHES = set("‐‑‒–—―−")
_SPELLED = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}


def _fold(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _APOSTROPHES:
            folded = "'"
        elif char in _DASHES:
            folded = "-"
        elif char == "\n" or char == "\r":
            folded = "\n"
        elif char.isspace():
            folded = " "
        elif char in _SPELLED:
            folded = _SPELLED[char]
        else:
            decomposed = unicodedata.normalize("NFD", char)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        for piece in folded:
            chars.append(piece)
            origin.append(index)
    return "".join(chars), origin


# --- Patterns ---------------------------------------------------------------------------------

Guard = Callable[[str, re.Match[str]], bool]  # True: the match is lawful here, skip it


@dataclass(frozen=True)
class _Pattern:
    rule: str
    regex: re.Pattern[str]
    explanation: str
    suggestion: str
    guard: Guard | None = None
    is_age_limit: bool = False  # an upper age limit also breaks L5331-2
    is_blocking: bool = False
    is_caution: bool = False


_PATTERNS: list[_Pattern] = []


def _add(
    rule: str,
    pattern: str,
    explanation: str,
    suggestion: str,
    guard: Guard | None = None,
    is_age_limit: bool = False,
    blocking: bool = True,
    caution: bool = False,
):
    """`blocking=False`: this pattern's findings never block, even in a rule of
    BLOCKING_RULES (a word that suggests a criterion rather than states it). `caution=True`:
    a finding to verify, shown « À vérifier », that asks no confirmation to publish."""
    _PATTERNS.append(
        _Pattern(
            rule,
            re.compile(pattern),
            explanation,
            suggestion,
            guard,
            is_age_limit,
            blocking and rule in BLOCKING_RULES and not caution,
            caution,
        )
    )


def _before(folded: str, match: re.Match[str], size: int = 45) -> str:
    """The words just before a match, within its sentence."""
    head = folded[max(0, match.start() - size) : match.start()]
    return re.split(r"[.;!?:\n]", head)[-1]


def _after(folded: str, match: re.Match[str], size: int = 30) -> str:
    return folded[match.end() : match.end() + size]


# Ages that describe the people served, a company or a thing, not the candidate sought.
_NOT_CANDIDATE = re.compile(
    r"\b(enfants?|bebes?|nourrissons?|eleves?|ados|adolescente?s?|jeunes|public|publics|"
    r"personnes|patients?|patientes?|residents?|residentes?|usagers?|beneficiaires?|"
    r"apprenants?|collegiens?|collegiennes?|lyceens?|lyceennes?|ecoliers?|etudiants?|"
    r"apprenants?|mineurs?|majeurs?|clients?|clientele|familles?|population|accueillis|"
    r"accompagnes|classes?|groupes?|aines|seniors|retraites|entreprise|societe|start-?up|"
    r"structure|existence|creee?|fondee?|vehicules?|voitures?|materiels?|batiments?|"
    r"garantie|experience|anciennete|permis|parc|depuis|"
    r"il\s+y\s+a|histoire|savoir-faire|forte?\s+de|fondation|presente?)\b"
)
_EXPERIENCE_AFTER = re.compile(
    r"^\s*(d'experience|d'anciennete|de metier|de pratique|de permis|d'existence|"
    r"d'activite|dans|en tant|au sein|sur (un|le|des) postes?|minimum d'|de conduite|"
    r"d'exercice|de service|de carriere)"
)
_LOWER_LIMIT = re.compile(r"plus de|minimum|\bmini?\b|au moins|et plus|superieur|a partir|des ")
_UPPER_LIMIT = re.compile(
    r"moins|max|au plus|jusqu|pas plus|depasser|excedant|inferieur|et moins|ou moins"
)
_NUMBER = re.compile(r"\d{2}")


def _age_is_lawful(folded: str, match: re.Match[str]) -> bool:
    if re.search(r"\b(?:pas\s+de|sans|aucune)\s+$", _before(folded, match)):
        return True  # « pas de limite d'âge »
    if _NOT_CANDIDATE.search(_before(folded, match, 40)):
        return True
    if _EXPERIENCE_AFTER.match(_after(folded, match)):
        return True
    numbers = [int(n) for n in _NUMBER.findall(match.group(0))]
    if not numbers:
        return False
    words = match.group(0)
    is_lower_limit = bool(_LOWER_LIMIT.search(words)) and len(numbers) == 1
    is_upper_limit = bool(_UPPER_LIMIT.search(words))
    # A minimum age of 18 at most: the law itself protects minors at work (night work,
    # dangerous work, serving alcohol); it is no upper limit (L5331-2) and is not flagged.
    if len(numbers) == 1 and numbers[0] <= 18 and not is_upper_limit:
        return True
    # The apprenticeship contract is open from 16 to 29 years (L6222-1): an offer that
    # repeats this legal bracket is lawful; a narrower bracket is not.
    if (
        re.search(r"\bapprenti|\bapprentissage", folded)
        and not is_lower_limit
        and 29 <= max(numbers) <= 30
        and min(numbers) >= 15
    ):
        return True
    # Service civique: 16 to 25 years, 30 for disabled people (Code du service national, L120-1).
    return bool(
        re.search(r"\bservice civique", folded)
        and not is_lower_limit
        and max(numbers) in (25, 26, 30)
        and min(numbers) >= 16
    )


_AGE_LIMIT_EXPLANATION = (
    "Une limite d'âge exclut des candidats pour leur âge ; une offre publiée ne peut pas "
    "fixer de limite d'âge supérieure, sauf si un texte l'impose."
)
_AGE_LIMIT_SUGGESTION = (
    "Supprimer la condition d'âge et décrire ce que le poste demande (expérience, "
    "compétences, diplôme ou permis exigé)."
)
_N = r"\d{2}"
_ANS = r"\s*ans\b"
for _pattern in (
    # « âgé de 25 à 35 ans », « âgée de moins de 30 ans », « âgés entre 20 et 30 ans »
    rf"\bage(?:e|\(e\)|\.e)?s?\s+(?:de\s+|d'|entre\s+)?(?:moins\s+de\s+|plus\s+de\s+|au\s+(?:moins|plus)\s+|"
    rf"maximum\s+|minimum\s+)?{_N}(?:\s*(?:a|-|et|/)\s*{_N})?{_ANS}",
    rf"\b(?:moins|plus)\s+de\s+{_N}{_ANS}",
    rf"\bentre\s+{_N}\s+et\s+{_N}{_ANS}",
    rf"\b{_N}\s*(?:a|-|/)\s*{_N}{_ANS}",
    rf"\b{_N}{_ANS}\s+(?:maximum|max|maxi|minimum|mini|min|au\s+plus|au\s+maximum|au\s+moins|"
    rf"et\s+moins|ou\s+moins|et\s+plus|revolus)\b",
    rf"\bage\s+(?:maximum|maxi|max|limite|minimum|mini|min|requis|souhaite|ideal)\s*:?\s*"
    rf"(?:de\s+)?{_N}(?:{_ANS})?",
    rf"\bage\s*:\s*{_N}(?:\s*(?:a|-)\s*{_N})?(?:{_ANS})?",
    r"\blimite\s+d'age\b",
    rf"\b(?:jusqu'a|pas\s+plus\s+de|ne\s+pas\s+depasser|n'excedant\s+pas|inferieur\s+a|"
    rf"superieur\s+a)\s+{_N}{_ANS}",
    # « avoir 25 ans », « avoir entre… » is caught above
    rf"\b(?:avoir|ayant|vous\s+avez)\s+(?:au\s+plus\s+|au\s+moins\s+)?{_N}{_ANS}",
):
    _add("age", _pattern, _AGE_LIMIT_EXPLANATION, _AGE_LIMIT_SUGGESTION, _age_is_lawful, True)

_AGE_WORD_EXPLANATION = (
    "Ce mot vise l'âge des candidats et en écarte une partie : l'âge ne peut pas être un "
    "critère de recrutement."
)
_add(
    "age",
    r"\bjeunes?\s+(?:et\s+dynamiques?\s+)?(?:profil|candidate?|personne|collaborat(?:eur|rice)|"
    r"recrue|talent|h\s*/\s*f|f\s*/\s*h|\(h/f\)|vendeu(?:r|se)|serveu(?:r|se)|commercial|commerciale|employee?|equipiere?|"
    r"technicien(?:ne)?|ingenieure?|assistante?|hote|hotesse|caissiere?|cuisiniere?|"
    r"animat(?:eur|rice)|agent|preparat(?:eur|rice)|chauffeur|livreur|manutentionnaire)s?\b",
    _AGE_WORD_EXPLANATION,
    "Retirer « jeune » : décrire les compétences, l'expérience attendue ou « débutant accepté ».",
    blocking=False,  # an age-coded word, no explicit limit
)
_add(
    "age",
    r"\b(?:profil|candidate?|personne|collaborat(?:eur|rice))s?\s+(?:jeunes?|"
    r"d'age\s+mur|mure?s?)\b",
    _AGE_WORD_EXPLANATION,
    "Décrire le niveau d'expérience attendu plutôt qu'un âge (« débutant accepté », "
    "« 3 ans d'expérience »).",
    blocking=False,  # an age-coded word, no explicit limit
)
_add(
    "age",
    r"\b(?:une\s+|notre\s+|d'une\s+|votre\s+)?(?:(?:dynamique\s+et\s+)?jeunes?\s+(?:et\s+"
    r"(?:dynamique|sympathique|motivee)\s+)?equipe|equipe\s+(?:(?:tres|plutot|assez)\s+)?jeunes?"
    r"(?:\s+et\s+dynamique)?)\b",
    "Présenter l'équipe comme « jeune » laisse entendre que l'on cherche quelqu'un du même "
    "âge et décourage les autres candidats.",
    "« une équipe dynamique », « une équipe soudée » ou « une équipe de 8 personnes ».",
    blocking=False,  # an age-coded word, no explicit limit
)
_add(
    "age",
    r"\b(?:vous\s+etes|etre|es)\s+(?:\w+\s+,?\s*){0,2}?jeunes?\b(?!\s+(?:diplomee?s?|"
    r"entreprise|pousse))",
    _AGE_WORD_EXPLANATION,
    "Décrire les qualités professionnelles attendues (« motivé·e », « disponible »).",
    blocking=False,  # an age-coded word, no explicit limit
)
_add(
    "age",
    r"\b(?:ideal\w*|conv[ei]n\w*|parfait\w*|adapte\w*|reserve\w*|destine\w*)\s+(?:pour|a|aux)\s+"
    r"(?:un\s+|une\s+|des\s+|les\s+)?(?:jeunes?\s+)?retraitee?s?\b|\bjeunes?\s+retraitee?s?\b",
    "Viser les retraités, c'est choisir les candidats selon leur âge.",
    "Indiquer le rythme du poste (« temps partiel, 10 h par semaine ») sans viser un âge.",
    blocking=False,  # an age-coded word, no explicit limit
)
_add(
    "age",
    r"\b(?:pas\s+de|aucun|sans|hors|sauf)\s+(?:profils?\s+)?(?:seniors?|jeunes|vieux|"
    r"retraitee?s?|personnes\s+agees)\b|\b(?:seniors?|jeunes|vieux|personnes\s+agees|"
    r"quinquagenaires|quadragenaires|quadras|quinquas|retraitee?s|juniors?)\s+s'abstenir\b",
    "Exclure une catégorie d'âge est une discrimination.",
    "Supprimer l'exclusion et décrire l'expérience ou les compétences attendues.",
)
_add(
    "age",
    r"\b(?:reserve|destine|limite)e?s?\s+(?:uniquement\s+|exclusivement\s+)?(?:aux|a\s+des)\s+"
    r"(?:jeunes|seniors|juniors|moins\s+de\s+\d{2}\s*ans|plus\s+de\s+\d{2}\s*ans)\b"
    r"|\b(?:ouvert|accessible)e?s?\s+(?:uniquement|exclusivement|seulement)\s+aux\s+"
    r"(?:jeunes|seniors|juniors)\b",
    "Réserver le poste à une classe d'âge en écarte toutes les autres.",
    "Supprimer la réserve ; si le poste relève d'un contrat aidé, citer le dispositif "
    "(« poste éligible au contrat d'apprentissage ») sans fixer d'âge.",
    lambda folded, match: _age_is_lawful(folded, match),
)
_add(
    "age",
    r"\bdigital\s+natives?\b|\bgeneration\s+(?:z|y)\b|\bmill?enn?ials?\b",
    "Ce terme désigne une génération, donc un âge.",
    "« à l'aise avec les outils numériques ».",
    blocking=False,  # an age-coded word, no explicit limit
)

# --- Sex ----------------------------------------------------------------------------------------

_SEX_EXPLANATION = (
    "Une offre ne peut pas mentionner le sexe de la personne recherchée : le poste est "
    "ouvert aux femmes et aux hommes."
)
_add(
    "sex",
    r"\b(?:uniquement|exclusivement|seulement)\s+(?:des\s+|aux\s+|pour\s+(?:des\s+)?)?"
    r"(?:hommes|femmes|filles|garcons|candidates|candidats\s+masculins)\b"
    r"|\b(?:reserve|destine)e?s?\s+(?:uniquement\s+|exclusivement\s+)?aux\s+(?:hommes|femmes|"
    r"filles|garcons)\b"
    r"|\b(?:hommes?|femmes?|filles?|garcons?)\s+(?:uniquement|exclusivement|seulement|de\s+"
    r"preference|souhaitee?s?|exigee?s?|prefere\w*|de\s+prefe\w+)\b",
    _SEX_EXPLANATION,
    "Supprimer la mention du sexe et ajouter « (H/F) » à l'intitulé du poste.",
)
_add(
    "sex",
    r"\b(?:de\s+)?sexe\s+(?:masculin|feminin)\b|\b(?:profil|candidat(?:ure)?|personne|presence)s?"
    r"\s+(?:masculine?s?|feminine?s?)\b|\bde\s+preference\s+(?:un\s+homme|une\s+femme|"
    r"masculin|feminin)\b|\b(?:pour|recherch\w*|cherch\w*|recrut\w*|embauch\w*)\s+"
    r"(?:un|une|des|d'un|d'une)\s+(?:homme|femme|fille|garcon|dame|monsieur|madame)s?\b",
    _SEX_EXPLANATION,
    "Supprimer la mention du sexe et ajouter « (H/F) » à l'intitulé du poste.",
    # « candidatures féminines encouragées » in a trade of men opens, it does not exclude
    # (temporary measures for equal opportunity between women and men, L1142-4).
    lambda folded, match: bool(
        re.match(r"\s*(?:ou|et|/)\s*(?:une?\s+)?(?:hommes?|femmes?)\b", _after(folded, match))
        or re.match(r"\s*(?:sont\s+)?(?:encourage|bienvenu|egalement)", _after(folded, match))
        or re.match(r"\s*de\s+(?:menage|chambre)\b", _after(folded, match))
    ),
)
_add(
    "sex",
    r"\bjeunes?\s+(?:hommes?|femmes?|filles?|garcons?)\b",
    "« Jeune homme » ou « jeune femme » vise à la fois un sexe et un âge.",
    "« candidat·e (H/F) » en décrivant les compétences attendues.",
)

# --- Job titles in one gender (L1142-1) -----------------------------------------------------------

# (masculine, feminine) forms, accents removed; plurals are derived.
_GENDERED_TITLES = [
    ("serveur", "serveuse"),
    ("vendeur", "vendeuse"),
    ("caissier", "caissiere"),
    ("cuisinier", "cuisiniere"),
    ("boulanger", "boulangere"),
    ("patissier", "patissiere"),
    ("boucher", "bouchere"),
    ("charcutier", "charcutiere"),
    ("employe", "employee"),
    ("ouvrier", "ouvriere"),
    ("magasinier", "magasiniere"),
    ("preparateur", "preparatrice"),
    ("conducteur", "conductrice"),
    ("chauffeur", "chauffeuse"),
    ("livreur", "livreuse"),
    ("coiffeur", "coiffeuse"),
    ("estheticien", "estheticienne"),
    ("infirmier", "infirmiere"),
    ("aide-soignant", "aide-soignante"),
    ("assistant", "assistante"),
    ("directeur", "directrice"),
    ("animateur", "animatrice"),
    ("educateur", "educatrice"),
    ("technicien", "technicienne"),
    ("electricien", "electricienne"),
    ("mecanicien", "mecanicienne"),
    ("plombier", "plombiere"),
    ("menuisier", "menuisiere"),
    ("couvreur", "couvreuse"),
    ("carreleur", "carreleuse"),
    ("jardinier", "jardiniere"),
    ("commercial", "commerciale"),
    ("hote", "hotesse"),
    ("valet de chambre", "femme de chambre"),
    ("homme de menage", "femme de menage"),
    ("homme d'entretien", "femme d'entretien"),
    ("homme toutes mains", "femme toutes mains"),
    ("operateur", "operatrice"),
    ("developpeur", "developpeuse"),
    ("consultant", "consultante"),
    ("charge de", "chargee de"),
    ("charge d'", "chargee d'"),
    ("conseiller", "conseillere"),
    ("equipier", "equipiere"),
    ("plongeur", "plongeuse"),
    ("barman", "barmaid"),
    ("couturier", "couturiere"),
    ("veilleur", "veilleuse"),
    ("gardien", "gardienne"),
    ("accompagnant", "accompagnante"),
    ("aide menager", "aide menagere"),
    ("demenageur", "demenageuse"),
    ("soudeur", "soudeuse"),
    ("monteur", "monteuse"),
    ("cableur", "cableuse"),
    ("chaudronnier", "chaudronniere"),
    ("ambulancier", "ambulanciere"),
    ("brancardier", "brancardiere"),
    ("teleconseiller", "teleconseillere"),
    ("teleoperateur", "teleoperatrice"),
    ("saisonnier", "saisonniere"),
    ("vendangeur", "vendangeuse"),
    ("cueilleur", "cueilleuse"),
    ("pharmacien", "pharmacienne"),
    ("puericulteur", "puericultrice"),
    ("gouvernant", "gouvernante"),
    ("nettoyeur", "nettoyeuse"),
    ("formateur", "formatrice"),
    ("redacteur", "redactrice"),
    ("acheteur", "acheteuse"),
    ("controleur", "controleuse"),
    ("agent", "agente"),
    ("pizzaiolo", "pizzaiola"),
    ("lingier", "lingere"),
    ("repasseur", "repasseuse"),
    ("grutier", "grutiere"),
    ("ingenieur", "ingenieure"),
]
_PLURAL = {"commercial": "commerciaux"}


def _plural(form: str) -> str:
    if form in _PLURAL:
        return _PLURAL[form]
    words = form.split(" ", 1)
    words[0] = words[0] if words[0].endswith("s") else words[0] + "s"
    return " ".join(words)


_FORM_TO_PAIR: dict[str, tuple[str, str]] = {}
for _masc, _fem in _GENDERED_TITLES:
    for _form in (_masc, _fem):
        _FORM_TO_PAIR[_form] = (_masc, _fem)
        if not _form.endswith(("'", " de")):
            _FORM_TO_PAIR[_plural(_form)] = (_masc, _fem)
_TITLE_WORD = re.compile(
    r"(?<![\w'])(?<!en )("
    + "|".join(sorted(map(re.escape, _FORM_TO_PAIR), key=len, reverse=True))
    + r")(?:\b|(?<='))"
)
# Both sexes named: « H/F », « F/H », « (H/F) », « H-F », « H/F/X », « femme ou homme »…
_BOTH_SEXES = re.compile(
    r"(?<![a-z0-9])[hf]\s*[/\-|]\s*[hf](?:\s*/\s*(?:x|nb|a))?(?![a-z0-9])"
    r"|\b(?:hommes?|femmes?)\s+(?:ou|et|/)\s+(?:femmes?|hommes?)\b"
    r"|\btous\s+genres\b|\btoutes\s+et\s+tous\b|\btous\s+et\s+toutes\b"
)
# An inclusive ending right after the word: « vendeur(se) », « vendeur·euse », « assistant.e »…
_INCLUSIVE_ENDING = re.compile(
    r"^(?:\s*\(\s*|[/·•.\-]\s*)(?:e|se|euse|rice|trice|ice|ere|ne|enne|ienne|te|le|aid|a|es|ses|"
    r"euses|rices|trices|eres|ennes|iennes)(?:\s*\)|\b)"
)
# R1142-1: artists, fashion models and photo models may be sought by sex; for them, sex, age
# and appearance can be an essential and determining requirement (Code pénal, art. 225-3, 3°).
_SEX_IS_DETERMINING = re.compile(
    r"\b(?:mannequins?|comedien(?:ne)?s?|act(?:eur|rice)s?|figurant(?:e)?s?|modeles?\s+"
    r"(?:photo|vivant)|artistes?\s+interpretes?|chanteu(?:r|se)s?|danseu(?:r|se)s?|casting)\b"
)
# Where a job noun of the body names the job offered, not a colleague (« vous travaillerez
# avec notre serveuse », « en binôme avec une infirmière »): at the start of a sentence or of
# an item (« Serveuse pour le service du midi. », « Profil : vendeuse confirmée », « - Plongeur
# le soir »), after a recruiting verb (« recrute 2 serveuses »), after « poste de », « en tant
# que », « vous êtes », « devenez ». An article, a number and « jeune » may come between; after
# a recruiting verb, one adjective too (« recherchons une bonne vendeuse »).
_OFFERED_BEFORE = re.compile(
    r"(?:^|[-•*]|\b(?:poste\s+de|poste\s+d'|emploi\s+de|emploi\s+d'|en\s+tant\s+que|"
    r"vous\s+etes|etre|devenez|devenir))\s*(?:(?:un|une|des|d'un|d'une|\d+)\s+)?"
    r"(?:jeunes?\s+)?$"
    r"|\b(?:recherch\w*|cherch\w*|recrut\w*|embauch\w*)\s+(?:(?:un|une|des|d'un|d'une|\d+)\s+)?"
    r"(?:[\w-]+\s+)?$"
)
_JEUNE_BEFORE = re.compile(r"\bjeunes?\s+$")


def _both_forms_in(segment: str, pair: tuple[str, str]) -> bool:
    masc, fem = pair
    found = {m.group(1) for m in _TITLE_WORD.finditer(segment)}
    return bool(found & {masc, _plural(masc)}) and bool(found & {fem, _plural(fem)})


def _is_feminine(form: str) -> bool:
    masc, fem = _FORM_TO_PAIR[form]
    return form in (fem, _plural(fem)) and form not in (masc, _plural(masc))


def _forms_with_both_sexes(folded: str) -> set[tuple[tuple[str, str], bool]]:
    """The job nouns written with « H/F » right after them (« Infirmière (F/H) »), as
    (pair, is feminine): the offer says itself that this form names women and men alike."""
    answered = set()
    for marker in _BOTH_SEXES.finditer(folded):
        for match in _TITLE_WORD.finditer(folded[max(0, marker.start() - 40) : marker.start()]):
            form = match.group(1)
            answered.add((_FORM_TO_PAIR[form], _is_feminine(form)))
    return answered


# A line that reads as a sentence (a pronoun, a final full stop) is no job title.
_SENTENCE = re.compile(r"\b(?:vous|nous|je|il|elle|on|ils|elles|tu)\b|\.\s*$")


def _title_findings(text: str, folded: str, origin: list[int]) -> list[Finding]:
    if _SEX_IS_DETERMINING.search(folded):
        return []
    both_sexes = bool(_BOTH_SEXES.search(folded))
    findings = []
    # The title: the first non-empty line, unless it reads as a sentence.
    line_match = re.search(r"[^\n]*\S[^\n]*", folded)
    title_end = 0
    if (
        line_match
        and len(line_match.group(0).strip()) <= 120
        and not _SENTENCE.search(line_match.group(0))
    ):
        title_end = line_match.end()
        if not both_sexes:
            finding = _gendered_word(text, folded, origin, line_match.start(), title_end, True)
            if finding:
                findings.append(finding)
    # In the other texts, a job noun in one gender that names the job offered. « H/F »
    # anywhere in the offer answers a masculine form, the generic one in French (« Vendeur
    # (H/F) … Vendeur confirmé, vous … »); it does not answer a feminine form (« Serveur (H/F)
    # … Jeune serveuse souriante pour le midi »), unless the offer writes that very form with
    # « H/F » (« Infirmière (F/H) … Infirmière diplômée d'État, vous … »).
    answered = _forms_with_both_sexes(folded)
    for match in _TITLE_WORD.finditer(folded, title_end):
        form = match.group(1)
        is_feminine = _is_feminine(form)
        if both_sexes and (not is_feminine or (_FORM_TO_PAIR[form], True) in answered):
            continue
        if not _OFFERED_BEFORE.search(_before(folded, match)):
            continue
        finding = _gendered_word(
            text, folded, origin, match.start(), match.end(), False, hf_elsewhere=both_sexes
        )
        if finding:
            findings.append(finding)
    return findings


def _sentence_around(folded: str, start: int, end: int, size: int = 40) -> str:
    """The words around a span, within its sentence (« serveur ou serveuse »)."""
    head = re.split(r"[.;!?\n]", folded[max(0, start - size) : start])[-1]
    tail = re.split(r"[.;!?\n]", folded[end : end + size])[0]
    return head + folded[start:end] + tail


def _gendered_word(
    text: str,
    folded: str,
    origin: list[int],
    start: int,
    end: int,
    is_title: bool,
    hf_elsewhere: bool = False,
) -> Finding | None:
    segment = folded[start:end]
    for match in _TITLE_WORD.finditer(segment):
        pair = _FORM_TO_PAIR[match.group(1)]
        if _both_forms_in(segment if is_title else _sentence_around(folded, start, end), pair):
            return None
        after = start + match.end()
        if _INCLUSIVE_ENDING.match(folded[after : after + 12]):
            continue
        if not is_title and _BOTH_SEXES.match(folded[after : after + 12].lstrip(" (-,")):
            continue  # « Serveuse H/F pour le midi »
        masc, fem = pair
        # « Chargé de » is matched with its preposition; the finding is the noun alone.
        noun_end = match.start() + len(re.sub(r"(?: de| d')$", "", match.group(1)))
        noun_start = start + match.start()
        # « Jeune serveuse »: the finding takes « jeune » in, it names an age and a sex.
        young = _JEUNE_BEFORE.search(folded[max(0, noun_start - 8) : noun_start])
        words_start = origin[noun_start - len(young.group(0)) if young else noun_start]
        words_end = origin[start + noun_end - 1] + 1
        written = text[words_start:words_end]
        masc_word = re.sub(r"(?: de| d')$", "", masc)
        fem_word = re.sub(r"(?: de| d')$", "", fem)
        both = f"{_restore(masc_word, written)} ou {_restore(fem_word, written).lower()}"
        where = "L'intitulé du poste" if is_title else "L'offre"
        if hf_elsewhere:
            explanation = (
                "L'offre nomme le poste au seul féminin : malgré « H/F » ailleurs dans le "
                "texte, il semble réservé aux femmes."
            )
        else:
            explanation = (
                f"{where} nomme le métier à un seul genre sans « H/F » : il semble réservé "
                "aux hommes ou aux femmes."
            )
        suggestion = f"Ajouter « (H/F) » à l'intitulé ou nommer les deux formes : « {both} »."
        if young:
            explanation = (
                f"« {written} » vise à la fois un âge et un sexe : le poste doit être ouvert "
                "à tous les âges, aux femmes et aux hommes. " + explanation
            )
            suggestion = f"Retirer « jeune » et nommer les deux formes : « {both} »."
        return Finding(
            start=words_start,
            end=words_end,
            words=written,
            rule="sex",
            rule_label=RULES["sex"][0],
            articles=RULES["sex"][1],
            explanation=explanation,
            suggestion=suggestion,
        )
    return None


_ACCENTED = {
    "caissiere": "caissière",
    "cuisiniere": "cuisinière",
    "boulangere": "boulangère",
    "patissier": "pâtissier",
    "patissiere": "pâtissière",
    "bouchere": "bouchère",
    "charcutiere": "charcutière",
    "employe": "employé",
    "employee": "employée",
    "ouvriere": "ouvrière",
    "magasiniere": "magasinière",
    "preparateur": "préparateur",
    "preparatrice": "préparatrice",
    "estheticien": "esthéticien",
    "estheticienne": "esthéticienne",
    "infirmiere": "infirmière",
    "educateur": "éducateur",
    "educatrice": "éducatrice",
    "electricien": "électricien",
    "electricienne": "électricienne",
    "mecanicien": "mécanicien",
    "mecanicienne": "mécanicienne",
    "plombiere": "plombière",
    "menuisiere": "menuisière",
    "jardiniere": "jardinière",
    "hote": "hôte",
    "hotesse": "hôtesse",
    "homme de menage": "homme de ménage",
    "femme de menage": "femme de ménage",
    "operateur": "opérateur",
    "operatrice": "opératrice",
    "developpeur": "développeur",
    "developpeuse": "développeuse",
    "charge": "chargé",
    "chargee": "chargée",
    "conseillere": "conseillère",
    "equipier": "équipier",
    "equipiere": "équipière",
    "couturiere": "couturière",
    "aide menager": "aide ménager",
    "aide menagere": "aide ménagère",
    "demenageur": "déménageur",
    "demenageuse": "déménageuse",
    "cableur": "câbleur",
    "cableuse": "câbleuse",
    "chaudronniere": "chaudronnière",
    "ambulanciere": "ambulancière",
    "brancardiere": "brancardière",
    "teleconseiller": "téléconseiller",
    "teleconseillere": "téléconseillère",
    "teleoperateur": "téléopérateur",
    "teleoperatrice": "téléopératrice",
    "saisonniere": "saisonnière",
    "puericulteur": "puériculteur",
    "puericultrice": "puéricultrice",
    "redacteur": "rédacteur",
    "redactrice": "rédactrice",
    "controleur": "contrôleur",
    "controleuse": "contrôleuse",
    "lingere": "lingère",
    "grutiere": "grutière",
    "ingenieur": "ingénieur",
    "ingenieure": "ingénieure",
    "pizzaiolo": "pizzaïolo",
    "pizzaiola": "pizzaïola",
}


def _restore(form: str, written: str) -> str:
    """The form with its accents, capitalised like the written word."""
    word = _ACCENTED.get(form, form)
    return word[:1].upper() + word[1:] if written[:1].isupper() else word


# --- Origin, nationality, language, name ------------------------------------------------------------

_NATIONALITIES = (
    r"(?:francaise?s?|europeen(?:ne)?s?|de\s+l'union\s+europeenne|de\s+l'ue|d'un\s+(?:pays|etat)"
    r"\s+(?:membre\s+)?(?:de\s+l'union\s+europeenne|de\s+l'ue|europeen)|ue|communautaire)"
)
_add(
    "nationality",
    rf"\b(?:de\s+|etre\s+de\s+)?nationalite\s+{_NATIONALITIES}(?:\s+(?:exigee|obligatoire|"
    r"requise|uniquement|imperative|souhaitee|indispensable))?"
    rf"|\b(?:ressortissante?s?|citoyens?|citoyennes?)\s+{_NATIONALITIES}(?:\s+(?:uniquement|"
    r"exclusivement|exige\w*))?"
    r"|\b(?:francaise?s?|europeen(?:ne)?s?)\s+(?:uniquement|exclusivement|seulement)\b"
    r"|\b(?:vous\s+etes|etre)\s+(?:de\s+)?(?:francaise?|europeen(?:ne)?)s?\b"
    r"|\b(?:pas\s+d'|aucun\s+|sans\s+)etrangere?s?\b|\betrangere?s?\s+s'abstenir\b",
    "Exiger une nationalité écarte les candidats étrangers. Seuls certains emplois de la "
    "fonction publique sont réservés par la loi aux Français ou aux Européens.",
    "Supprimer la condition de nationalité ; si besoin : « autorisation de travail en France "
    "exigée ».",
    # « réponses en français uniquement » is about a language, not a nationality.
    lambda folded, match: bool(
        re.search(r"\b(?:en|parle[rz]?|langue|redige\w*|ecri\w*)\s+$", _before(folded, match, 20))
    ),
)
_ORIGINS = (
    r"(?:francaise|europeenne|etrangere|maghrebine|nord-africaine|africaine|subsaharienne|"
    r"asiatique|arabe|occidentale|antillaise|turque|chinoise|portugaise|italienne|espagnole|"
    r"polonaise|roumaine|immigree|metropolitaine)"
)
_add(
    "origin",
    rf"\b(?:d'origine|origine)\s+{_ORIGINS}\b"
    r"|\b(?:francaise?s?\s+de\s+souche|de\s+souche\s+francaise|de\s+souche)\b"
    r"|\b(?:type|profil|physique|apparence)\s+(?:europeen|caucasien|occidental|nordique|"
    r"mediterraneen|africain|asiatique|maghrebin)(?:ne)?\b"
    r"|\b(?:peau\s+(?:blanche|claire|noire|mate)|caucasien(?:ne)?s?|personnes?\s+de\s+couleur)\b"
    r"|\b(?:pas\s+de|aucun\w*|sans)\s+(?:maghrebin|arabe|noir|africain|asiatique|rom|gitan|"
    r"beur|renoi|rebeu)(?:e|ne)?s?\b"
    r"|\b(?:maghrebin|arabe|noir|africain|asiatique|rom|gitan|beur)(?:e|ne)?s?\s+s'abstenir\b",
    "L'origine, réelle ou supposée, ne peut jamais être un critère d'embauche.",
    "Supprimer toute mention d'origine ; décrire seulement les compétences attendues.",
    # « produits d'origine française », « viande de souche… » describe goods, not people.
    lambda folded, match: bool(
        re.search(
            r"\b(?:produits?|vins?|viandes?|cuisine|fruits?|legumes?|aoc|aop|label|matieres?|"
            r"bois|ingredients?|specialites?|marchandises?|cepages?|plants?|vignes?)\b",
            _before(folded, match, 30),
        )
    ),
)
_add(
    "language",
    r"\b(?:de\s+)?langue\s+maternelle(?:\s+(?:francaise|anglaise|\w+e))?\b"
    r"|\b(?:francais|anglais|espagnol|allemand|italien|portugais|arabe|chinois)\s+"
    r"(?:langue\s+maternelle|natif|native|de\s+naissance)\b"
    r"|\b(?:locut(?:eur|rice)|francophone|anglophone|hispanophone)s?\s+(?:natif|native)s?\b"
    r"|\bnative\s+speakers?\b"
    r"|\b(?:sans|aucun|pas\s+d')\s*accent\b|\baccent\s+(?:neutre|francais|parisien|etranger)\b",
    "Exiger une langue maternelle ou l'absence d'accent écarte des personnes selon leur "
    "origine ; seul le niveau de langue utile au poste peut être demandé.",
    "« maîtrise du français à l'écrit et à l'oral (niveau B2 ou C1) » ou « anglais courant "
    "(niveau C1) ».",
)
_add(
    "name",
    r"\bnoms?\s+(?:a\s+consonance|de\s+famille\s+francais)\w*\b|\bpatronymes?\s+\w+\b"
    r"|\bconsonance\s+(?:francaise|etrangere|europeenne)\b",
    "Le nom de famille ne peut pas être un critère de sélection.",
    "Supprimer la condition ; décrire les compétences attendues.",
)

# --- Physical appearance --------------------------------------------------------------------------

_add(
    "appearance",
    r"\b(?:tres\s+)?(?:bonne|belle|excellente|parfaite|agreable|impeccable)\s+(?:presentation|"
    r"apparence|allure)\b(?!\s+(?:des|du|de|d'|orale|ecrite))"
    r"|\b(?:presentation|apparence)\s+(?:soignee|impeccable|agreable|irreprochable|exigee)\b"
    r"(?!\s+(?:des|du|de|d'))"
    r"|\b(?:physique|visage|look)\s+(?:agreable|avenant|attrayant|attirant|soigne|plaisant|"
    r"harmonieux|jeune|avantageux)\b|\b(?:bon|beau|joli)\s+physique\b"
    r"|\b(?:jolie|belle|mignonne|sexy|canon)\s+(?:fille|femme|serveuse|hotesse|vendeuse)s?\b"
    r"|\b(?:taille|mensurations?)\s+(?:mannequin|minimum|\d{2})\b|\btaille\s*(?:>|:)?\s*1\s?m\s?\d{2}"
    r"|\b(?:svelte|sans\s+surpoids)\b|\b(?:etre|etes|silhouette|profil|personne|"
    r"candidate?)\s+(?:\w+\s+et\s+)?(?:mince|elancee?)s?\b"
    r"|\b(?:pas\s+de|aucun|sans)\s+(?:tatouages?|piercings?|barbe|dreadlocks|dreads)(?:\s+"
    r"(?:visibles?|apparents?))?\b|\b(?:tatouages?|piercings?)\s+(?:interdits?|refuses?|"
    r"non\s+acceptes?|proscrits?)\b",
    "L'apparence physique n'est pas une compétence : ce critère subjectif écarte des "
    "candidats pour leur physique.",
    "Décrire l'exigence réelle du poste : « tenue professionnelle fournie », « accueil de la "
    "clientèle », « port de l'uniforme ».",
)

# --- Family situation, pregnancy ------------------------------------------------------------------

_add(
    "family",
    r"\b(?:sans|pas\s+d'|aucun)\s*enfants?\b(?!\s+a\s+garder)"
    r"|\bcelibataires?\b|\bcelibat\b"
    r"|\b(?:etre|etes|candidate?s?|personnes?|profils?|hommes?|femmes?|de\s+preference)\s+"
    r"(?:\w+\s+)?(?:mariee?s?|pacsee?s?|divorcee?s?|veu(?:f|ve)s?|en\s+couple)\b"
    r"|\b(?:mariee?s?|pacsee?s?)\s+(?:uniquement|de\s+preference|exige\w*|souhaite\w*)\b"
    r"|\bsans\s+(?:charges?\s+de\s+famille|attaches?(?:\s+familiales?)?|contraintes?\s+"
    r"familiales?|obligations?\s+familiales?|vie\s+de\s+famille)\b"
    r"|\bsituation\s+(?:familiale|matrimoniale|de\s+famille)\s+(?:stable|compatible|"
    r"reguliere|simple)\b"
    r"|\b(?:mere|pere)s?\s+de\s+famille\b|\bpas\s+(?:de\s+)?(?:contraintes?|obligations?)\s+"
    r"familiales?\b|\benfants?\s+(?:a\s+charge\s+|en\s+bas\s+age\s+)?s'abstenir\b",
    "La situation de famille (enfants, mariage, célibat) ne peut pas être mentionnée dans "
    "une offre ni peser sur l'embauche.",
    "Indiquer les contraintes réelles du poste : « horaires décalés », « déplacements "
    "fréquents », « disponibilité le week-end ».",
    # The people served (« accompagner des parents célibataires ») are not the candidate.
    lambda folded, match: bool(
        re.search(
            r"\b(?:accompagn\w*|aupres|accueil\w*|public|publics|aide\w*|soutien|suivi|"
            r"beneficiaires?|usagers?|destine\w*|pour\s+les|des|aux|role|personnage|"
            r"incarner|jouer)\s+(?:[\w']+\s+){0,2}$",
            _before(folded, match, 35),
        )
    ),
)
_add(
    "pregnancy",
    r"\b(?:pas|non|ni|ne\s+pas\s+etre|n'etant\s+pas)\s+enceintes?\b"
    r"|\b(?:pas\s+de|aucune?)\s+femmes?\s+enceintes?\b"
    r"|\benceintes?\s+(?:s'abstenir|exclues?|non\s+acceptees?)\b"
    r"|\b(?:pas\s+de|sans|aucun|aucune)\s+(?:projet\s+de\s+)?grossesses?\b"
    r"|\b(?:projet|desir|envie)s?\s+(?:de\s+grossesse|d'enfants?|de\s+maternite)\b"
    r"|\bgrossesses?\s+(?:en\s+cours|prevue|a\s+venir|exclue)\b"
    r"|\b(?:pas\s+de|sans|aucun)\s+conges?\s+(?:de\s+)?materni\w+\s+(?:prevu|a\s+venir|"
    r"envisage)\w*",
    "L'état de grossesse ne peut pas être pris en compte pour embaucher, et une candidate "
    "n'a pas à le révéler.",
    "Supprimer la mention ; indiquer, s'il y en a, les contraintes du poste (port de charges, "
    "exposition à des produits) que l'employeur aménagera.",
)

# --- Health, disability -------------------------------------------------------------------------

_add(
    "health",
    r"\ben\s+(?:parfaite|bonne|excellente|pleine)\s+sante\b|\b(?:parfaite|bonne|excellente)\s+"
    r"sante\b|\b(?:bonne|excellente|parfaite)\s+(?:condition|forme)\s+physique\b"
    r"|\b(?:non|pas|sans|aucun|ni|pas\s+de)\s+(?:de\s+)?(?:handicap|handicapee?s?|personnes?\s+"
    r"handicapees?|travailleurs?\s+handicapes?|rqth|invalidite)\b"
    r"|\bhandicapee?s?\s+s'abstenir\b|\brqth\s+(?:non\s+acceptee?|refusee?|exclue?|s'abstenir)\b"
    r"|\b(?:personne|candidate?|profil)s?\s+valides?\b"
    r"|\bsans\s+(?:probleme|soucis?|antecedents?|restrictions?|contre-indications?)\s+"
    r"(?:de\s+sante|medica(?:le?s?|ux)|de\s+dos|physiques?)\b"
    r"|\b(?:pas\s+de|aucun|sans)\s+(?:probleme|soucis?)\s+de\s+(?:sante|dos)\b"
    r"|\b(?:sans|pas\s+de|aucun|peu\s+d')\s*(?:arrets?\s+(?:maladie|de\s+travail)|maladies?\s+"
    r"chroniques?|traitements?\s+medica\w+)\b|\b(?:seropositi\w+|diabetiques?|epileptiques?)\s+"
    r"s'abstenir\b",
    "L'état de santé ou le handicap ne peut pas écarter un candidat ; l'aptitude au poste "
    "est appréciée par le médecin du travail, et l'employeur doit aménager le poste.",
    "Décrire les contraintes physiques du poste (« port de charges jusqu'à 15 kg », "
    "« station debout prolongée ») et ajouter « poste ouvert aux personnes en situation de "
    "handicap ».",
    lambda folded, match: bool(
        # « la bonne santé financière de l'entreprise », « avec ou sans handicap »
        re.match(
            r"\s*(?:financiere|economique|des|de\s+l|du|de\s+la|de\s+nos)\b", _after(folded, match)
        )
        or re.search(r"\bavec\s+ou\s+$|\bqu'\w+\s+soi\w+\s+ou\s+$", _before(folded, match))
    ),
)

# --- Place of residence --------------------------------------------------------------------------

_RESIDENCE_EXPLANATION = (
    "Le lieu de résidence ne peut pas être un critère d'embauche : il exclut des personnes "
    "selon leur adresse ou leur quartier."
)
# « habitant Saint-Nazaire », « résidant Nantes » : the participle followed straight by a
# place (no preposition) asks where the candidate lives — in a profile (« motivé, habitant
# Montoir », « personne dynamique habitant … »), after the candidate (« candidat habitant … »,
# « vous êtes … »). Not when it speaks of the people the job serves (« vous accueillez les
# usagers habitant Saint-Nazaire »): a group of others named just before.
_CANDIDATE_BEFORE = re.compile(
    r"(?:^|\b(?:candidate?s?|profils?|vous\s+etes|etre|idealement|de\s+preference))\s*[,:(-]?\s*$"
)
_OTHERS_BEFORE = re.compile(r"\b(?:les|des|aux|ces|nos|vos|leurs)\s+(?:[a-z'-]+\s+){0,2}$")


def _residence_not_asked(folded: str, match: re.Match[str]) -> bool:
    before = _before(folded, match, 40)
    if _CANDIDATE_BEFORE.search(before):
        return False
    return bool(_OTHERS_BEFORE.search(before))


_add(
    "residence",
    r"\b(?:habitant|residant|domicilie)(?:e|\(e\)|·e)?s?\s+(?!(?:du|de|des|d'|le|la|les|l'|"
    r"et|ou|en|a|au|aux|dans|sur|pres|proche|hors|intra-muros|depuis|avec|qui|que|un|une|"
    r"notre|nos|votre|vos|son|ses|leur|leurs|ce|cette|ces)\b)[a-z][a-z'-]+",
    _RESIDENCE_EXPLANATION,
    "Indiquer le lieu de travail (« poste basé à … ») et, si c'est le cas, les contraintes "
    "d'horaires ou de déplacement, sans demander où la personne habite.",
    _residence_not_asked,
)
_add(
    "residence",
    r"\b(?:habitant|resident|candidat|personne)(?:e)?s?\s+(?:du|de\s+la|de\s+l'|des|d'|de)\s+"
    r"[^.,;\n]{1,40}?\s+s'abstenir\b"
    r"|\b(?:\d{2,3}|banlieue|banlieusards?|cites?|quartiers?(?:\s+\w+)?|zup|zus|qpv)\s+"
    r"s'abstenir\b"
    r"|\b(?:habitant|resident|candidat|personne)(?:e)?s?\s+(?:du|de\s+la|de\s+l'|des|d'|de)\s+"
    r"[^.,;\n]{1,30}?\s+(?:exclu|refuse|non\s+accepte)\w*"
    r"|\b(?:pas\s+de|aucun)\s+(?:candidats?|personnes?|habitants?|gens)\s+(?:du|des|de\s+la|"
    r"de|d')\s*(?:\d{2,3}\b|banlieue|quartiers?|cites?|zones?|seine|val|hauts|ville|campagne)"
    r"|\b(?:pas\s+de|aucun|sauf|hors|exclu\w*)\s+(?:candidats?\s+)?(?:de\s+|des\s+|du\s+|en\s+)?"
    r"(?:banlieue|cites?|quartiers?\s+(?:sensibles|prioritaires|difficiles|populaires|nord)|"
    r"quartiers|qpv|zones?\s+urbaines?\s+sensibles|zus|zup)\b"
    r"|\b(?:residant|habitant|domicilie)e?s?\s+hors\s+\S+"
    r"|\b(?:resider|habiter|demeurer|etre\s+domicilie\w*|residant|domicilie\w*|"
    r"(?:candidate?s?|profils?)\s+habitante?s?)\s+"
    r"(?:obligatoirement\s+|imperativement\s+|exclusivement\s+|uniquement\s+|"
    r"idealement\s+|de\s+preference\s+)?(?:a|dans|sur|en|au|aux|pres|proche|a\s+proximite|"
    r"intra-muros|le\s+secteur|la\s+commune)\b[^.,;:!?\n]{0,30}"
    r"|\bhabitant\s+(?:a\s+proximite|sur\s+place|le\s+secteur|la\s+commune|pres)\b"
    r"|\bvous\s+(?:habitez|residez|demeurez|etes\s+domicilie\w*)\s+(?:\w+\s+)?(?:a|dans|sur|en|"
    r"au|aux|pres|proche|le\s+secteur|la\s+commune|le\s+quartier)\b[^.,;:!?\n]{0,30}"
    r"|\b(?:candidats?|profils?)\s+(?:locaux|local|du\s+secteur|de\s+la\s+region)\s+"
    r"(?:uniquement|exclusivement|seulement|exige\w*)\b"
    r"|\bintra-muros\s+(?:uniquement|exclusivement|exige\w*)\b",
    _RESIDENCE_EXPLANATION,
    "Indiquer le lieu de travail (« poste basé à … ») et, si c'est le cas, la contrainte "
    "réelle (« astreintes avec intervention sous 30 minutes », « horaires sans transports "
    "en commun »).",
    # Emplois francs favour people living in a QPV (L1133-5): naming them is lawful.
    lambda folded, match: (
        bool(
            re.search(r"\b(?:emplois?\s+francs?|qpv|quartiers?\s+prioritaires?)\b", match.group(0))
            and not re.search(r"hors|s'abstenir|pas\s+de|aucun|sauf|exclu", match.group(0))
        )
        or bool(re.search(r"\ben\s+france\b|\bsur\s+le\s+territoire\b", match.group(0)))
        # A caretaker housed on site: living there is the job (logement de fonction).
        or bool(
            re.search(r"\bsur\s+place\b", match.group(0))
            and re.search(r"\blogement\s+de\s+fonction|\bloge\w*\s+sur\s+place", folded)
        )
    ),
)
# « Habitant du quartier de préférence », « Profil : habitante du quartier », « priorité aux
# habitants de la commune »: the inhabitants of a place named as the person sought. The same
# words name the people served as often (« vous recevez les habitants du quartier », « au
# service des habitants de la commune »): flagged only when they describe the candidate — at
# the start of a sentence or of an item of a profile, after the candidate, a recruiting verb
# or a reservation (« réservé aux », « priorité aux ») — or with a preference (« de
# préférence », « uniquement »). Describing the workplace (« le poste est situé dans le
# quartier ») names no inhabitant and is never flagged.
_INHABITANTS = re.compile(
    r"\bhabitant(?:e|\(e\)|·e)?s?\s+(?:du|de\s+la|de\s+l'|des|d'|de|le|la|l')\s*"
    r"[a-z0-9][a-z0-9'-]*(?:\s+(?!(?:pour|qui|que|afin|avec|et|ou|sur|dans|au|aux|a|en|vous|"
    r"nous|est|sont|sera|seront|peut|peuvent)\b)[a-z0-9'-]+){0,3}"
)
_RESIDENCE_PREFERENCE = re.compile(
    r"\b(?:de\s+preference|uniquement|exclusivement|seulement|en\s+priorite|"
    r"prioritairement|privilegie\w*|prefere\w*|souhaite\w*|exige\w*|obligatoire\w*|"
    r"imperati\w*|requis\w*|idealement)\b"
)
_INHABITANT_SOUGHT_BEFORE = re.compile(
    r"(?:^|[-•*]|\b(?:candidate?s?|profils?|vous\s+etes|etre|idealement|de\s+preference|"
    r"(?:recherch|cherch|recrut|embauch|privilegi|prefer)\w*(?:\s+(?:un|une|des|d'un|d'une))?|"
    r"pour\s+(?:un|une)|(?:reserve|destine|limite|ouvert)e?s?\s+(?:uniquement\s+|"
    r"exclusivement\s+|seulement\s+|en\s+priorite\s+)?(?:aux|a\s+des|a\s+un|a\s+une)|"
    r"(?:priorite|preference)\s+(?:donnee\s+)?(?:aux|a\s+des|a\s+un|a\s+une)))\s*[,(]?\s*$"
)


# « Les habitants de Trignac seront privilégiés »
_PREFERRED_AFTER = re.compile(
    r"\s*(?:sont\s+|seront\s+)?(?:de\s+preference|uniquement|exclusivement|seulement|"
    r"privilegie\w*|prefere\w*|souhaite\w*|exige\w*)\b"
)
# An item of a profile that opens on the candidate: « Vous êtes motivée, habitante du … ».
_PROFILE_ITEM_BEFORE = re.compile(
    r"^\s*(?:vous\s+etes|etre|profil\w*|candidat\w*)\b[^,]*(?:,[^,]*)*,\s*$"
)


def _inhabitants_not_sought(folded: str, match: re.Match[str]) -> bool:
    words = match.group(0)
    # Emplois francs favour people living in a QPV (L1133-5): naming them is lawful.
    if re.search(r"\b(?:qpv|quartiers?\s+prioritaires?|emplois?\s+francs?)\b", words):
        return True
    if _RESIDENCE_PREFERENCE.search(words) or _PREFERRED_AFTER.match(_after(folded, match)):
        return False
    before = _before(folded, match, 80)
    return not (_INHABITANT_SOUGHT_BEFORE.search(before) or _PROFILE_ITEM_BEFORE.search(before))


_add(
    "residence",
    _INHABITANTS.pattern,
    _RESIDENCE_EXPLANATION,
    "Indiquer le lieu de travail (« poste basé dans le quartier de … ») et, s'il y en a, "
    "les contraintes réelles (horaires, déplacements), sans demander où la personne habite.",
    _inhabitants_not_sought,
)
_add(
    "bank",
    r"\b(?:compte\s+bancaire|rib|banque|domiciliation\s+bancaire)\s+(?:en\s+france|francaise?|"
    r"francais)\s+(?:obligatoire|exige\w*|uniquement|requis\w*)?",
    "La domiciliation bancaire ne peut pas être un critère d'embauche ; tout compte de la "
    "zone SEPA doit être accepté pour le salaire.",
    "Supprimer la condition : « RIB à fournir à l'embauche ».",
)

# --- Religion, union, politics, orientation, economic vulnerability ----------------------------------

_RELIGIONS = (
    r"(?:musulman|catholique|chretien|juif|juive|protestant|bouddhiste|hindou|athee|croyant|"
    r"pratiquant|evangelique)(?:e|ne)?s?"
)
_add(
    "religion",
    rf"\b(?:non|pas|sans|aucun|ni|pas\s+de|etre)\s+{_RELIGIONS}\b|\b{_RELIGIONS}\s+(?:s'abstenir|"
    rf"exclu\w*|uniquement|exige\w*|de\s+preference|bienvenu\w*)\b"
    r"|\b(?:de\s+)?(?:confession|religion)\s+(?:musulmane|catholique|chretienne|juive|"
    r"protestante|bouddhiste|hindoue|evangelique)\b"
    r"|\b(?:pas\s+de|sans|aucun|ni|non)\s+(?:port\s+(?:du|de)\s+)?(?:voiles?|voilee?s?|foulards?|"
    r"hijabs?|kippas?|turbans?|signes?\s+(?:religieux|ostentatoires?)|religion|ramadan|"
    r"pratiques?\s+religieuses?)\b"
    r"|\b(?:port\s+(?:du|d'un)\s+)?(?:voiles?|foulards?\s+islamiques?|hijabs?|kippas?|turbans?|"
    r"signes?\s+(?:religieux|ostentatoires?))\s+(?:interdits?|refuses?|proscrits?|non\s+"
    r"(?:acceptes?|autorises?|toleres?)|pas\s+acceptes?|exclus?)\b"
    r"|\b(?:femmes?\s+)?voilees?\s+s'abstenir\b"
    r"|\bne\s+(?:pas\s+)?port\w*\s+(?:pas\s+)?(?:le|de|du|d'|un|aucun)\s*(?:voile|foulard|hijab|"
    r"kippa|turban|signes?)",
    "Les convictions religieuses, et leur expression, ne peuvent pas écarter un candidat ; "
    "une restriction n'est possible que par une clause de neutralité du règlement intérieur, "
    "justifiée et proportionnée.",
    "Supprimer la mention ; si une tenue est imposée pour l'hygiène ou la sécurité, la "
    "décrire (« tenue de travail et charlotte fournies »).",
)
_add(
    "union",
    r"\b(?:non|pas|sans|aucun|ni|pas\s+d')\s*(?:de\s+)?(?:syndique\w*|syndicalistes?|adherents?\s+"
    r"syndica\w+|engagement\s+syndical|activites?\s+syndicales?|appartenance\s+syndicale|"
    r"militant\w*\s+syndica\w+|delegues?\s+syndica\w+)"
    r"|\b(?:syndicalistes?|syndiquee?s?)\s+s'abstenir\b",
    "L'appartenance ou l'activité syndicale ne peut jamais être un critère d'embauche.",
    "Supprimer la mention.",
)
_add(
    "politics",
    r"\b(?:non|pas|sans|aucun|ni|pas\s+d')\s*(?:de\s+)?(?:militant\w*(?!\s+syndic)|engagement\s+politique|"
    r"engage\w*\s+politiquement|activites?\s+politiques?|opinions?\s+politiques?|"
    r"appartenance\s+politique|encarte\w*)"
    r"|\b(?:etre|candidate?s?|profils?|personnes?)\s+apolitiques?\b"
    r"|\b(?:militants?|encartes?)\s+s'abstenir\b"
    r"|\b(?:sympathisant|militant|adherent)e?s?\s+(?:de\s+gauche|de\s+droite|rn|lfi|ps|lr|fn)\b",
    "Les opinions politiques ne peuvent pas être un critère d'embauche.",
    "Supprimer la mention.",
)
_add(
    "sexual_orientation",
    r"\b(?:heterosexuel|homosexuel|gay|gays|lesbienne|trans|transgenre)(?:le)?s?\s+"
    r"(?:uniquement|s'abstenir|exige\w*|exclu\w*)\b|\b(?:pas\s+de|non|aucun)\s+"
    r"(?:homosexuel|gay|lesbienne|trans|transgenre)(?:le)?s?\b"
    r"|\borientation\s+sexuelle\s+(?:heterosexuelle|exigee|requise|traditionnelle)\b",
    "L'orientation sexuelle et l'identité de genre ne peuvent pas être des critères d'embauche.",
    "Supprimer la mention.",
    lambda folded, match: "discrimin" in _before(folded, match, 60),
)
_add(
    "economic_vulnerability",
    r"\b(?:beneficiaires?\s+du\s+rsa|rsa|rmistes?|chomeurs?(?:\s+de\s+longue\s+duree)?|"
    r"demandeurs?\s+d'emploi(?:\s+de\s+longue\s+duree)?|sdf|sans-abri|surendettee?s?)\s+"
    r"s'abstenir\b|\b(?:pas\s+de|aucun|sans)\s+(?:beneficiaires?\s+du\s+rsa|rmistes?|chomeurs?|"
    r"sdf|allocataires?\s+du\s+rsa)\b",
    "Écarter quelqu'un parce qu'il est au RSA, au chômage ou en difficulté économique est "
    "une discrimination (vulnérabilité économique).",
    "Supprimer l'exclusion ; décrire les compétences attendues.",
)


# --- Private life: smoking ---------------------------------------------------------------------

# « Candidat non-fumeur », « non fumeur exigé », « fumeurs s'abstenir »: smoking is no ground
# of L1132-1, but a condition on the candidate's private life. It must be justified by the task
# and proportionate (L1121-1) and what is asked of a candidate must have a direct link with the
# job (L1221-6); smoking at work is already banned in places of collective use (Code de la
# santé publique, L3512-8), so the condition adds nothing lawful. It stays a caution, never
# holding the publication: rare jobs may justify it (a home carer for a person on oxygen).
# The rule of a place (« locaux non-fumeurs », « chambres non-fumeurs », « famille
# non-fumeur ») is not about the candidate and is not flagged.
_NON_SMOKER = r"non[\s-]*fumeu(?:r|se)s?(?:\s*\(\s*(?:e|se|euse)\s*\)s?|[·.]\s*(?:se|euse)s?)?"
_SMOKE_FREE_PLACE = re.compile(
    r"\b(?:locaux|local|etablissements?|espaces?|zones?|sites?|vehicules?|voitures?|chambres?|"
    r"salles?|restaurants?|hotels?|entreprises?|environnements?|lieux|lieu|bureaux?|batiments?|"
    r"magasins?|cabinets?|structures?|logements?|appartements?|maisons?|domiciles?|familles?|"
    r"foyers?|residences?|cuisines?|ateliers?|usines?|campus|entrepots?|enceintes?|ehpad|"
    r"creches?|ecoles?|terrasses?|chantiers?|trains?|cars?|bus)\s+(?:(?:100\s*%|entierement|"
    r"totalement|strictement)\s+)?$"
)
_add(
    "private_life",
    rf"\b{_NON_SMOKER}(?![\w·])"
    r"|\bfumeu(?:r|se)s?\s+s'abstenir\b|\b(?:pas\s+de|aucun|aucune|sans)\s+fumeu(?:r|se)s?\b"
    r"|\bvous\s+ne\s+fumez\s+pas\b",
    "Fumer ou non relève de la vie personnelle : l'exiger d'un candidat n'est possible que si "
    "la tâche le justifie et dans une mesure proportionnée. L'interdiction de fumer dans les "
    "locaux de travail s'applique déjà à tous : la condition n'y ajoute rien de licite.",
    "Supprimer la condition ; si besoin, rappeler la règle du lieu (« locaux et véhicules "
    "non-fumeurs »).",
    lambda folded, match: bool(_SMOKE_FREE_PLACE.search(_before(folded, match, 40))),
    caution=True,
)


# --- Checking ---------------------------------------------------------------------------------


def check_text(text: str) -> list[Finding]:
    """The discriminating or excluding wording of a French job offer, sorted by start."""
    if not text or not text.strip():
        return []
    folded, origin = _fold(text)
    # A job noun in one gender comes first: on a tie (« Jeune serveuse », also an age-coded
    # word), the finding that names both the sex and the age is kept.
    candidates: list[Finding] = _title_findings(text, folded, origin)
    for pattern in _PATTERNS:
        for match in pattern.regex.finditer(folded):
            if match.end() == match.start():
                continue
            if pattern.guard and pattern.guard(folded, match):
                continue
            if pattern.rule in ("sex", "age", "appearance") and _SEX_IS_DETERMINING.search(folded):
                continue
            candidates.append(_finding(text, folded, origin, match.start(), match.end(), pattern))
    return _without_overlaps(candidates)


def _finding(
    text: str, folded: str, origin: list[int], start: int, end: int, pattern: _Pattern
) -> Finding:
    # Trailing spaces matched by a pattern are not part of the words.
    while end > start and folded[end - 1].isspace():
        end -= 1
    words_start, words_end = origin[start], origin[end - 1] + 1
    label, articles = RULES[pattern.rule]
    words = folded[start:end]
    if pattern.is_age_limit and not (
        _LOWER_LIMIT.search(words) and len(_NUMBER.findall(words)) == 1
    ):
        articles = (CT_L5331_2, *articles)
    return Finding(
        start=words_start,
        end=words_end,
        words=text[words_start:words_end],
        rule=pattern.rule,
        rule_label=label,
        articles=articles,
        explanation=pattern.explanation,
        suggestion=pattern.suggestion,
        is_caution=pattern.is_caution,
        is_blocking=pattern.is_blocking,
    )


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    # Longest first (the first found on a tie), then drop whatever overlaps a kept finding.
    for finding in sorted(findings, key=lambda f: f.start - f.end):
        if all(finding.end <= other.start or finding.start >= other.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
