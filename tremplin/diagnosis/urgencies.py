"""What to do at once when the urgency checklist is positive: numbers, first actions, and
the data·inclusion thématiques of the partner services that answer each situation."""

from dataclasses import dataclass

from tremplin.diagnosis.models import UrgencyItem


@dataclass(frozen=True)
class Number:
    number: str
    label: str


@dataclass(frozen=True)
class Response:
    item: UrgencyItem
    actions: tuple[str, ...]
    numbers: tuple[Number, ...]
    thematiques: tuple[str, ...]
    # What to do instead for a person under 25, when the rights differ (the RSA mostly
    # closed before 25; the young people's own aids).
    actions_under_25: tuple[str, ...] = ()

    def actions_for(self, age: int | None) -> tuple[str, ...]:
        if age is not None and age < YOUNG_AGE_LIMIT and self.actions_under_25:
            return self.actions_under_25
        return self.actions


YOUNG_AGE_LIMIT = 25


EMERGENCY = (
    Number("15", "SAMU — urgence médicale"),
    Number("17", "Police secours"),
    Number("112", "Numéro d'urgence européen"),
    Number("114", "Urgences par SMS pour les personnes sourdes ou malentendantes"),
)

RESPONSES: dict[str, Response] = {
    UrgencyItem.NO_SHELTER: Response(
        UrgencyItem.NO_SHELTER,
        (
            "Appeler le 115 avec la personne, depuis la structure si elle n'a pas de téléphone.",
            "Proposer un accueil de jour et une domiciliation si elle n'a pas d'adresse.",
        ),
        (Number("115", "SAMU social — hébergement d'urgence, 24 h/24, gratuit"),),
        ("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",),
    ),
    UrgencyItem.NO_RESOURCES: Response(
        UrgencyItem.NO_RESOURCES,
        (
            "Orienter vers une aide alimentaire d'urgence aujourd'hui même.",
            "Vérifier les droits (RSA, prime d'activité, aides d'urgence du CCAS ou du Département).",
        ),
        (),
        (
            "equipement-et-alimentation--alimentation",
            "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
        ),
        actions_under_25=(
            "Orienter vers une aide alimentaire d'urgence aujourd'hui même.",
            "Demander une aide du Fonds d'aide aux jeunes (FAJ, par la Mission Locale ou le "
            "Département) et les aides d'urgence du CCAS.",
            "Étudier l'entrée en contrat d'engagement jeune ou en PACEA, qui ouvrent une "
            "allocation ; avant 25 ans, le RSA n'est ouvert qu'à un parent ou à un jeune qui "
            "a déjà beaucoup travaillé (RSA jeune actif), la prime d'activité dès 18 ans à "
            "qui travaille.",
        ),
    ),
    UrgencyItem.VIOLENCE: Response(
        UrgencyItem.VIOLENCE,
        (
            "Mettre la personne en sécurité et l'écouter sans la juger.",
            "En cas de danger immédiat, appeler le 17 (ou le 114 par SMS).",
            "Proposer le 3919 et une association d'aide aux victimes ; noter seulement les faits.",
        ),
        (
            Number("3919", "Violences Femmes Info — anonyme et gratuit, 24 h/24"),
            Number("17", "Police secours en cas de danger immédiat"),
        ),
        ("famille--surmonter-conflits-separation-violence",),
    ),
    UrgencyItem.HEALTH_EMERGENCY: Response(
        UrgencyItem.HEALTH_EMERGENCY,
        ("Appeler le 15 si la situation l'exige ; ne pas laisser la personne seule.",),
        (Number("15", "SAMU — urgence médicale"),),
        ("sante--acces-aux-soins",),
    ),
    UrgencyItem.CHILD_DANGER: Response(
        UrgencyItem.CHILD_DANGER,
        (
            "Appeler le 119 pour être conseillé ; en cas de danger immédiat, le 17.",
            "Informer sans délai le ou la responsable de la structure (information préoccupante).",
        ),
        (Number("119", "Allô Enfance en danger — gratuit, 24 h/24"),),
        ("famille--soutien-a-la-parentalite-et-a-leducation",),
    ),
    UrgencyItem.SUICIDAL_RISK: Response(
        UrgencyItem.SUICIDAL_RISK,
        (
            "Prendre au sérieux, rester avec la personne, ne pas la laisser repartir seule si le risque est imminent.",
            "Appeler le 3114 avec elle, ou le 15 en cas de danger immédiat.",
        ),
        (
            Number("3114", "Numéro national de prévention du suicide — gratuit, 24 h/24"),
            Number("15", "SAMU en cas de danger immédiat"),
        ),
        ("sante--sante-mentale",),
    ),
}


def responses_for(positives: list[str]) -> list[Response]:
    return [RESPONSES[p] for p in positives if p in RESPONSES]
