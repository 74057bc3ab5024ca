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
    lines: int = 0  # lines of the survey summed
    withheld: int = 0  # of which the count of projects is secret

    @property
    def secret(self) -> bool:
        """Every count is withheld: no figure at all to show."""
        return bool(self.lines) and self.withheld == self.lines

    @property
    def partial(self) -> bool:
        """Some counts are withheld: the sum is « at least » that much."""
        return 0 < self.withheld < self.lines

    @property
    def difficult_secret(self) -> bool:
        return self.projects > 0 and not self.difficult_base

    @property
    def seasonal_secret(self) -> bool:
        return self.projects > 0 and not self.seasonal_base

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


def _sums() -> dict:
    return {
        "all_lines": Count("pk"),
        "all_withheld": Count("pk", filter=Q(projects__isnull=True)),
        "all_projects": Sum("projects"),
        "all_difficult": Sum("difficult", filter=Q(projects__isnull=False)),
        "difficult_base": Sum("projects", filter=Q(difficult__isnull=False)),
        "all_seasonal": Sum("seasonal", filter=Q(projects__isnull=False)),
        "seasonal_base": Sum("projects", filter=Q(seasonal__isnull=False)),
    }


def _as_totals(sums: dict) -> Totals:
    return Totals(
        projects=sums["all_projects"] or 0,
        difficult=sums["all_difficult"] or 0,
        difficult_base=sums["difficult_base"] or 0,
        seasonal=sums["all_seasonal"] or 0,
        seasonal_base=sums["seasonal_base"] or 0,
        lines=sums["all_lines"] or 0,
        withheld=sums["all_withheld"] or 0,
    )


def _totals(queryset) -> Totals:
    return _as_totals(queryset.aggregate(**_sums()))


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


# --- one occupation of the survey, for a target job of a person's project ---------------------


def occupations(year: int) -> list[tuple[str, str]]:
    """Every occupation of the survey [(code, label)], by label: the choice list of a target
    job's occupation, and what territory.matching compares a ROME job with."""
    return _cached(f"occupations:{year}", lambda: _occupations(year))


def _occupations(year: int) -> list[tuple[str, str]]:
    return list(
        HiringIntention.objects.filter(year=year)
        .values_list("occupation_code", "occupation")
        .distinct()
        .order_by("occupation", "occupation_code")
    )


def basin_name(basin_code: str, year: int) -> str:
    """The basin's name as the territory page writes it; "" if the survey has no such basin."""
    return next(
        (name for _, items in basins(year) for code, name in items if code == basin_code), ""
    )


def basin_departments(basin_code: str, year: int) -> list[str]:
    return [d for d, items in basins(year) if any(code == basin_code for code, _ in items)]


def basin_figures(basin_code: str, codes: list[str], *, year: int) -> dict[str, Totals]:
    """{occupation code: its figures in the basin}, one query; a code the basin has no line
    for is absent."""
    rows = (
        HiringIntention.objects.filter(year=year, basin_code=basin_code, occupation_code__in=codes)
        .values("occupation_code")
        .annotate(**_sums())
        .order_by()
    )
    return {row["occupation_code"]: _as_totals(row) for row in rows}


@dataclass
class JobOutlook:
    """One occupation of the survey in a basin, its department(s) and France."""

    year: int
    basin_code: str
    departments: list[str]
    code: str
    label: str
    basin: Totals
    department: Totals
    france: Totals
    rank: int | None  # among the basin's occupations by projects, if its count is published
    ranked: int  # occupations of the basin whose count is published

    @property
    def departments_label(self) -> str:
        plural = "s" if len(self.departments) > 1 else ""
        return f"Département{plural} {', '.join(self.departments)}"


def job_outlook(basin_code: str, code: str, *, year: int) -> JobOutlook | None:
    """The figures of occupation `code` for the basin; None if the survey has no such
    occupation. Sums leave withheld counts out (Totals.partial says « at least »)."""
    label = dict(occupations(year)).get(code)
    if label is None:
        return None
    departments = basin_departments(basin_code, year)
    lines = HiringIntention.objects.filter(year=year, occupation_code=code)
    # The basin's occupations by published count (all of a basin's lines known, as on the
    # territory page): the rank of this one among them.
    counts = {
        row["occupation_code"]: row["sum_projects"]
        for row in HiringIntention.objects.filter(year=year, basin_code=basin_code)
        .values("occupation_code")
        .annotate(lines=Count("pk"), known=Count("projects"), sum_projects=Sum("projects"))
        .order_by()
        if row["known"] == row["lines"]
    }
    own = counts.get(code)
    return JobOutlook(
        year=year,
        basin_code=basin_code,
        departments=departments,
        code=code,
        label=label,
        basin=_totals(lines.filter(basin_code=basin_code)),
        department=_totals(lines.filter(department_code__in=departments)),
        france=_cached(f"france:{year}:occupation:{code}", lambda: _totals(lines)),
        rank=None if own is None else 1 + sum(1 for n in counts.values() if n > own),
        ranked=len(counts),
    )
