"""The FSE+ participants of a structure over a period, each with their indicator values.

Three cohorts, as the funder counts them: the people who *entered* an FSE+ pathway in the
period (entry indicators), those who *left* it in the period (immediate results), and
those whose *six-month date* falls in the period (longer-term results and the survey).
A fixed number of queries, whatever the number of participants.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from tremplin.agenda.sms import mobile_number
from tremplin.fse import rules
from tremplin.fse.actions import fse_pathways, pseudonym
from tremplin.fse.enums import SendStatus
from tremplin.pathways.exits import add_months
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent


class SurveyState:
    ANSWERED = "answered"
    WAITING = "waiting"  # link sent, still valid
    NO_ANSWER = "no_answer"  # link expired without an answer
    FAILED = "failed"
    NO_CONSENT = "no_consent"
    NO_CHANNEL = "no_channel"
    NOT_YET = "not_yet"  # the window has not opened

    LABELS = {
        ANSWERED: "Réponse reçue",
        WAITING: "Lien envoyé, en attente de réponse",
        NO_ANSWER: "Lien expiré sans réponse",
        FAILED: "Échec de l'envoi",
        NO_CONSENT: "Non enquêté·e : pas d'accord pour les enquêtes",
        NO_CHANNEL: "Pas d'e-mail ni de portable joignable par SMS",
        NOT_YET: "Enquête à venir",
    }
    # The person was reached by the survey (a link left, or they answered by phone).
    SURVEYED = frozenset({ANSWERED, WAITING, NO_ANSWER})


@dataclass
class Participant:
    pathway_id: int
    person_id: int
    pseudonym: str
    sex: str
    entry_on: date
    exit_on: date | None
    exit_situation: str
    six_month_on: date | None
    entry: dict[str, rules.Value]
    exit: dict[str, rules.Value] | None
    six_months: dict[str, rules.Value] | None
    survey_state: str | None
    survey_answer: str = ""
    survey_contract: str = ""
    has_entry_data: bool = False
    cohorts: set[str] = field(default_factory=set)

    @property
    def survey_label(self) -> str:
        return SurveyState.LABELS.get(self.survey_state, "")


def _survey_state(pathway, survey, consents: set, today: date, six_month_on: date) -> str:
    if survey is not None and survey.is_answered:
        return SurveyState.ANSWERED
    if survey is not None:
        if survey.send_status == SendStatus.FAILED:
            return SurveyState.FAILED
        return SurveyState.NO_ANSWER if survey.is_expired else SurveyState.WAITING
    if ConsentPurpose.SURVEYS not in consents:
        return SurveyState.NO_CONSENT
    if today < six_month_on - rules.SURVEY_OPENS_BEFORE:
        return SurveyState.NOT_YET
    person = pathway.person
    # The same rule as the reminders: SMS only to a mobile, with the « SMS » consent.
    sms = mobile_number(person.phone) is not None and ConsentPurpose.SMS in consents
    if not person.email and not sms:
        return SurveyState.NO_CHANNEL
    return SurveyState.NOT_YET


def _consents(person_ids, structure_id) -> dict[int, set[str]]:
    """The survey and SMS consents each person gave the structure (one query)."""
    found: dict[int, set[str]] = {}
    for person_id, purpose in (
        Consent.objects.active()
        .filter(
            person_id__in=person_ids,
            structure_id=structure_id,
            purpose__in=[ConsentPurpose.SURVEYS, ConsentPurpose.SMS],
        )
        .values_list("person_id", "purpose")
    ):
        found.setdefault(person_id, set()).add(purpose)
    return found


def _build(pathways, structure_id, today) -> list[tuple]:
    pathways = list(pathways)
    consents = _consents({p.person_id for p in pathways}, structure_id)
    rows = []
    for pathway in pathways:
        person = pathway.person
        data = getattr(pathway, "fse_participation", None)
        exit_ = getattr(pathway, "exit", None)
        survey = getattr(pathway, "fse_survey", None)
        entry = rules.entry_values(
            rules.EntryFacts(
                entry_on=pathway.started_on,
                birth_date=person.birth_date,
                labour_status=data.labour_status if data else "",
                jobseeker_since=data.jobseeker_since if data else None,
                education_level=data.education_level if data else "",
                disability=data.disability if data else "",
                housing_exclusion=data.housing_exclusion if data else "",
                rural=data.rural if data else "",
            )
        )
        exit_values = six = state = None
        six_month_on = None
        if exit_ is not None:
            exit_values = rules.exit_values(
                rules.ExitResultFacts(
                    exit_on=exit_.exit_on,
                    situation=exit_.situation,
                    contract_start=exit_.contract_start,
                    qualification=data.qualification if data else "",
                )
            )
            six_month_on = rules.six_month_date(exit_.exit_on)
            answered = survey is not None and survey.is_answered
            six = rules.six_month_values(
                rules.SixMonthFacts(
                    situation=survey.situation if answered else "",
                    contract=survey.contract if answered else "",
                    entry_status=data.labour_status if data else "",
                    entry_contract=data.entry_contract if data else "",
                    improvements=tuple(survey.improvements) if answered else (),
                )
            )
            state = _survey_state(
                pathway, survey, consents.get(person.pk, set()), today, six_month_on
            )
        rows.append(
            (
                pathway,
                Participant(
                    pathway_id=pathway.pk,
                    person_id=person.pk,
                    pseudonym=pseudonym(structure_id, person.public_id),
                    sex=person.sex,
                    entry_on=pathway.started_on,
                    exit_on=exit_.exit_on if exit_ else None,
                    exit_situation=exit_.situation if exit_ else "",
                    six_month_on=six_month_on,
                    entry=entry,
                    exit=exit_values,
                    six_months=six,
                    survey_state=state,
                    survey_answer=survey.situation if survey and survey.is_answered else "",
                    survey_contract=survey.contract if survey and survey.is_answered else "",
                    has_entry_data=data is not None,
                ),
            )
        )
    return rows


def _loaded(queryset):
    return queryset.select_related("person", "exit", "fse_participation", "fse_survey").order_by(
        "started_on", "pk"
    )


def participants(structure_id: int, start: date, end: date, *, today=None) -> list[Participant]:
    """The structure's FSE+ participants in at least one cohort of [start, end]."""
    today = today or timezone.localdate()
    # Six-month dates in [start, end] come from exits about six months earlier; the
    # exact test is made below (month lengths differ).
    six_from = add_months(start, -rules.FOLLOW_UP_MONTHS) - timedelta(days=3)
    six_to = add_months(end, -rules.FOLLOW_UP_MONTHS) + timedelta(days=3)
    queryset = (
        fse_pathways()
        .filter(structure_id=structure_id)
        .filter(
            Q(started_on__gte=start, started_on__lte=end)
            | Q(exit__exit_on__gte=start, exit__exit_on__lte=end)
            | Q(exit__exit_on__gte=six_from, exit__exit_on__lte=six_to)
        )
    )
    result = []
    for _pathway, participant in _build(_loaded(queryset), structure_id, today):
        if start <= participant.entry_on <= end:
            participant.cohorts.add("entry")
        if participant.exit_on and start <= participant.exit_on <= end:
            participant.cohorts.add("exit")
        if participant.six_month_on and start <= participant.six_month_on <= end:
            participant.cohorts.add("six_months")
        if participant.cohorts:
            result.append(participant)
    return result


@dataclass
class ToSurvey:
    pathway_id: int
    full_name: str
    exit_on: date
    six_month_on: date
    state: str
    sent_at: object = None

    @property
    def label(self) -> str:
        return SurveyState.LABELS[self.state]

    @property
    def needs_call(self) -> bool:
        return self.state in (SurveyState.NO_ANSWER, SurveyState.FAILED, SurveyState.NO_CHANNEL)


def still_to_survey(structure_id: int, *, today=None) -> list[ToSurvey]:
    """People who agreed to the survey and have not answered yet: those whose six-month
    date is in the last three months or the next six weeks, soonest first."""
    today = today or timezone.localdate()
    queryset = fse_pathways().filter(
        structure_id=structure_id,
        exit__exit_on__gte=add_months(today - timedelta(days=92), -rules.FOLLOW_UP_MONTHS),
        exit__exit_on__lte=add_months(today + timedelta(weeks=6), -rules.FOLLOW_UP_MONTHS),
    )
    rows = []
    for pathway, participant in _build(_loaded(queryset), structure_id, today):
        if participant.survey_state in (SurveyState.ANSWERED, SurveyState.NO_CONSENT):
            continue
        survey = getattr(pathway, "fse_survey", None)
        rows.append(
            ToSurvey(
                pathway_id=pathway.pk,
                full_name=f"{pathway.person.last_name.upper()} {pathway.person.first_name}",
                exit_on=participant.exit_on,
                six_month_on=participant.six_month_on,
                state=participant.survey_state,
                sent_at=survey.sent_at if survey else None,
            )
        )
    return sorted(rows, key=lambda r: (r.six_month_on, r.pathway_id))
