"""Prospection campaigns: indicators planned vs done, and suggested targets.

Indicators are counted from what is linked to the campaign (exchanges, needs, offers), never
typed by hand, so that the evaluation shows the real gap between planned and done.
"""

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Count, Q, Sum

from tremplin.employers import enums
from tremplin.employers.models import Campaign, Interaction, JobOffer, RecruitmentNeed
from tremplin.people.models import Person
from tremplin.projects.enums import ACTIVE_DECISIONS
from tremplin.projects.models import TargetJob
from tremplin.referentials.models import NafCode, RomeFiche

DATA = Path(__file__).parent / "data" / "rome_naf_hirings.csv"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    planned: int
    done: int

    @property
    def gap(self) -> int:
        """Done minus planned: negative when behind."""
        return self.done - self.planned

    @property
    def rate(self) -> int | None:
        return round(100 * self.done / self.planned) if self.planned else None


def indicators(campaign: Campaign) -> list[Indicator]:
    """Contacts, visits, needs collected, offers, hires and actions: planned vs done."""
    exchanges = Interaction.objects.filter(campaign=campaign).aggregate(
        companies=Count("company", distinct=True),
        visits=Count("pk", filter=Q(kind=enums.InteractionKind.VISIT)),
    )
    needs = RecruitmentNeed.objects.filter(campaign=campaign).exclude(
        status=enums.NeedStatus.ABANDONED
    )
    offers = JobOffer.objects.filter(campaign=campaign).aggregate(
        offers=Count("pk", filter=~Q(status=enums.OfferStatus.DRAFT)),
        hires=Sum("hired_count"),
    )
    actions = campaign.actions.aggregate(
        planned=Count("pk", filter=~Q(status=enums.CampaignActionStatus.CANCELLED)),
        done=Count("pk", filter=Q(status=enums.CampaignActionStatus.DONE)),
    )
    return [
        Indicator(
            "contacts", "Entreprises contactées", campaign.planned_contacts, exchanges["companies"]
        ),
        Indicator("visits", "Visites réalisées", campaign.planned_visits, exchanges["visits"]),
        Indicator("needs", "Besoins recueillis", campaign.planned_needs, needs.count()),
        Indicator("offers", "Offres publiées", campaign.planned_offers, offers["offers"]),
        Indicator("hires", "Recrutements", campaign.planned_hires, offers["hires"] or 0),
        Indicator("actions", "Actions réalisées", actions["planned"], actions["done"]),
    ]


@cache
def rome_naf_hirings() -> dict[str, list[tuple[str, int]]]:
    """ROME v3 code -> [(NAF sous-classe, hirings)], from La Bonne Boîte (see data/SOURCE.md)."""
    mapping: dict[str, list[tuple[str, int]]] = {}
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            mapping.setdefault(row["rome_v3"], []).append((row["naf"], int(row["hirings"])))
    return mapping


@dataclass
class SectorTarget:
    naf: NafCode
    score: float
    fiches: list[RomeFiche] = field(default_factory=list)


@dataclass
class Targets:
    fiches: list[tuple[RomeFiche, int]]  # the jobs sought, with how many people seek them
    sectors: list[SectorTarget]


def suggested_targets(people, *, structure_id, fiche_limit=10, sector_limit=15) -> Targets:
    """Which ROME fiches the people seek, and which NAF sectors hire for them: each sector
    scores the people seeking each job weighted by the sector's share of that job's hirings.
    Only counts leave this function, never names.

    The jobs a person seeks are those of their professional project in this structure
    (`TargetJob`, to explore or confirmed; a dropped job is not sought any more). The
    « métiers souhaités » noted on the file at the first interview (`sought_appellations`)
    count only for the people who have no target job in this structure yet, dropped ones
    included: once the counselor and the person work on the project, it says what the person
    seeks, and an intake wish they dropped must not come back through the file. So nobody
    is counted twice for one fiche, and a person whose project is not started still counts.
    The project is the structure's own work with the person, so only this structure's target
    jobs count (a person followed elsewhere too has another project there). For the chargé·e
    de relations entreprises, `people` are those who agreed to be proposed to employers: the
    jobs they aim at are what that consent lets an employer see, and here only as counts."""
    projects = TargetJob.objects.filter(structure_id=structure_id, person__in=people)
    from_project = (
        projects.filter(decision__in=ACTIVE_DECISIONS)
        .values("appellation__fiche")
        .annotate(people=Count("person", distinct=True))
    )
    through = Person.sought_appellations.through
    from_file = (
        through.objects.filter(person__in=people)
        .exclude(person__in=projects.values("person"))
        .values("romeappellation__fiche")
        .annotate(people=Count("person", distinct=True))
    )
    # The two groups of people are disjoint: their counts add up.
    totals: dict[str, int] = {}
    for row in from_project:
        code = row["appellation__fiche"]
        totals[code] = totals.get(code, 0) + row["people"]
    for row in from_file:
        code = row["romeappellation__fiche"]
        totals[code] = totals.get(code, 0) + row["people"]
    counts = dict(sorted(totals.items(), key=lambda x: (-x[1], x[0]))[:fiche_limit])
    fiches = RomeFiche.objects.in_bulk(list(counts))
    ranked = sorted(
        ((fiches[code], n) for code, n in counts.items()), key=lambda x: (-x[1], x[0].code)
    )
    mapping = rome_naf_hirings()
    scores: dict[str, float] = {}
    reasons: dict[str, list[RomeFiche]] = {}
    for fiche, people_count in ranked:
        rows = mapping.get(fiche.parent_v3_code or fiche.code, [])
        total = sum(h for _naf, h in rows)
        for naf, hirings in rows:
            scores[naf] = scores.get(naf, 0.0) + people_count * hirings / total
            reasons.setdefault(naf, []).append(fiche)
    best = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:sector_limit]
    nafs = NafCode.objects.in_bulk([code for code, _ in best])
    sectors = [
        SectorTarget(nafs[code], round(score, 1), reasons[code])
        for code, score in best
        if code in nafs
    ]
    return Targets(fiches=ranked, sectors=sectors)
