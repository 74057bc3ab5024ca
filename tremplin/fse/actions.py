"""FSE+ workflows: the 6-month survey (sent once, answered once) and the phone answer.

Messages leave once the transaction is committed, through the back-ends of the
appointment reminders (e-mail; SMS only with the « SMS » consent).
"""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from tremplin.agenda.enums import NoticeChannel
from tremplin.agenda.notices import Route, person_routes
from tremplin.agenda.sms import SmsError, get_sms_backend
from tremplin.fse import enums, rules
from tremplin.fse.models import Participation, Survey
from tremplin.pathways.exits import add_months
from tremplin.pathways.models import Exit, Funder, Pathway
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent

logger = logging.getLogger("tremplin.fse")

LINK_SALT = "tremplin.fse-survey"


def fse_pathways():
    """Pathways that an FSE+ funder finances (one row each, even with several funders)."""
    fse = Funder.objects.filter(pathways=OuterRef("pk"), nomenclature_id=enums.FSE_NOMENCLATURE)
    return Pathway.objects.filter(Exists(fse))


def is_fse(pathway: Pathway) -> bool:
    return pathway.funders.filter(nomenclature_id=enums.FSE_NOMENCLATURE).exists()


def pseudonym(structure_id: int, person_public_id) -> str:
    """A stable identifier of the person for the structure's FSE+ exports: the same in
    every export, and nobody can go back from it to the person without the database."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"fse:{structure_id}:{person_public_id}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"P-{digest[:10].upper()}"


def has_survey_consent(person_id: int, structure_id: int) -> bool:
    return (
        Consent.objects.active()
        .filter(person_id=person_id, structure_id=structure_id, purpose=ConsentPurpose.SURVEYS)
        .exists()
    )


# --- the link -----------------------------------------------------------------------------


def survey_token(survey: Survey) -> str:
    return signing.dumps({"s": survey.pk, "n": survey.nonce}, salt=LINK_SALT)


def survey_url(survey: Survey) -> str:
    path = reverse("fse:survey-link", kwargs={"token": survey_token(survey)})
    return settings.TREMPLIN_BASE_URL.rstrip("/") + path


class LinkProblem:
    INVALID = "invalid"
    EXPIRED = "expired"
    ANSWERED = "answered"


def survey_from_token(token: str) -> tuple[Survey | None, str]:
    """The survey a link designates and "" while it may be answered; else None and why."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None, LinkProblem.INVALID
    if not isinstance(data, dict):
        return None, LinkProblem.INVALID
    survey = (
        Survey.objects.select_related("pathway__structure")
        .filter(pk=data.get("s"), nonce=data.get("n"))
        .exclude(nonce="")
        .first()
    )
    if survey is None:
        return None, LinkProblem.INVALID
    if survey.is_answered:
        return None, LinkProblem.ANSWERED
    if survey.is_expired:
        return None, LinkProblem.EXPIRED
    return survey, ""


def employed_at_entry(pathway_id: int) -> bool:
    """Whether the entry data say the person worked: only then is the survey's question on
    what changed in their work asked (EECR06)."""
    return Participation.objects.filter(
        pathway_id=pathway_id, labour_status=enums.LabourStatus.EMPLOYED
    ).exists()


NOT_EMPLOYED_AT_ENTRY = (
    "Ce qui a changé dans le travail ne se note que pour une personne en emploi à l'entrée."
)


def _check_answer(data: dict) -> tuple[str, str, list[str]]:
    situation = data.get("situation") or ""
    contract = data.get("contract") or ""
    improvements = sorted(set(data.get("improvements") or ()))
    errors = {}
    if not set(improvements) <= set(enums.Improvement.values):
        errors["improvements"] = "Choix inconnu."
    elif improvements and situation not in (
        enums.SurveySituation.EMPLOYED,
        enums.SurveySituation.SELF_EMPLOYED,
    ):
        errors["improvements"] = (
            "Ce qui a changé dans le travail ne se coche que si vous travaillez."
        )
    if situation not in enums.SurveySituation.values:
        errors["situation"] = "Choisissez votre situation aujourd'hui."
    if situation == enums.SurveySituation.EMPLOYED:
        if contract not in enums.Contract.values or contract == enums.Contract.SELF_EMPLOYED:
            errors["contract"] = "Choisissez le type de votre contrat de travail."
    elif contract:
        errors["contract"] = "Le type de contrat ne se précise que pour un emploi salarié."
    if errors:
        raise ValidationError(errors)
    return situation, contract, improvements


@transaction.atomic
def answer_by_link(*, survey: Survey, data: dict) -> Survey:
    """Record the person's answer. A second answer, or one after expiry, is refused."""
    situation, contract, improvements = _check_answer(data)
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if current.is_answered:
        raise ValidationError("Votre réponse est déjà enregistrée : merci.")
    if current.is_expired:
        raise ValidationError("Ce lien a expiré : votre réponse n'a pas été enregistrée.")
    if improvements and not employed_at_entry(current.pathway_id):
        raise ValidationError({"improvements": NOT_EMPLOYED_AT_ENTRY})
    current.situation, current.contract = situation, contract
    current.improvements = improvements
    current.answered_at = timezone.now()
    current.answered_via = enums.AnswerChannel.LINK
    current.save()
    return current


@transaction.atomic
def record_phone_answer(*, pathway: Pathway, by, data: dict) -> Survey:
    """The counselor notes the answer the person gave on the phone (with their consent)."""
    situation, contract, improvements = _check_answer(data)
    locked = Pathway.objects.select_for_update().get(pk=pathway.pk)
    exit_ = Exit.objects.filter(pathway=locked).first()
    if exit_ is None:
        raise ValidationError(
            "Le parcours n'est pas encore terminé : l'enquête a lieu 6 mois après la sortie."
        )
    if not is_fse(locked):
        raise ValidationError("Ce parcours n'est pas financé par le FSE+.")
    if improvements and not employed_at_entry(locked.pk):
        raise ValidationError({"improvements": NOT_EMPLOYED_AT_ENTRY})
    first_day, _last = rules.survey_window(exit_.exit_on)
    if timezone.localdate() < first_day:
        raise ValidationError(f"L'enquête à 6 mois se fait à partir du {first_day:%d/%m/%Y}.")
    if not has_survey_consent(locked.person_id, locked.structure_id):
        raise ValidationError(
            "La personne n'a pas donné son accord pour les enquêtes de suivi : enregistrez "
            "d'abord son consentement « Enquêtes de suivi »."
        )
    survey = Survey.objects.select_for_update().filter(pathway=locked).first()
    if survey is None:
        survey = Survey(pathway=locked, send_status=enums.SendStatus.NOT_SENT)
    elif survey.is_answered:
        raise ValidationError("Une réponse est déjà enregistrée pour cette enquête.")
    survey.situation, survey.contract = situation, contract
    survey.improvements = improvements
    survey.answered_at = timezone.now()
    survey.answered_via = enums.AnswerChannel.PHONE
    survey.recorded_by = by
    survey.save()
    return survey


# --- one pathway's indicators -------------------------------------------------------------


@dataclass(frozen=True)
class PathwayValues:
    """The common indicators of one pathway: at entry, upon leaving and six months after
    (the last two empty until there is an exit)."""

    entry: dict
    exit: dict
    six_months: dict


def pathway_values(pathway: Pathway, person, *, participation, exit_, survey) -> PathwayValues:
    data = participation or Participation()
    entry = rules.entry_values(
        rules.EntryFacts(
            entry_on=pathway.started_on,
            birth_date=person.birth_date,
            labour_status=data.labour_status,
            jobseeker_since=data.jobseeker_since,
            education_level=data.education_level,
            disability=data.disability,
            housing_exclusion=data.housing_exclusion,
            rural=data.rural,
        )
    )
    if exit_ is None:
        return PathwayValues(entry=entry, exit={}, six_months={})
    answered = survey is not None and survey.is_answered
    return PathwayValues(
        entry=entry,
        exit=rules.exit_values(
            rules.ExitResultFacts(
                exit_on=exit_.exit_on,
                situation=exit_.situation,
                contract_start=exit_.contract_start,
                qualification=data.qualification,
            )
        ),
        six_months=rules.six_month_values(
            rules.SixMonthFacts(
                situation=survey.situation if answered else "",
                contract=survey.contract if answered else "",
                entry_status=data.labour_status,
                entry_contract=data.entry_contract,
                improvements=tuple(survey.improvements) if answered else (),
            )
        ),
    )


# --- sending ------------------------------------------------------------------------------


def _email_text(survey: Survey, link: str) -> tuple[str, str]:
    structure = survey.pathway.structure
    phone = f" ou par téléphone au {structure.phone}" if structure.phone else ""
    expires = timezone.localtime(survey.expires_at)
    subject = f"Où en êtes-vous, six mois après ? — {structure.name}"
    body = (
        "Bonjour,\n\n"
        f"Il y a six mois, vous terminiez votre accompagnement avec {structure.name}. "
        "Cet accompagnement a été financé en partie par l'Union européenne (Fonds social "
        "européen plus, FSE+), qui nous demande de savoir où en sont les personnes "
        "accompagnées.\n\n"
        f"Pouvez-vous nous le dire en une minute, sans créer de compte ?\n{link}\n\n"
        f"Ce lien fonctionne jusqu'au {expires:%d/%m/%Y}. Répondre n'est pas obligatoire. "
        f"Pour toute question, écrivez-nous en réponse à ce message{phone}.\n\n"
        f"— {structure.name}"
    )
    return subject, body


def _sms_text(survey: Survey, link: str) -> str:
    name = survey.pathway.structure.name[:50]
    return f"{name} : 6 mois après votre accompagnement, où en êtes-vous ? 1 minute : {link}"


def _deliver(survey_id: int, routes: list[Route]) -> None:
    survey = Survey.objects.select_related("pathway__structure").get(pk=survey_id)
    link = survey_url(survey)
    delivered = 0
    for route in routes:
        try:
            if route.channel == NoticeChannel.EMAIL:
                subject, body = _email_text(survey, link)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [route.address])
            else:
                get_sms_backend().send_sms(route.address, _sms_text(survey, link))
            delivered += 1
        except (OSError, SmsError) as error:
            # The error's text may hold the address: only its type goes to the log.
            logger.warning("survey %s not delivered (%s)", survey_id, type(error).__name__)
    if not delivered:
        Survey.objects.filter(pk=survey_id).update(send_status=enums.SendStatus.FAILED)


def _midnight_after(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def send_survey(exit_: Exit) -> tuple[str, Survey | None]:
    """Claim and send the survey of one exit. Returns what happened: "sent", "no_consent",
    "no_channel" or "already" (a survey row exists: never twice)."""
    pathway = exit_.pathway
    if not has_survey_consent(pathway.person_id, pathway.structure_id):
        return "no_consent", None
    routes, _reason = person_routes(pathway.person, pathway.structure_id)
    if not routes:
        return "no_channel", None
    with transaction.atomic():
        try:
            with transaction.atomic():
                survey = Survey.objects.create(
                    pathway=pathway,
                    send_status=enums.SendStatus.SENT,
                    channels=",".join(r.channel for r in routes),
                    sent_at=timezone.now(),
                    expires_at=_midnight_after(rules.LINK_DAYS + 1),
                    nonce=secrets.token_urlsafe(16),
                )
        except IntegrityError:
            return "already", None
        transaction.on_commit(lambda: _deliver(survey.pk, routes))
    return "sent", survey


def due_exits(today=None):
    """Exits of FSE+ pathways whose survey window covers `today` and that have no survey."""
    today = today or timezone.localdate()
    # Window: six months after the exit, from two weeks before to four weeks after.
    earliest = add_months(today - rules.SURVEY_CLOSES_AFTER, -rules.FOLLOW_UP_MONTHS)
    latest = add_months(today + rules.SURVEY_OPENS_BEFORE, -rules.FOLLOW_UP_MONTHS)
    candidates = (
        Exit.objects.filter(
            pathway__in=fse_pathways(),
            exit_on__gte=earliest - timedelta(days=3),
            exit_on__lte=latest + timedelta(days=3),
        )
        .exclude(pathway__fse_survey__isnull=False)
        .select_related("pathway__person", "pathway__structure")
        .order_by("exit_on", "pk")
    )
    return [e for e in candidates if rules.is_due(e.exit_on, today)]


def send_surveys(*, today=None, dry_run=False) -> dict[str, int]:
    """Send every due survey. Idempotent: a survey is claimed (one row per pathway) before
    it leaves; people without the « Enquêtes de suivi » consent are never contacted."""
    counts = {"due": 0, "sent": 0, "no_consent": 0, "no_channel": 0, "already": 0}
    for exit_ in due_exits(today):
        counts["due"] += 1
        if dry_run:
            continue
        outcome, _survey = send_survey(exit_)
        counts[outcome] += 1
    return counts
