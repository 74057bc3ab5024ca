"""Demo practice analysis and prevention: journal entries (one shared with the team's
session, without its author's name) and an incident at reception with its follow-up."""

from datetime import timedelta

from django.utils import timezone

from tremplin.demo.wording import working_at, working_day
from tremplin.practice.models import (
    Incident,
    IncidentFollowUp,
    IncidentStatus,
    JournalEntry,
    PracticeSession,
)


def create_practice(*, structure, counselor, colleague, reception, manager) -> None:
    today = timezone.localdate()
    session = PracticeSession.objects.create(
        structure=structure,
        held_on=working_day(today + timedelta(days=4)),
        theme="Quand la personne ne vient plus",
        facilitator="Claire Moreau, psychologue du travail",
        created_by=manager,
    )
    JournalEntry.objects.create(
        author=counselor,
        occurred_on=working_day(today - timedelta(days=6), backward=True),
        title="Un refus de formation que je n'avais pas vu venir",
        situation="Une jeune femme suivie depuis trois mois, projet d'aide-soignante.",
        facts="Elle a refusé l'entrée en formation la veille du démarrage, sans explication.",
        opinions="J'ai pensé que j'avais poussé le projet plus vite qu'elle.",
        emotions="De la déception, et la peur d'avoir mal fait mon travail.",
        strengths="Le lien est intact : elle a tenu à me le dire elle-même.",
        adjustments="Vérifier à chaque étape que le rythme est le sien, pas le mien.",
    )
    JournalEntry.objects.create(
        author=colleague,
        occurred_on=working_day(today - timedelta(days=3), backward=True),
        title="Trois rendez-vous manqués d'affilée",
        facts="Il ne vient plus depuis trois semaines ; le téléphone sonne dans le vide.",
        opinions="Je me suis demandé s'il fallait clore le suivi.",
        emotions="De l'inquiétude, un peu d'agacement.",
        adjustments="Lui écrire un courrier ouvert, sans reproche, avec une date proposée.",
        shared_session=session,
        shared_anonymously=True,
        shared_at=timezone.now(),
    )
    incident = Incident.objects.create(
        structure=structure,
        reported_by=reception,
        occurred_at=working_at(today - timedelta(days=2), 11, 20, backward=True),
        kind="verbal",
        severity="medium",
        place="reception",
        description=(
            "Un homme venu sans rendez-vous a haussé le ton quand je lui ai proposé un "
            "créneau la semaine suivante, puis a frappé le comptoir avant de partir."
        ),
        involved="Une collègue était présente à l'accueil.",
        immediate_measures="Je suis allée chercher la responsable ; il était parti.",
        status=IncidentStatus.FOLLOW_UP,
    )
    IncidentFollowUp.objects.create(
        incident=incident,
        kind="debriefing",
        note="Échange avec Sophie le jour même ; elle va bien. Point en réunion d'équipe lundi.",
        by=manager,
    )
