"""The FSE+ common indicators of one participant, from the facts of the file.

Règlement (UE) 2021/1057 du 24 juin 2021 (FSE+), annexe I: common output indicators on
participants (at entry), common immediate result indicators (upon leaving: within four
weeks of the exit) and common longer-term result indicators (six months after leaving).

Pure functions, no database. A fact the file does not hold gives « non renseigné », never
a guess: the funder counts unknowns apart, and a guess would be a false declaration.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tremplin.fse.enums import (
    PRECARIOUS_CONTRACTS,
    STABLE_CONTRACTS,
    LabourStatus,
    Reply,
    SurveySituation,
)
from tremplin.pathways.enums import EMPLOYMENT_SITUATIONS, TRAINING_SITUATIONS, ExitSituation
from tremplin.pathways.exits import add_months
from tremplin.people.enums import EducationLevel

# « Long-term unemployed »: in France, registered as a job-seeker for 12 months or more.
LONG_TERM_MONTHS = 12
# « Upon leaving »: a situation reached within four weeks after the exit.
UPON_LEAVING = timedelta(weeks=4)
# The longer-term results are measured six months after the exit.
FOLLOW_UP_MONTHS = 6
# The survey leaves from two weeks before the six-month date to four weeks after it.
SURVEY_OPENS_BEFORE = timedelta(weeks=2)
SURVEY_CLOSES_AFTER = timedelta(weeks=4)
# A survey link works for 30 days.
LINK_DAYS = 30


class Value(StrEnum):
    YES = "oui"
    NO = "non"
    UNKNOWN = "non renseigné"
    NOT_APPLICABLE = "non concerné"


@dataclass(frozen=True)
class Indicator:
    code: str  # the Commission's code, "" where the regulation gives none
    key: str
    label: str
    definition: str
    # Health data (disability): only aggregated counts leave the structure.
    is_sensitive: bool = False


ENTRY_INDICATORS = (
    Indicator(
        "EECO02",
        "unemployed",
        "Chômeurs, y compris de longue durée",
        "Situation à l'entrée « sans emploi et en recherche d'emploi », notée par le ou la "
        "conseiller·ère le jour de l'entrée.",
    ),
    Indicator(
        "EECO03",
        "long_term_unemployed",
        "Chômeurs de longue durée",
        "Sans emploi à l'entrée et inscrit·e à France Travail depuis 12 mois ou plus à la "
        "date d'entrée ; non renseigné si la date d'inscription n'est pas connue.",
    ),
    Indicator(
        "EECO04",
        "inactive",
        "Personnes inactives",
        "Ni en emploi ni en recherche d'emploi à l'entrée (études, santé, famille…).",
    ),
    Indicator(
        "EECO05",
        "employed",
        "Personnes exerçant un emploi, y compris indépendantes",
        "En emploi à l'entrée, salarié·e ou à son compte.",
    ),
    Indicator(
        "EECO06",
        "under_18",
        "Moins de 18 ans",
        "Âge à la date d'entrée, calculé depuis la date de naissance.",
    ),
    Indicator("EECO07", "age_18_29", "De 18 à 29 ans", "Âge à la date d'entrée."),
    Indicator("EECO08", "age_55_plus", "55 ans et plus", "Âge à la date d'entrée."),
    Indicator(
        "EECO09",
        "isced_0_2",
        "Niveau CITE 0 à 2 (sans diplôme de niveau 3)",
        "Niveau de diplôme à l'entrée « infra 3 » (nomenclature du décret n° 2019-14).",
    ),
    Indicator(
        "EECO10",
        "isced_3_4",
        "Niveau CITE 3 ou 4 (CAP, BEP, baccalauréat)",
        "Niveau de diplôme à l'entrée 3 ou 4.",
    ),
    Indicator(
        "EECO11",
        "isced_5_8",
        "Niveau CITE 5 à 8 (enseignement supérieur)",
        "Niveau de diplôme à l'entrée 5 à 8.",
    ),
    Indicator(
        "EECO12",
        "disability",
        "Participants handicapés",
        "Déclaré à l'entrée (RQTH, AAH ou handicap déclaré par la personne). Donnée de "
        "santé : seuls des totaux sortent de la structure.",
        is_sensitive=True,
    ),
    Indicator(
        "EECO16",
        "housing_exclusion",
        "Sans domicile ou exclus du logement",
        "Noté à l'entrée (sans domicile, hébergement d'urgence ou d'insertion, logement précaire).",
    ),
    Indicator(
        "EECO17",
        "rural",
        "Personnes vivant en zone rurale",
        "Commune de résidence peu ou très peu dense (grille de densité de l'Insee), notée à "
        "l'entrée.",
    ),
)

EXIT_INDICATORS = (
    Indicator(
        "EECR01",
        "job_searching",
        "À la recherche d'un emploi au terme de leur participation",
        "Situation à la sortie « en recherche d'emploi ».",
    ),
    Indicator(
        "EECR02",
        "in_training",
        "Suivant un enseignement ou une formation au terme de leur participation",
        "Sortie en formation qualifiante ou pré-qualifiante commencée au plus tard quatre "
        "semaines après la date de sortie.",
    ),
    Indicator(
        "EECR03",
        "qualification",
        "Obtenant une qualification au terme de leur participation",
        "Qualification (diplôme, titre, certificat) obtenue pendant le parcours, notée à "
        "la sortie ; non renseigné si la question n'a pas été posée.",
    ),
    Indicator(
        "EECR04",
        "in_employment",
        "Exerçant un emploi, y compris indépendant, au terme de leur participation",
        "Sortie en emploi (CDI, CDD, intérim, contrat aidé, fonction publique, embauche en "
        "SIAE) ou en création d'entreprise, commencé au plus tard quatre semaines après la "
        "date de sortie.",
    ),
)

SIX_MONTH_INDICATORS = (
    Indicator(
        "EECR05",
        "employed_6_months",
        "Exerçant un emploi, y compris indépendant, six mois après la fin de leur participation",
        "Réponse à l'enquête à 6 mois (par le lien ou par téléphone) : salarié·e ou à son "
        "compte. Sans réponse : non renseigné.",
    ),
    Indicator(
        "EECR06",
        "improved_6_months",
        "Dont la situation sur le marché du travail s'est améliorée six mois après la fin "
        "de leur participation",
        "Seulement pour les personnes en emploi à l'entrée : passées d'un emploi précaire "
        "(CDD, intérim, contrat aidé, alternance) à un emploi durable (CDI, fonctionnaire), "
        "ou qui disent travailler plus d'heures comme elles le souhaitaient, occuper un poste "
        "plus qualifié ou avec plus de responsabilités, ou avoir eu une promotion. Non "
        "concerné pour les autres.",
    ),
)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _reply(value: str) -> Value:
    if value == Reply.YES:
        return Value.YES
    if value == Reply.NO:
        return Value.NO
    return Value.UNKNOWN  # not asked, or the person did not wish to answer


ISCED_GROUPS = {
    EducationLevel.NONE: "isced_0_2",
    EducationLevel.LEVEL_3: "isced_3_4",
    EducationLevel.LEVEL_4: "isced_3_4",
    EducationLevel.LEVEL_5: "isced_5_8",
    EducationLevel.LEVEL_6: "isced_5_8",
    EducationLevel.LEVEL_7: "isced_5_8",
    EducationLevel.LEVEL_8: "isced_5_8",
}


@dataclass(frozen=True)
class EntryFacts:
    entry_on: date
    birth_date: date
    labour_status: str = ""
    jobseeker_since: date | None = None
    education_level: str = ""
    disability: str = ""
    housing_exclusion: str = ""
    rural: str = ""


def entry_values(facts: EntryFacts) -> dict[str, Value]:
    """Each entry indicator (by key) for one participant."""
    values: dict[str, Value] = {}
    status = facts.labour_status
    for key, wanted in (
        ("unemployed", LabourStatus.UNEMPLOYED),
        ("inactive", LabourStatus.INACTIVE),
        ("employed", LabourStatus.EMPLOYED),
    ):
        if status not in LabourStatus.values:
            values[key] = Value.UNKNOWN
        else:
            values[key] = Value.YES if status == wanted else Value.NO
    if status not in LabourStatus.values:
        values["long_term_unemployed"] = Value.UNKNOWN
    elif status != LabourStatus.UNEMPLOYED:
        values["long_term_unemployed"] = Value.NO
    elif facts.jobseeker_since is None or facts.jobseeker_since > facts.entry_on:
        values["long_term_unemployed"] = Value.UNKNOWN
    else:
        long_term = add_months(facts.jobseeker_since, LONG_TERM_MONTHS) <= facts.entry_on
        values["long_term_unemployed"] = Value.YES if long_term else Value.NO
    age = age_on(facts.birth_date, facts.entry_on)
    values["under_18"] = Value.YES if age < 18 else Value.NO
    values["age_18_29"] = Value.YES if 18 <= age <= 29 else Value.NO
    values["age_55_plus"] = Value.YES if age >= 55 else Value.NO
    group = ISCED_GROUPS.get(facts.education_level)
    for key in ("isced_0_2", "isced_3_4", "isced_5_8"):
        values[key] = Value.UNKNOWN if group is None else (Value.YES if group == key else Value.NO)
    values["disability"] = _reply(facts.disability)
    values["housing_exclusion"] = _reply(facts.housing_exclusion)
    values["rural"] = _reply(facts.rural)
    return values


@dataclass(frozen=True)
class ExitResultFacts:
    exit_on: date
    situation: str
    contract_start: date | None = None
    qualification: str = ""


def _started_upon_leaving(facts: ExitResultFacts) -> bool:
    return facts.contract_start is not None and (
        facts.contract_start <= facts.exit_on + UPON_LEAVING
    )


def exit_values(facts: ExitResultFacts) -> dict[str, Value]:
    """Each immediate result indicator (by key) for one participant who left."""
    situation = facts.situation
    if situation not in ExitSituation.values:
        return {i.key: Value.UNKNOWN for i in EXIT_INDICATORS}
    works = situation in EMPLOYMENT_SITUATIONS or situation == ExitSituation.BUSINESS
    return {
        "job_searching": Value.YES if situation == ExitSituation.JOB_SEEKING else Value.NO,
        "in_training": Value.YES
        if situation in TRAINING_SITUATIONS and _started_upon_leaving(facts)
        else Value.NO,
        "qualification": _reply(facts.qualification),
        "in_employment": Value.YES if works and _started_upon_leaving(facts) else Value.NO,
    }


@dataclass(frozen=True)
class SixMonthFacts:
    """The survey's answer (blank if none) and what the entry said of the person's work."""

    situation: str = ""
    contract: str = ""
    entry_status: str = ""
    entry_contract: str = ""
    improvements: tuple[str, ...] = ()


def six_month_values(facts: SixMonthFacts) -> dict[str, Value]:
    """Each longer-term result indicator (by key) for one participant."""
    answered = facts.situation in SurveySituation.values
    works = facts.situation in (SurveySituation.EMPLOYED, SurveySituation.SELF_EMPLOYED)
    employed = Value.UNKNOWN if not answered else (Value.YES if works else Value.NO)
    if facts.entry_status not in LabourStatus.values:
        improved = Value.UNKNOWN
    elif facts.entry_status != LabourStatus.EMPLOYED:
        improved = Value.NOT_APPLICABLE
    elif works and facts.improvements:
        improved = Value.YES
    elif not answered or facts.entry_contract == "":
        improved = Value.UNKNOWN
    elif (
        facts.entry_contract in PRECARIOUS_CONTRACTS
        and facts.situation == SurveySituation.EMPLOYED
        and facts.contract in STABLE_CONTRACTS
    ):
        improved = Value.YES
    else:
        improved = Value.NO
    return {"employed_6_months": employed, "improved_6_months": improved}


# --- the survey's calendar ----------------------------------------------------------------


def six_month_date(exit_on: date) -> date:
    return add_months(exit_on, FOLLOW_UP_MONTHS)


def survey_window(exit_on: date) -> tuple[date, date]:
    """The first and last day on which the 6-month survey may leave."""
    target = six_month_date(exit_on)
    return target - SURVEY_OPENS_BEFORE, target + SURVEY_CLOSES_AFTER


def is_due(exit_on: date, today: date) -> bool:
    first, last = survey_window(exit_on)
    return first <= today <= last
