"""The structure's monthly activity report (« rapport d'activité mensuel »).

Every figure is computed by the database from what the activity apps already record, for
one structure, over one calendar month in Paris time and over the year to date (1 January
to the month's end). Each table is read by one aggregate query (or a few), whatever the
amount of data: the number of queries is fixed. Only counts leave this module, never a
name.

The report is for the structure as a tenant: everything is filtered on the structure's id
(the records it made, the people it follows), never on what a partner shared with it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from tremplin.agenda.stats import structure_counts
from tremplin.core.dates import month_year
from tremplin.core.permissions import Section as FileSection
from tremplin.diagnosis.models import DiagnosisVersion, UrgencyCheck
from tremplin.employers.enums import ContractType
from tremplin.employers.models import Interaction, JobOffer
from tremplin.employment.enums import Outcome
from tremplin.employment.models import CheckIn, Employment
from tremplin.immersions.enums import ImmersionStatus
from tremplin.immersions.models import ImmersionEvent
from tremplin.matching.models import ProposalEvent, ProposalStatus
from tremplin.network.models import ReferralEvent, ReferralStatus
from tremplin.pathways.enums import ExitCategory, Framework
from tremplin.pathways.exits import add_months, funder_labels
from tremplin.pathways.models import (
    ContractSignature,
    Exit,
    ExitMapping,
    Funder,
    IaeApproval,
    Pathway,
)
from tremplin.people.enums import EducationLevel, Residence, Sex
from tremplin.people.models import Follow, Person
from tremplin.reception.models import (
    Attendance,
    Contact,
    ContactChannel,
    InfoSession,
    Order,
    OrderStatus,
    Registration,
)
from tremplin.reporting.suppression import hidden_cells, mark
from tremplin.workshops.models import HalfDay, Presence

# The nomenclature of the IAE « sorties dynamiques » (pathways/data/exit_nomenclatures.json).
IAE_NOMENCLATURE = "iae"

ALL = Q(pk__isnull=False)


class MonthError(ValueError):
    """A month that cannot be reported; the message is French, for the field."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str, *, today: date | None = None) -> "Month":
        """`2026-10` → October 2026. Refuses malformed and future months."""
        today = today or timezone.localdate()
        try:
            year_text, month_text = (text or "").strip().split("-")
            value = cls(int(year_text), int(month_text))
        except ValueError:
            raise MonthError("Indiquez un mois au format AAAA-MM, par exemple 2026-10.") from None
        if not (1 <= value.month <= 12) or value.year < 2000:
            raise MonthError("Indiquez un mois au format AAAA-MM, par exemple 2026-10.")
        if value > cls.of(today):
            raise MonthError("Ce mois n'est pas encore commencé : choisissez un mois passé.")
        return value

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return month_year(date(self.year, self.month, 1))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next_first_day(self) -> date:
        return add_months(self.first_day, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next_first_day.toordinal() - 1)

    @property
    def year_first_day(self) -> date:
        return date(self.year, 1, 1)

    def previous(self) -> "Month":
        return Month.of(add_months(self.first_day, -1))

    def next(self) -> "Month":
        return Month.of(self.next_first_day)


def _midnight(day: date) -> datetime:
    """Midnight in Paris (the project's time zone) as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


@dataclass(frozen=True)
class Period:
    """The month and the year to date, as date bounds and as Paris-time datetime bounds."""

    month: Month

    def bounds(self, *, dated: bool):
        """(year start, month start, month end), end excluded."""
        days = (self.month.year_first_day, self.month.first_day, self.month.next_first_day)
        return days if dated else tuple(_midnight(d) for d in days)

    def ranges(self, field_name: str, *, dated: bool) -> tuple[Q, Q]:
        year_start, month_start, end = self.bounds(dated=dated)
        month_q = Q(**{f"{field_name}__gte": month_start, f"{field_name}__lt": end})
        year_q = Q(**{f"{field_name}__gte": year_start, f"{field_name}__lt": end})
        return month_q, year_q


@dataclass
class Figure:
    key: str
    label: str
    month: float | int | None
    year: float | int | None
    definition: str
    # count (may be masked), rate (a percentage), hours, stock (a state at the month's end:
    # its « year » column is the number concerned at some point in the year).
    kind: str = "count"
    indent: bool = False


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)

    def add(self, *args, **kwargs) -> Figure:
        figure = Figure(*args, **kwargs)
        self.figures.append(figure)
        return figure


@dataclass
class Report:
    structure_id: int
    structure_name: str
    month: Month
    sections: list[Section]
    computed_at: datetime

    @property
    def is_empty(self) -> bool:
        """Nothing recorded for the month (the year-to-date columns may still have data)."""
        return not any(f.month for s in self.sections for f in s.figures if f.kind != "rate")

    @property
    def year_is_empty(self) -> bool:
        return not any(f.year for s in self.sections for f in s.figures if f.kind != "rate")

    def rows(self):
        for section in self.sections:
            for figure in section.figures:
                yield section, figure

    def hidden_cells(self) -> set[tuple[int, str]]:
        """The cells `(id(figure), "month" | "year")` a document leaving the structure hides:
        the small counts (people, stocks; not rates nor hours), and what would give them
        away in their breakdown (the figures indented under a total)."""
        values, relations = {}, []
        for section in self.sections:
            total, parts = None, []
            for figure in [*section.figures, None]:
                if figure is None or not figure.indent:
                    for column in ("month", "year"):
                        if total is not None and parts:
                            relations.append(
                                ((id(total), column), [(id(p), column) for p in parts])
                            )
                    total, parts = figure, []
                if figure is None or figure.kind in ("rate", "hours"):
                    if figure is not None and not figure.indent:
                        total = None
                    continue
                if figure.indent:
                    parts.append(figure)
                values[(id(figure), "month")] = figure.month
                values[(id(figure), "year")] = figure.year
        return hidden_cells(values, relations)


def _tally(queryset, field_name, period, conditions, *, dated=False, count="pk", distinct=False):
    """One aggregate query: for each named condition, its count in the month and in the year
    to date, by `field_name`."""
    month_q, year_q = period.ranges(field_name, dated=dated)
    aggregates = {}
    for name, condition in conditions.items():
        aggregates[f"m_{name}"] = Count(count, filter=condition & month_q, distinct=distinct)
        aggregates[f"y_{name}"] = Count(count, filter=condition, distinct=distinct)
    values = queryset.filter(year_q).aggregate(**aggregates)
    return {name: (values[f"m_{name}"], values[f"y_{name}"]) for name in conditions}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _minus_years(day: date, years: int) -> date:
    return add_months(day, -12 * years)


# --- the sections ----------------------------------------------------------------------------


def _reception(structure_id, period, now) -> Section:
    section = Section("accueil", "Accueil")
    channels = {c.value: Q(channel=c) for c in ContactChannel}
    contacts = _tally(
        Contact.objects.filter(structure_id=structure_id),
        "received_at",
        period,
        {"all": ALL, **channels},
    )
    section.add(
        "contacts",
        "Contacts à l'accueil",
        *contacts["all"],
        "Contacts notés au registre de l'accueil, à la date et l'heure du contact (heure de Paris).",
    )
    for channel in ContactChannel:
        section.add(
            f"contacts_{channel.value}",
            f"dont {channel.label[0].lower()}{channel.label[1:]}",
            *contacts[channel.value],
            f"Contacts du registre dont le canal est « {channel.label} ».",
            indent=True,
        )
    sessions = _tally(
        InfoSession.objects.filter(
            structure_id=structure_id, is_cancelled=False, starts_at__lt=now
        ),
        "starts_at",
        period,
        {"held": ALL},
    )
    section.add(
        "info_sessions",
        "Informations collectives tenues",
        *sessions["held"],
        "Informations collectives non annulées dont l'heure de début est passée.",
    )
    present = _tally(
        Registration.objects.filter(
            session__structure_id=structure_id,
            session__is_cancelled=False,
            attendance=Attendance.PRESENT,
            on_waiting_list=False,
        ),
        "session__starts_at",
        period,
        {"present": ALL},
    )
    section.add(
        "info_session_present",
        "Personnes présentes aux informations collectives",
        *present["present"],
        "Inscrit·es noté·es « présent·e » ; une personne venue à deux séances compte deux fois.",
    )
    return section


def _people(structure_id, period) -> Section:
    section = Section("personnes", "Personnes accompagnées")
    month = period.month
    last = month.last_day
    followed_at_end = Follow.objects.filter(
        person=OuterRef("pk"), structure_id=structure_id, started_on__lte=last
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=last))
    followed_in_year = Follow.objects.filter(
        person=OuterRef("pk"), structure_id=structure_id, started_on__lte=last
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month.year_first_day))
    age_26, age_50 = _minus_years(last, 26), _minus_years(last, 50)
    # A file taken in from a referral counts only by the parts the person opened to the
    # structure: a situation or a health part closed to it is not read, even to count.
    situation_open = ~Q(pk__in=Follow.objects.people_closing(structure_id, FileSection.SITUATION))
    health_open = ~Q(pk__in=Follow.objects.people_closing(structure_id, FileSection.HEALTH))
    profile = {
        "all": ALL,
        "women": Q(sex=Sex.FEMALE),
        "men": Q(sex=Sex.MALE),
        "under_26": Q(birth_date__gt=age_26),
        "26_49": Q(birth_date__lte=age_26, birth_date__gt=age_50),
        "50_plus": Q(birth_date__lte=age_50),
        "rsa": Q(is_rsa_beneficiary=True) & situation_open,
        "rqth": Q(has_rqth=True) & health_open,
        "qpv": Q(lives_in_qpv=Residence.YES) & situation_open,
        "edu_none": Q(education_level=EducationLevel.NONE),
        "edu_3": Q(education_level=EducationLevel.LEVEL_3),
        "edu_4": Q(education_level=EducationLevel.LEVEL_4),
        "edu_5_plus": Q(
            education_level__in=[
                EducationLevel.LEVEL_5,
                EducationLevel.LEVEL_6,
                EducationLevel.LEVEL_7,
                EducationLevel.LEVEL_8,
            ]
        ),
        "edu_unknown": Q(education_level=""),
    }
    aggregates = {}
    for name, condition in profile.items():
        aggregates[f"m_{name}"] = Count("pk", filter=condition & Q(at_end=True))
        aggregates[f"y_{name}"] = Count("pk", filter=condition)
    values = (
        Person.objects.filter(Exists(followed_in_year), merged_into__isnull=True)
        .annotate(at_end=Exists(followed_at_end))
        .aggregate(**aggregates)
    )
    counts = {name: (values[f"m_{name}"], values[f"y_{name}"]) for name in profile}
    section.add(
        "followed",
        "Personnes suivies",
        *counts["all"],
        "Mois : personnes dont le suivi par la structure est ouvert au dernier jour du mois. "
        "Cumul : personnes suivies à un moment de l'année (suivi ouvert avant la fin du mois "
        "et non clos avant le 1er janvier). Une personne compte une fois, même suivie aussi "
        "par une autre structure.",
        kind="stock",
    )
    follows = Follow.objects.filter(structure_id=structure_id)
    new = _tally(
        follows, "started_on", period, {"new": ALL}, dated=True, count="person", distinct=True
    )
    ended = _tally(
        follows, "ended_on", period, {"ended": ALL}, dated=True, count="person", distinct=True
    )
    profile_rows = [
        ("women", "dont femmes", "Sexe « Femme » au dossier."),
        ("men", "dont hommes", "Sexe « Homme » au dossier (les autres : non précisé)."),
        (
            "under_26",
            "dont moins de 26 ans",
            "Âge au dernier jour du mois, selon la date de naissance.",
        ),
        ("26_49", "dont 26 à 49 ans", "Âge au dernier jour du mois."),
        ("50_plus", "dont 50 ans et plus", "Âge au dernier jour du mois."),
        (
            "rsa",
            "dont bénéficiaires du RSA",
            "Case « bénéficiaire du RSA » cochée au dossier, situation ouverte à la structure.",
        ),
        (
            "rqth",
            "dont personnes avec une RQTH",
            "Case « RQTH » cochée au dossier, santé ouverte à la structure.",
        ),
        (
            "qpv",
            "dont résident·es d'un QPV",
            "« Réside en QPV : oui » au dossier (non vérifié : non compté), situation ouverte "
            "à la structure.",
        ),
        ("edu_none", "dont sans diplôme (infra niveau 3)", "Niveau de diplôme au dossier."),
        ("edu_3", "dont niveau 3 (CAP, BEP)", "Niveau de diplôme au dossier."),
        ("edu_4", "dont niveau 4 (baccalauréat)", "Niveau de diplôme au dossier."),
        (
            "edu_5_plus",
            "dont niveau 5 et plus (bac + 2 et au-delà)",
            "Niveau de diplôme au dossier.",
        ),
        ("edu_unknown", "dont niveau de diplôme non renseigné", "Niveau de diplôme laissé vide."),
    ]
    for key, label, definition in profile_rows:
        section.add(
            f"profile_{key}",
            label,
            *counts[key],
            definition
            + " Parmi les personnes suivies (mêmes colonnes que la ligne « Personnes suivies »).",
            kind="stock",
            indent=True,
        )
    # Entries and ends come after the profile, which details the people followed.
    section.add(
        "follow_started",
        "Entrées en accompagnement",
        *new["new"],
        "Personnes dont un suivi par la structure a commencé dans la période (date « suivi depuis le »).",
    )
    section.add(
        "follow_ended",
        "Fins d'accompagnement",
        *ended["ended"],
        "Personnes dont un suivi par la structure a été clos dans la période (date « suivi clos le »).",
    )
    return section


def _diagnosis(structure_id, period) -> Section:
    section = Section("diagnostic", "Diagnostic")
    versions = DiagnosisVersion.objects.filter(diagnosis__structure_id=structure_id)
    first = _tally(versions.filter(number=1), "interview_date", period, {"first": ALL}, dated=True)
    validated = _tally(versions, "validated_at", period, {"validated": ALL})
    checks = _tally(
        UrgencyCheck.objects.filter(structure_id=structure_id),
        "asked_at",
        period,
        {"all": ALL, "positive": Q(alert__isnull=False)},
    )
    section.add(
        "first_interviews",
        "Premiers entretiens de diagnostic",
        *first["first"],
        "Diagnostics partagés ouverts par la structure : première version, à la date de l'entretien.",
    )
    section.add(
        "diagnoses_validated",
        "Diagnostics validés par la personne",
        *validated["validated"],
        "Versions du diagnostic dont la validation par la personne a été enregistrée dans la période.",
    )
    section.add(
        "urgency_checks",
        "Questionnaires d'urgence passés",
        *checks["all"],
        "Repérages des urgences faits au premier entretien ou ensuite.",
    )
    section.add(
        "urgencies",
        "dont urgences repérées",
        *checks["positive"],
        "Questionnaires avec au moins une situation d'urgence, qui ont alerté la structure.",
        indent=True,
    )
    return section


def _orders_referrals(structure_id, period) -> Section:
    section = Section("commandes", "Commandes et orientations")
    orders = Order.objects.filter(structure_id=structure_id)
    received = _tally(orders, "received_on", period, {"all": ALL}, dated=True)
    decided = _tally(
        orders,
        "decided_at",
        period,
        {"accepted": Q(status=OrderStatus.ACCEPTED), "refused": Q(status=OrderStatus.REFUSED)},
    )
    section.add(
        "orders_received",
        "Commandes reçues",
        *received["all"],
        "Prescriptions reçues des prescripteurs, à la date de réception.",
    )
    section.add(
        "orders_accepted",
        "Commandes acceptées",
        *decided["accepted"],
        "Commandes acceptées, à la date de la réponse.",
    )
    section.add(
        "orders_refused",
        "Commandes refusées",
        *decided["refused"],
        "Commandes refusées, à la date de la réponse.",
    )
    steps = {
        ReferralStatus.SENT: ("Orientations envoyées", "envoyée au partenaire"),
        ReferralStatus.ACCEPTED: ("Orientations acceptées", "acceptée par le partenaire"),
        ReferralStatus.REFUSED: ("Orientations refusées", "refusée par le partenaire"),
        ReferralStatus.EXPIRED: (
            "Orientations sans réponse dans le délai",
            "restée sans réponse du partenaire dans le délai de réponse",
        ),
        ReferralStatus.CANCELLED: ("Orientations annulées", "annulée"),
        ReferralStatus.DONE: ("Orientations réalisées", "notée réalisée"),
        ReferralStatus.NO_SHOW: (
            "Orientations : personne non venue",
            "notée « personne non venue »",
        ),
    }
    # The referrals sent in the period, by where they stand today: these lines add up to the
    # « envoyées » one (a sent referral is never a draft again; réalisée and personne non
    # venue come after an acceptance).
    outcomes = {
        "waiting": (
            "dont, à ce jour, en attente de réponse",
            (ReferralStatus.SENT,),
            "toujours en attente de la réponse du partenaire",
        ),
        "accepted": (
            "dont, à ce jour, acceptées",
            (ReferralStatus.ACCEPTED, ReferralStatus.DONE, ReferralStatus.NO_SHOW),
            "acceptées par le partenaire (y compris réalisées ou personne non venue)",
        ),
        "refused": (
            "dont, à ce jour, refusées",
            (ReferralStatus.REFUSED,),
            "refusées par le partenaire",
        ),
        "expired": (
            "dont, à ce jour, sans réponse dans le délai",
            (ReferralStatus.EXPIRED,),
            "restées sans réponse du partenaire dans le délai : à relancer ou réorienter",
        ),
        "cancelled": (
            "dont, à ce jour, annulées",
            (ReferralStatus.CANCELLED,),
            "annulées par la structure",
        ),
    }
    sent = Q(status_to=ReferralStatus.SENT)
    referrals = _tally(
        ReferralEvent.objects.filter(referral__structure_id=structure_id),
        "at",
        period,
        {
            **{status.value: Q(status_to=status) for status in steps},
            **{
                f"sent_now_{key}": sent & Q(referral__status__in=statuses)
                for key, (_label, statuses, _definition) in outcomes.items()
            },
        },
        count="referral",
        distinct=True,
    )
    for status, (label, verb) in steps.items():
        section.add(
            f"referrals_{status.value}",
            label,
            *referrals[status.value],
            f"Orientations faites par la structure, {verb} dans la période (historique de l'orientation).",
        )
        if status == ReferralStatus.SENT:
            for key, (label, _statuses, definition) in outcomes.items():
                section.add(
                    f"referrals_sent_now_{key}",
                    label,
                    *referrals[f"sent_now_{key}"],
                    f"Orientations envoyées dans la période, {definition}.",
                    indent=True,
                )
    return section


def _exit_labels(rows, nomenclature_id, mappings):
    """[(label, month, year)] in a nomenclature, from {(category): (month, year)}."""
    month = funder_labels({c: m for c, (m, _y) in rows.items()}, nomenclature_id, mappings)
    year = funder_labels({c: y for c, (_m, y) in rows.items()}, nomenclature_id, mappings)
    month_by_label = dict(month)
    return [(label, month_by_label.get(label, 0), n) for label, n in year]


def _pathways(structure_id, period) -> Section:
    section = Section("parcours", "Parcours")
    month = period.month
    pathways = Pathway.objects.filter(structure_id=structure_id)
    started = _tally(
        pathways,
        "started_on",
        period,
        {"all": ALL, **{f.value: Q(framework=f) for f in Framework}},
        dated=True,
    )
    section.add(
        "pathways_started",
        "Parcours commencés",
        *started["all"],
        "Parcours dont la date de début est dans la période.",
    )
    for framework in Framework:
        if started[framework.value][1]:
            section.add(
                f"pathways_started_{framework.value}",
                f"dont {framework.label}",
                *started[framework.value],
                f"Parcours commencés dans le cadre « {framework.label} ».",
                indent=True,
            )
    last = month.last_day
    # Open at some point of the year; among them, still open at the month's end.
    in_progress = (
        pathways.filter(started_on__lte=last)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=month.year_first_day))
        .aggregate(
            end=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=last)),
            year=Count("pk"),
        )
    )
    section.add(
        "pathways_in_progress",
        "Parcours en cours",
        in_progress["end"],
        in_progress["year"],
        "Mois : parcours commencés et non clos au dernier jour du mois (suspendus compris). "
        "Cumul : parcours ouverts à un moment de l'année.",
        kind="stock",
    )
    signatures = _tally(
        ContractSignature.objects.filter(pathway__structure_id=structure_id),
        "signed_at",
        period,
        {"first": Q(number=1), "later": Q(number__gt=1)},
    )
    section.add(
        "contracts_signed",
        "Contrats d'engagement signés",
        *signatures["first"],
        "Premières signatures du contrat d'un parcours, à la date de signature.",
    )
    section.add(
        "contracts_amended",
        "Nouvelles versions du contrat signées",
        *signatures["later"],
        "Signatures d'une version modifiée d'un contrat déjà signé.",
    )
    # Exits: one grouped query by computed category and framework.
    month_q, year_q = period.ranges("exit_on", dated=True)
    grouped = (
        Exit.objects.filter(pathway__structure_id=structure_id)
        .filter(year_q)
        .values("category", "pathway__framework")
        .annotate(m=Count("pk", filter=month_q), y=Count("pk"))
        .order_by()
    )
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    iae: dict[str, tuple[int, int]] = {}
    for row in grouped:
        total = by_category[row["category"]]
        total[0] += row["m"]
        total[1] += row["y"]
        if row["pathway__framework"] == Framework.IAE:
            iae[row["category"]] = (row["m"], row["y"])
    section.add(
        "exits",
        "Sorties de parcours",
        sum(v[0] for v in by_category.values()),
        sum(v[1] for v in by_category.values()),
        "Parcours clos par une sortie, à la date de sortie.",
    )
    for category in ExitCategory:
        if category.value in by_category:
            section.add(
                f"exits_{category.value}",
                f"dont {category.label}",
                *by_category[category.value],
                "Catégorie calculée par Tremplin à partir de la situation à la sortie "
                "(type de contrat, durée, formation).",
                indent=True,
            )
    mappings = {(m.nomenclature_id, m.category): m for m in ExitMapping.objects.all()}
    for label, m, y in _exit_labels(iae, IAE_NOMENCLATURE, mappings):
        section.add(
            f"exits_iae_{label}",
            f"Sorties dynamiques IAE : {label}",
            m,
            y,
            "Sorties des parcours IAE, regroupées selon la nomenclature DGEFP des sorties "
            "dynamiques (table de correspondance de la page « Financeurs des parcours »).",
        )
    _funder_exits(section, structure_id, period, mappings)
    return section


def _funder_exits(section, structure_id, period, mappings):
    """Exits of the pathways each funder finances, in the funder's nomenclature."""
    funders = {
        f.pk: f
        for f in Funder.objects.filter(structure_id=structure_id, nomenclature__isnull=False)
    }
    if not funders:
        return
    month_q, year_q = period.ranges("exit_on", dated=True)
    grouped = (
        Exit.objects.filter(pathway__structure_id=structure_id, pathway__funders__in=funders)
        .filter(year_q)
        .values("pathway__funders", "category")
        .annotate(m=Count("pk", filter=month_q), y=Count("pk"))
        .order_by()
    )
    by_funder: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in grouped:
        by_funder[row["pathway__funders"]][row["category"]] = (row["m"], row["y"])
    for funder in sorted(funders.values(), key=lambda f: f.name):
        for label, m, y in _exit_labels(by_funder[funder.pk], funder.nomenclature_id, mappings):
            section.add(
                f"exits_funder_{funder.pk}_{label}",
                f"{funder.name} : {label}",
                m,
                y,
                "Sorties des parcours que ce financeur finance, dans sa nomenclature "
                "(un parcours financé par deux financeurs compte pour chacun).",
            )


def _appointments_workshops(structure_id, period, now) -> Section:
    section = Section("rendez-vous", "Rendez-vous et ateliers")
    year_start, month_start, end = period.bounds(dated=False)
    end = min(end, now)
    month_row = structure_counts(structure_id, month_start, max(end, month_start))
    year_row = structure_counts(structure_id, year_start, end)
    section.add(
        "appointments",
        "Rendez-vous passés",
        month_row.appointments,
        year_row.appointments,
        "Rendez-vous de la structure non annulés dont l'heure de début est passée.",
    )
    section.add(
        "appointments_seen",
        "Présences",
        month_row.seen,
        year_row.seen,
        "Participations notées « venu·e ».",
        indent=True,
    )
    section.add(
        "appointments_excused",
        "Absences excusées",
        month_row.excused,
        year_row.excused,
        "Participations notées « excusé·e ».",
        indent=True,
    )
    section.add(
        "appointments_no_show",
        "Absences sans prévenir",
        month_row.no_show,
        year_row.no_show,
        "Participations notées « absent·e sans prévenir ».",
        indent=True,
    )
    section.add(
        "no_show_rate",
        "Taux d'absence sans prévenir (%)",
        _percent(month_row.no_show, month_row.expected),
        _percent(year_row.no_show, year_row.expected),
        "Absences sans prévenir ÷ (présences + absences excusées + absences sans prévenir) ; "
        "les présences non notées ne comptent pas.",
        kind="rate",
    )
    half_days = _tally(
        HalfDay.objects.filter(session__structure_id=structure_id, closed_at__isnull=False),
        "date",
        period,
        {"all": ALL},
        dated=True,
    )
    sessions = _tally(
        HalfDay.objects.filter(session__structure_id=structure_id, closed_at__isnull=False),
        "date",
        period,
        {"all": ALL},
        dated=True,
        count="session",
        distinct=True,
    )
    presences = Presence.objects.filter(
        half_day__session__structure_id=structure_id, is_present=True
    )
    participants = _tally(
        presences,
        "half_day__date",
        period,
        {"all": ALL},
        dated=True,
        count="registration__person",
        distinct=True,
    )
    month_q, year_q = period.ranges("half_day__date", dated=True)
    slots = (
        presences.filter(year_q)
        .values("half_day__date", "half_day__starts_at", "half_day__ends_at")
        .annotate(m=Count("pk", filter=month_q), y=Count("pk"))
        .order_by()
    )
    minutes = [0, 0]
    for slot in slots:
        day = slot["half_day__date"]
        length = datetime.combine(day, slot["half_day__ends_at"]) - datetime.combine(
            day, slot["half_day__starts_at"]
        )
        minutes[0] += slot["m"] * length.total_seconds() / 60
        minutes[1] += slot["y"] * length.total_seconds() / 60
    section.add(
        "workshop_sessions",
        "Séances d'ateliers tenues",
        *sessions["all"],
        "Séances dont au moins une demi-journée de la période a été close (émargement terminé).",
    )
    section.add(
        "workshop_half_days",
        "Demi-journées d'ateliers",
        *half_days["all"],
        "Demi-journées closes dans la période, à leur date.",
        indent=True,
    )
    section.add(
        "workshop_participants",
        "Participant·es aux ateliers",
        *participants["all"],
        "Personnes différentes présentes (émargement ou feuille signée) à au moins une "
        "demi-journée de la période.",
    )
    section.add(
        "workshop_hours",
        "Heures de présence émargées",
        round(minutes[0] / 60, 1),
        round(minutes[1] / 60, 1),
        "Somme, pour chaque présence prouvée par une signature, de la durée de la "
        "demi-journée (heure de fin − heure de début).",
        kind="hours",
    )
    return section


def _employers_employment(structure_id, period) -> Section:
    section = Section("entreprises", "Entreprises et emploi")
    interactions = _tally(
        Interaction.objects.filter(company__structure_id=structure_id),
        "occurred_on",
        period,
        {"all": ALL},
        dated=True,
    )
    section.add(
        "interactions",
        "Échanges avec les entreprises",
        *interactions["all"],
        "Visites, appels, e-mails et rencontres notés au fichier entreprises, à leur date.",
    )
    offers = _tally(
        JobOffer.objects.filter(structure_id=structure_id), "published_at", period, {"all": ALL}
    )
    section.add(
        "offers_published",
        "Offres publiées",
        *offers["all"],
        "Offres d'emploi de la structure, à la date de publication.",
    )
    proposals = _tally(
        ProposalEvent.objects.filter(proposal__structure_id=structure_id),
        "at",
        period,
        {
            "proposed": Q(status_to=ProposalStatus.PROPOSED),
            "hired": Q(status_to=ProposalStatus.HIRED),
        },
        count="proposal",
        distinct=True,
    )
    section.add(
        "proposals",
        "Mises en relation proposées",
        *proposals["proposed"],
        "Candidatures proposées à un employeur sur une offre, à la date de la proposition.",
    )
    section.add(
        "proposals_hired",
        "dont embauches",
        *proposals["hired"],
        "Mises en relation passées à « embauchée » dans la période.",
        indent=True,
    )
    employments = Employment.objects.filter(structure_id=structure_id)
    starts = _tally(employments, "starts_on", period, {"all": ALL}, dated=True)
    section.add(
        "employments_started",
        "Prises de poste suivies",
        *starts["all"],
        "Emplois dont le suivi dans l'emploi est ouvert, à la date de prise de poste.",
    )
    immersions = _tally(
        ImmersionEvent.objects.filter(immersion__structure_id=structure_id),
        "at",
        period,
        {
            "signed": Q(status_to=ImmersionStatus.SIGNED),
            "done": Q(status_to=ImmersionStatus.DONE),
        },
        count="immersion",
        distinct=True,
    )
    section.add(
        "immersions_signed",
        "Immersions (PMSMP) signées",
        *immersions["signed"],
        "Conventions signées par les trois parties dans la période.",
    )
    section.add(
        "immersions_done",
        "Immersions (PMSMP) terminées",
        *immersions["done"],
        "Conventions passées à « terminée » dans la période.",
    )
    check_ins = _tally(
        CheckIn.objects.filter(employment__structure_id=structure_id),
        "done_on",
        period,
        {"all": ALL},
        dated=True,
    )
    section.add(
        "check_ins_done",
        "Points de suivi dans l'emploi faits",
        *check_ins["all"],
        "Points de suivi notés faits, à leur date.",
    )
    outcomes = _tally(
        employments,
        "outcome_recorded_on",
        period,
        {"all": ALL, **{o.value: Q(outcome=o) for o in Outcome}},
        dated=True,
    )
    section.add(
        "outcomes",
        "Situations à 6 mois enregistrées",
        *outcomes["all"],
        "Situations six mois après la prise de poste, à la date où elles ont été notées.",
    )
    for outcome in Outcome:
        section.add(
            f"outcomes_{outcome.value}",
            f"dont {outcome.label[0].lower()}{outcome.label[1:]}",
            *outcomes[outcome.value],
            f"Situation à 6 mois « {outcome.label} ».",
            indent=True,
        )
    return section


# A CDDI under this many hours a week needs a derogation (code du travail, art. L5132-15-1).
CDDI_MIN_WEEKLY_HOURS = 20


def _iae(structure_id, period) -> Section:
    """The insertion par l'activité économique of an SIAE: its employees' IAE pathways, their
    PASS IAE and their insertion contracts (CDDI). Three aggregate queries."""
    section = Section("iae", "Insertion par l'activité économique")
    month = period.month
    last = month.last_day
    year_start, month_start, end = period.bounds(dated=False)
    # 1. The IAE pathways open at some point of the year, by person.
    pathways = Pathway.objects.filter(
        structure_id=structure_id, framework=Framework.IAE, started_on__lte=last
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=month.year_first_day))
    at_end = Q(closed_on__isnull=True) | Q(closed_on__gt=last)
    started_m, started_y = period.ranges("started_on", dated=True)
    closed_m, closed_y = period.ranges("closed_on", dated=True)
    values = pathways.annotate(
        has_pass=Exists(IaeApproval.objects.filter(pathway=OuterRef("pk"), created_at__lt=end))
    ).aggregate(
        employees_m=Count("person", filter=at_end, distinct=True),
        employees_y=Count("person", distinct=True),
        entries_m=Count("person", filter=started_m, distinct=True),
        entries_y=Count("person", filter=started_y, distinct=True),
        exits_m=Count("person", filter=closed_m, distinct=True),
        exits_y=Count("person", filter=closed_y, distinct=True),
        without_pass=Count("person", filter=at_end & Q(has_pass=False), distinct=True),
    )
    section.add(
        "iae_employees",
        "Salarié·es en parcours IAE",
        values["employees_m"],
        values["employees_y"],
        "Mois : personnes dont un parcours IAE est commencé et non clos au dernier jour du "
        "mois (suspendus compris). Cumul : personnes en parcours IAE à un moment de l'année.",
        kind="stock",
    )
    section.add(
        "iae_without_pass",
        "dont sans PASS IAE enregistré",
        values["without_pass"],
        None,
        "Salarié·es en parcours IAE au dernier jour du mois dont le PASS IAE n'était pas "
        "encore noté au parcours à cette date : à régulariser (pas de cumul).",
        kind="stock",
        indent=True,
    )
    section.add(
        "iae_entries",
        "Entrées en parcours IAE",
        values["entries_m"],
        values["entries_y"],
        "Personnes dont un parcours IAE a commencé dans la période (date de début du parcours).",
    )
    section.add(
        "iae_exits",
        "Sorties de parcours IAE",
        values["exits_m"],
        values["exits_y"],
        "Personnes dont un parcours IAE a été clos dans la période (date de clôture).",
    )
    # 2. The PASS IAE of the structure's pathways: recorded, prolonged, suspended. The
    # suspensions and prolongations withdrawn (recorded by mistake) never count.
    recorded_m, recorded_y = period.ranges("created_at", dated=False)
    prolonged_m, prolonged_y = period.ranges("prolongations__created_at", dated=False)
    suspended_m, suspended_y = period.ranges("suspensions__starts_on", dated=True)
    kept_prolongation = Q(prolongations__withdrawn_at__isnull=True)
    kept_suspension = Q(suspensions__withdrawn_at__isnull=True)
    passes = IaeApproval.objects.filter(pathway__structure_id=structure_id).aggregate(
        recorded_m=Count("pk", filter=recorded_m, distinct=True),
        recorded_y=Count("pk", filter=recorded_y, distinct=True),
        prolonged_m=Count("prolongations", filter=prolonged_m & kept_prolongation, distinct=True),
        prolonged_y=Count("prolongations", filter=prolonged_y & kept_prolongation, distinct=True),
        suspended_m=Count("suspensions", filter=suspended_m & kept_suspension, distinct=True),
        suspended_y=Count("suspensions", filter=suspended_y & kept_suspension, distinct=True),
    )
    section.add(
        "pass_recorded",
        "PASS IAE enregistrés",
        passes["recorded_m"],
        passes["recorded_y"],
        "PASS IAE notés sur un parcours IAE, à la date où ils ont été enregistrés dans "
        "Tremplin (une correction ne compte pas de nouveau).",
    )
    section.add(
        "pass_prolongations",
        "Prolongations du PASS IAE enregistrées",
        passes["prolonged_m"],
        passes["prolonged_y"],
        "Prolongations notées dans la période, à la date de leur enregistrement ; une "
        "prolongation retirée (saisie par erreur) ne compte pas.",
    )
    section.add(
        "pass_suspensions",
        "Suspensions du PASS IAE commencées",
        passes["suspended_m"],
        passes["suspended_y"],
        "Suspensions dont le premier jour est dans la période ; une suspension retirée "
        "(saisie par erreur) ne compte pas.",
    )
    # 3. The insertion contracts (CDDI) the structure follows.
    contracts = Employment.objects.filter(
        structure_id=structure_id, contract_type=ContractType.SIAE, starts_on__lte=last
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month.year_first_day))
    in_force = Q(ended_on__isnull=True) | Q(ended_on__gte=last)
    under = Q(weekly_hours__lt=CDDI_MIN_WEEKLY_HOURS)
    cddi_m, cddi_y = period.ranges("starts_on", dated=True)
    cddi = contracts.aggregate(
        in_force_m=Count("pk", filter=in_force),
        in_force_y=Count("pk"),
        started_m=Count("pk", filter=cddi_m),
        started_y=Count("pk", filter=cddi_y),
        hours=Sum("weekly_hours", filter=in_force),
        under_m=Count("person", filter=in_force & under, distinct=True),
        under_y=Count("person", filter=under, distinct=True),
    )
    section.add(
        "cddi_in_force",
        "CDDI en cours",
        cddi["in_force_m"],
        cddi["in_force_y"],
        "Mois : contrats à durée déterminée d'insertion commencés et dont la fin n'est pas "
        "notée avant le dernier jour du mois (un contrat qui finit ce jour-là compte). "
        "Cumul : CDDI en cours à un moment de l'année.",
        kind="stock",
    )
    section.add(
        "cddi_under_20_hours",
        f"dont salarié·es à moins de {CDDI_MIN_WEEKLY_HOURS} h par semaine (dérogation)",
        cddi["under_m"],
        cddi["under_y"],
        f"Personnes dont un CDDI en cours prévoit moins de {CDDI_MIN_WEEKLY_HOURS} heures par "
        "semaine, par dérogation (code du travail, art. L5132-15-1).",
        kind="stock",
        indent=True,
    )
    section.add(
        "cddi_weekly_hours",
        "Heures hebdomadaires des CDDI en cours",
        round(float(cddi["hours"] or 0), 1),
        None,
        "Somme des heures par semaine prévues aux CDDI en cours au dernier jour du mois (un "
        "contrat sans durée notée ne compte pas) ; pas de cumul.",
        kind="hours",
    )
    section.add(
        "cddi_started",
        "CDDI commencés",
        cddi["started_m"],
        cddi["started_y"],
        "Contrats à durée déterminée d'insertion dont la prise de poste est dans la période.",
    )
    return section


SECTIONS = {
    "accueil": lambda sid, period, now: _reception(sid, period, now),
    "personnes": lambda sid, period, now: _people(sid, period),
    "diagnostic": lambda sid, period, now: _diagnosis(sid, period),
    "commandes": lambda sid, period, now: _orders_referrals(sid, period),
    "parcours": lambda sid, period, now: _pathways(sid, period),
    "iae": lambda sid, period, now: _iae(sid, period),
    "rendez-vous": lambda sid, period, now: _appointments_workshops(sid, period, now),
    "entreprises": lambda sid, period, now: _employers_employment(sid, period),
}
# The sections of a structure of the IAE only (`Structure.is_siae`).
SIAE_SECTIONS = frozenset({"iae"})


def build_report(
    structure, month: Month, *, now: datetime | None = None, only: tuple[str, ...] = ()
) -> Report:
    """The report of `structure` (an accounts.Structure) for `month`; with `only`, just the
    sections named (keys of `SECTIONS`), in the report's order."""
    now = now or timezone.now()
    period = Period(month)
    sid = structure.pk
    sections = [
        build(sid, period, now)
        for key, build in SECTIONS.items()
        if (not only or key in only) and (key not in SIAE_SECTIONS or structure.is_siae)
    ]
    return Report(sid, structure.name, month, sections, now)


# --- display ---------------------------------------------------------------------------------


def display(figure: Figure, value, *, mask: bool = False) -> str:
    """A value as written in French on the screen and in the exports; `mask`: this count is
    one of the report's hidden cells (`Report.hidden_cells`)."""
    if value is None:
        return "—"
    if figure.kind == "rate":
        return f"{value:.1f}".replace(".", ",") + "\u202f%"  # never cut from its number
    if figure.kind == "hours":
        return f"{value:.1f}".replace(".", ",")
    if mask:
        return mark(value)
    return f"{value:,}".replace(",", "\u202f")


def plain(figure: Figure, value, *, mask: bool = False) -> str:
    """A value for a spreadsheet: no thousands separator, a decimal comma, empty if none."""
    if value is None:
        return ""
    if figure.kind in ("rate", "hours"):
        return f"{value:.1f}".replace(".", ",")
    if mask:
        return mark(value)
    return str(value)
