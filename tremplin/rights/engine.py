"""Social-rights estimate: the household described in the file, computed by OpenFisca-France.

No database here. `estimate(household, month)` builds the OpenFisca situation (individuals,
family, tax household, dwelling), asks the national rules-as-code engine for the monthly
amounts of the main benefits a counselor checks with a person, and returns them with what
the estimate assumed. The figures are an estimate: the CAF, the MSA or the Assurance
maladie decide, on the resources they know.

OpenFisca-France is an optional extra (`pip install tremplin[rights]`); the application
works without it and says so where the estimate would be offered. Its tax-benefit system
takes seconds to load: it is loaded once per process, on first use.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from importlib import metadata
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# Benefits estimated, in the order shown, with the OpenFisca variable that gives their
# monthly amount (all of them are computed on the family, « famille » in OpenFisca).
BENEFITS: tuple[tuple[str, str, str], ...] = (
    ("rsa", "rsa", "Revenu de solidarité active (RSA)"),
    ("ppa", "ppa", "Prime d'activité"),
    ("housing", "aide_logement", "Aide au logement"),
    ("af", "af", "Allocations familiales"),
    ("cf", "cf", "Complément familial"),
    ("asf", "asf", "Allocation de soutien familial (ASF)"),
    ("paje", "paje_base", "Allocation de base de la PAJE"),
)
# Which housing aid it is: only one is paid, OpenFisca says which by its amount.
HOUSING_KINDS = (
    ("apl", "aide personnalisée au logement (APL)"),
    ("alf", "allocation de logement familiale (ALF)"),
    ("als", "allocation de logement sociale (ALS)"),
)

# What each benefit needs that the estimate cannot check: said beside its amount.
CONDITIONS = {
    "rsa": "Résider en France de façon stable ; avoir 25 ans, ou moins avec un enfant à "
    "charge ou une activité suffisante ; déclarer ses ressources chaque trimestre. "
    "Le RSA s'accompagne de droits et devoirs (contrat d'engagement).",
    "ppa": "Exercer une activité professionnelle ; déclaration trimestrielle des ressources "
    "à la CAF ou à la MSA.",
    "housing": "Un bail ou un titre d'occupation à son nom, un logement décent occupé comme "
    "résidence principale. Le montant dépend aussi des ressources des 12 derniers mois.",
    "af": "À partir de deux enfants à charge de moins de 20 ans.",
    "cf": "À partir de trois enfants à charge de 3 à 21 ans, sous plafond de ressources.",
    "asf": "Pour un parent seul dont l'autre parent ne verse pas (ou pas entièrement) la "
    "pension alimentaire : la CAF vérifie la situation.",
    "paje": "Pour un enfant de moins de 3 ans, sous plafond de ressources.",
    "css": "La complémentaire santé solidaire se demande à la caisse d'assurance maladie ; "
    "elle est accordée pour un an.",
}


class EngineUnavailable(RuntimeError):
    """OpenFisca-France is not installed on this server."""


class EstimateError(ValueError):
    """The household cannot be computed (a value OpenFisca refuses)."""


@dataclass(frozen=True)
class Member:
    """One person of the household. Amounts are net, in euros per month.

    No disability benefit (AAH) here: whether a person receives it belongs to the health
    section of the file, which an estimate (social section) must not reveal.
    """

    birth_date: date
    salary: float = 0.0  # salaire net
    unemployment: float = 0.0  # allocation d'aide au retour à l'emploi (ARE)
    ass: float = 0.0  # allocation de solidarité spécifique perçue
    alimony: float = 0.0  # pension alimentaire reçue


@dataclass(frozen=True)
class Household:
    """What the estimate needs: the person, a partner, the children, the dwelling."""

    person: Member
    partner: Member | None = None
    children_birth_dates: tuple[date, ...] = ()
    housing: str = "locataire_vide"  # an OpenFisca `statut_occupation_logement`
    rent: float = 0.0  # loyer hors charges, or the loan's monthly payment
    commune_code: str = ""  # code INSEE of the commune (depcom)

    def as_json(self) -> dict:
        data = asdict(self)
        data["person"] = _member_json(self.person)
        data["partner"] = _member_json(self.partner) if self.partner else None
        data["children_birth_dates"] = [d.isoformat() for d in self.children_birth_dates]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Household:
        return cls(
            person=_member_from_json(data["person"]),
            partner=_member_from_json(data["partner"]) if data.get("partner") else None,
            children_birth_dates=tuple(
                date.fromisoformat(d) for d in data.get("children_birth_dates", [])
            ),
            housing=data.get("housing", "locataire_vide"),
            rent=float(data.get("rent", 0)),
            commune_code=data.get("commune_code", ""),
        )


def _member_json(member: Member) -> dict:
    data = asdict(member)
    data["birth_date"] = member.birth_date.isoformat()
    return data


def _member_from_json(data: dict) -> Member:
    return Member(**{**data, "birth_date": date.fromisoformat(data["birth_date"])})


@dataclass
class Result:
    """The monthly amounts found (euros, rounded to the cent) and the health cover."""

    month: date
    amounts: dict[str, float] = field(default_factory=dict)
    housing_kind: str = ""  # apl | alf | als, or empty when there is no housing aid
    css: str = "none"  # free | participation | none (complémentaire santé solidaire)
    css_participation: float = 0.0  # euros per month, for the whole household
    engine_version: str = ""

    @property
    def total(self) -> float:
        return round(sum(self.amounts.values()), 2)

    def as_json(self) -> dict:
        data = asdict(self)
        data["month"] = self.month.isoformat()
        return data


_lock = threading.Lock()
_system = None


def is_available() -> bool:
    try:
        metadata.version("openfisca-france")
    except metadata.PackageNotFoundError:
        return False
    return True


def engine_version() -> str:
    """The versions the figures come from, kept with each estimate."""
    if not is_available():
        return ""
    return (
        f"OpenFisca-France {metadata.version('openfisca-france')}, "
        f"OpenFisca-Core {metadata.version('openfisca-core')}"
    )


def tax_benefit_system():
    """The French tax-benefit system, loaded once per process (it takes seconds)."""
    global _system
    if _system is None:
        with _lock:
            if _system is None:
                try:
                    from openfisca_france import FranceTaxBenefitSystem
                except ImportError as exc:  # pragma: no cover - depends on the install
                    raise EngineUnavailable("OpenFisca-France n'est pas installé") from exc
                _system = FranceTaxBenefitSystem()
    return _system


_warming: threading.Thread | None = None


def warm_up_in_background() -> None:
    """Load the engine and run one estimate in a background thread, once per process.

    The first estimate of a process takes several seconds more than the next ones (the
    rules and parameters are read on first use): started when a counselor opens the form,
    it is done by the time the form is filled in.
    """
    global _warming
    if _warming is not None or not is_available():
        return
    with _lock:
        if _warming is not None:
            return

        def run():
            household = Household(person=Member(birth_date=date(1990, 1, 1)), rent=400)
            try:
                estimate(household, datetime.now(tz=PARIS).date().replace(day=1))
            except Exception:  # noqa: BLE001 - a failed warm-up only loses the head start
                pass

        _warming = threading.Thread(target=run, name="openfisca-warm-up", daemon=True)
    _warming.start()


def previous_months(month: date, count: int) -> list[str]:
    """The `count` months before `month`, as OpenFisca periods ('2026-10', …)."""
    periods, year, number = [], month.year, month.month
    for _ in range(count):
        number -= 1
        if number == 0:
            year, number = year - 1, 12
        periods.append(f"{year}-{number:02d}")
    return periods


def situation(household: Household, month: date) -> dict:
    """The OpenFisca situation of the household for `month`.

    The resources and the dwelling given are taken as stable over the twelve months before:
    the RSA and the prime d'activité look at the last three (their resources, and the
    forfait logement deducted when the household gets a housing aid or pays no rent), the
    housing aid at the last twelve. A dwelling given for the current month only would leave
    the three months before without housing aid, and the forfait logement undeducted.
    """
    current = f"{month.year}-{month.month:02d}"
    periods = [*previous_months(month, 12), current]

    def individual(member: Member) -> dict:
        values = {"date_naissance": {"ETERNITY": member.birth_date.isoformat()}}
        for variable, amount in (
            ("salaire_net", member.salary),
            ("chomage_net", member.unemployment),
            ("ass", member.ass),
            ("pensions_alimentaires_percues", member.alimony),
        ):
            if amount:
                values[variable] = dict.fromkeys(periods, float(amount))
        return values

    individuals = {"demandeur": individual(household.person)}
    parents = ["demandeur"]
    if household.partner is not None:
        individuals["conjoint"] = individual(household.partner)
        parents.append("conjoint")
    children = []
    for index, birth_date in enumerate(household.children_birth_dates, start=1):
        key = f"enfant{index}"
        individuals[key] = {"date_naissance": {"ETERNITY": birth_date.isoformat()}}
        children.append(key)
    dwelling = {
        "personne_de_reference": ["demandeur"],
        "enfants": children,
        "statut_occupation_logement": dict.fromkeys(periods, household.housing),
        "loyer": dict.fromkeys(periods, float(household.rent)),
    }
    if household.partner is not None:
        dwelling["conjoint"] = ["conjoint"]
    if household.commune_code:
        dwelling["depcom"] = dict.fromkeys(periods, household.commune_code)
    return {
        "individus": individuals,
        "familles": {"famille": {"parents": parents, "enfants": children}},
        "foyers_fiscaux": {"foyer": {"declarants": parents, "personnes_a_charge": children}},
        "menages": {"menage": dwelling},
    }


def estimate(household: Household, month: date) -> Result:
    """The monthly amounts OpenFisca-France computes for the household in `month`."""
    from openfisca_core.errors import SituationParsingError
    from openfisca_core.simulation_builder import SimulationBuilder

    system = tax_benefit_system()
    period = f"{month.year}-{month.month:02d}"
    try:
        simulation = SimulationBuilder().build_from_entities(system, situation(household, month))

        def value(variable: str) -> float:
            return float(simulation.calculate(variable, period)[0])

        result = Result(month=month.replace(day=1), engine_version=engine_version())
        for key, variable, _label in BENEFITS:
            amount = round(value(variable), 2)
            if amount > 0:
                result.amounts[key] = amount
        if "housing" in result.amounts:
            result.housing_kind = max(
                (kind for kind, _label in HOUSING_KINDS), key=lambda kind: value(kind)
            )
        if bool(simulation.calculate("cmu_c", period)[0]):
            result.css = "free"
        else:
            participation = round(value("css_participation_forfaitaire"), 2)
            if participation > 0:
                result.css, result.css_participation = "participation", participation
    except (SituationParsingError, ValueError, KeyError) as exc:
        # OpenFisca raises these for a value it refuses (a date, an unknown commune…).
        raise EstimateError(str(exc)) from exc
    return result


def label(key: str) -> str:
    return next(text for k, _variable, text in BENEFITS if k == key)
