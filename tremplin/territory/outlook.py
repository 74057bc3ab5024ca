"""The employers' hiring intentions of one employment basin, read from France Travail's
survey « Besoins en main-d'œuvre » (BMO): how many recruitment projects, in which
occupations, how many judged difficult or seasonal, against the department and France.

Counts the survey withholds (statistical secrecy) are left out of every sum and said so:
a basin's total is then « at least » that much, never an invented figure.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from tremplin.referentials.models import HiringIntention

TOP = 15
CACHE_SECONDS = 24 * 3600
HARDEST = 10
# Below this many projects, a difficulty rate says more about one employer than a trade.
HARDEST_MIN_PROJECTS = 20
HARDEST_MIN_RATE = 50
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au", "a"}


def rate(part: int | None, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if part is not None and whole else None


@dataclass
class Occupation:
    code: str
    label: str
    family: str
    projects: int | None
    difficult: int | None
    seasonal: int | None

    @property
    def difficult_rate(self) -> float | None:
        return rate(self.difficult, self.projects)

    @property
    def seasonal_rate(self) -> float | None:
        return rate(self.seasonal, self.projects)


@dataclass
class Totals:
    projects: int
    # Sums over the lines whose part is known, so that the rate compares like with like.
    difficult: int
    difficult_base: int
    seasonal: int
    seasonal_base: int

    @property
    def difficult_rate(self) -> float | None:
        return rate(self.difficult, self.difficult_base)

    @property
    def seasonal_rate(self) -> float | None:
        return rate(self.seasonal, self.seasonal_base)


@dataclass
class Family:
    code: str
    label: str
    projects: int
    share: float | None = None


@dataclass
class Outlook:
    year: int
    basin_code: str
    basin_name: str
    departments: list[str]
    totals: Totals
    department: Totals
    france: Totals
    occupations: list[Occupation]
    families: list[Family]
    withheld: int  # occupations whose count is secret
    family_code: str = ""
    top: list[Occupation] = field(default_factory=list)
    hardest: list[Occupation] = field(default_factory=list)

    @property
    def share_of_department(self) -> float | None:
        return rate(self.totals.projects, self.department.projects)

    @property
    def widest(self) -> int:
        """The largest count of the top list: the bars' 100 %."""
        return max((o.projects or 0 for o in self.top), default=0)


def basin_label(name: str) -> str:
    """The survey writes most basins in capitals (« SAINT NAZAIRE »): « Saint Nazaire »."""
    if name != name.upper():
        return name

    def cased(word: str, first: bool) -> str:
        if not first and word in SMALL_WORDS:
            return word
        if word[:2] in ("d'", "l'") and len(word) > 2:
            return word[:2] + word[2:].capitalize()
        return word.capitalize()

    return " ".join(
        "-".join(
            cased(part, index == 0 and position == 0)
            for position, part in enumerate(word.split("-"))
        )
        for index, word in enumerate(name.lower().split())
    )


def latest_year() -> int | None:
    return HiringIntention.objects.aggregate(year=Max("year"))["year"]


def _cached(key: str, compute):
    """The survey's national lists and totals change only when the referentials are
    reloaded: kept a day in the cache (a reload of the survey comes with a new year)."""
    return cache.get_or_set(f"territory:{key}", compute, CACHE_SECONDS)


def basins(year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The basins of the survey by department, for a choice list: [(department, [(code,
    name)])]; a basin spanning two departments is listed under each."""
    return _cached(f"basins:{year}", lambda: _basins(year))


def _basins(year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = (
        HiringIntention.objects.filter(year=year)
        .values_list("department_code", "basin_code", "basin_name")
        .distinct()
        .order_by("department_code", "basin_name")
    )
    grouped: dict[str, list[tuple[str, str]]] = {}
    for department, code, name in rows:
        grouped.setdefault(department, []).append((code, basin_label(name)))
    return list(grouped.items())


def families(year: int) -> list[tuple[str, str]]:
    return _cached(f"families:{year}", lambda: _families(year))


def _families(year: int) -> list[tuple[str, str]]:
    return list(
        HiringIntention.objects.filter(year=year)
        .values_list("family_code", "family")
        .distinct()
        .order_by("family")
    )


def _totals(queryset) -> Totals:
    sums = queryset.aggregate(
        all_projects=Sum("projects"),
        all_difficult=Sum("difficult", filter=Q(projects__isnull=False)),
        difficult_base=Sum("projects", filter=Q(difficult__isnull=False)),
        all_seasonal=Sum("seasonal", filter=Q(projects__isnull=False)),
        seasonal_base=Sum("projects", filter=Q(seasonal__isnull=False)),
    )
    return Totals(
        projects=sums["all_projects"] or 0,
        difficult=sums["all_difficult"] or 0,
        difficult_base=sums["difficult_base"] or 0,
        seasonal=sums["all_seasonal"] or 0,
        seasonal_base=sums["seasonal_base"] or 0,
    )


def outlook_for(basin_code: str, *, year: int, family_code: str = "") -> Outlook | None:
    """The basin's figures for `year`, optionally one family of occupations only; None if the
    survey has no such basin."""
    lines = HiringIntention.objects.filter(year=year, basin_code=basin_code)
    if family_code:
        lines = lines.filter(family_code=family_code)
    first = lines.values("basin_name").first()
    if first is None:
        return None
    departments = sorted(set(lines.values_list("department_code", flat=True)))
    occupations = [
        Occupation(
            code=row["occupation_code"],
            label=row["occupation"],
            family=row["family"],
            # A trade whose count is secret in one of the basin's departments is secret for
            # the basin: its published part alone would read as the whole.
            projects=row["sum_projects"] if row["known"] == row["lines"] else None,
            difficult=row["sum_difficult"] if row["known_difficult"] == row["lines"] else None,
            seasonal=row["sum_seasonal"] if row["known_seasonal"] == row["lines"] else None,
        )
        for row in lines.values("occupation_code", "occupation", "family")
        .annotate(
            lines=Count("pk"),
            known=Count("projects"),
            known_difficult=Count("difficult"),
            known_seasonal=Count("seasonal"),
            sum_projects=Sum("projects"),
            sum_difficult=Sum("difficult"),
            sum_seasonal=Sum("seasonal"),
        )
        .order_by("occupation")
    ]
    by_family: dict[str, Family] = {}
    for row in lines.values("family_code", "family").annotate(sum_projects=Sum("projects")):
        by_family[row["family_code"]] = Family(
            row["family_code"], row["family"], row["sum_projects"] or 0
        )
    total = sum(f.projects for f in by_family.values())
    for item in by_family.values():
        item.share = rate(item.projects, total)
    scope = HiringIntention.objects.filter(year=year)
    if family_code:
        scope = scope.filter(family_code=family_code)
    known = [o for o in occupations if o.projects]
    outlook = Outlook(
        year=year,
        basin_code=basin_code,
        basin_name=basin_label(first["basin_name"]),
        departments=departments,
        totals=_totals(lines),
        department=_totals(scope.filter(department_code__in=departments)),
        france=_cached(f"france:{year}:{family_code}", lambda: _totals(scope)),
        occupations=occupations,
        families=sorted(by_family.values(), key=lambda f: -f.projects),
        withheld=sum(1 for o in occupations if o.projects is None),
        family_code=family_code,
    )
    outlook.top = sorted(known, key=lambda o: (-o.projects, o.label))[:TOP]
    # Where employers struggle most, in people: the number of difficult projects, among the
    # trades where at least half of them are (a rate alone ranks a handful of projects first).
    outlook.hardest = sorted(
        (
            o
            for o in known
            if o.projects >= HARDEST_MIN_PROJECTS
            and o.difficult is not None
            and o.difficult_rate >= HARDEST_MIN_RATE
        ),
        key=lambda o: (-o.difficult, o.label),
    )[:HARDEST]
    return outlook
