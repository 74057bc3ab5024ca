"""Demo territory watch: what the Mission Locale's team noted about the Saint-Nazaire area."""

from datetime import timedelta

from django.utils import timezone

from tremplin.territory.models import Topic, WatchNote

NOTES = [
    (
        40,
        Topic.HIRING,
        "Chantiers de l'Atlantique : 300 postes en soudure et tuyauterie d'ici l'été",
        "Annonce en réunion du service public de l'emploi : le carnet de commandes est plein "
        "jusqu'en 2028. Les sous-traitants recrutent des soudeurs, tuyauteurs et chaudronniers, "
        "y compris débutants formés en interne (POEI possible). Penser aux jeunes qui ont un CAP "
        "de la métallerie ou une première expérience en atelier.",
        "Réunion SPE du bassin, sous-préfecture",
    ),
    (
        25,
        Topic.TRAINING,
        "Nouvelle session de titre professionnel agent de propreté et d'hygiène en janvier",
        "12 places, financées par la Région, sans prérequis de diplôme. Information collective "
        "le premier mardi de décembre à l'organisme de formation.",
        "Organisme de formation, appel du 3 novembre",
    ),
    (
        12,
        Topic.MOBILITY,
        "Ligne de bus S/2 : dernier départ avancé à 20 h 10",
        "Les jeunes qui travaillent en restauration le soir à Pornichet ne peuvent plus rentrer "
        "en bus. Le garage solidaire loue des scooters 2 € par jour : l'orienter vers eux.",
        "https://www.stran.fr",
    ),
    (
        5,
        Topic.SCHEMES,
        "Aide au permis de la Région : dossier désormais en ligne",
        "Le dossier se dépose en ligne ; il faut le devis de l'auto-école et l'attestation de "
        "la Mission Locale. Délai de réponse annoncé : un mois.",
        "Site de la Région, page des aides à la mobilité",
    ),
]


def create_watch_notes(*, structure, counselors) -> None:
    today = timezone.localdate()
    for index, (days_ago, topic, title, body, source) in enumerate(NOTES):
        WatchNote.objects.create(
            structure=structure,
            author=counselors[index % len(counselors)],
            observed_on=today - timedelta(days=days_ago),
            topic=topic,
            title=title,
            body=body,
            source=source,
        )
