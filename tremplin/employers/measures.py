"""Aid measures kept as data, and the engine that says which apply to a person and an offer.

The measures and their eligibility rules live in `data/measures.json`, maintained by hand from
the texts each one cites: adding or changing a measure means editing that file, not this
module. Each rule is a tree of criteria built from a few generic operators:

- `flag` — a yes/no fact of the person must be true (`person.rqth`, `person.rsa`…);
- `age_between` — the person's age on the given date, `min` and/or `max` included;
- `jobseeker_for_months` — registered as a job-seeker for at least `months` months;
- `in` — a text fact is one of `values` (`offer.contract`, `offer.employer_kind`);
- `at_least`, `at_most`, `between` — a number fact against `value`, or `min` and `max`;
- `all`, `any`, `count_at_least` (`n`) — combine `criteria`;
- `when` — `then` applies only if `if` holds (a CDD must last 6 months; a CDI need not).

A criterion may say `"otherwise": "unknown"`: when it is not met, the answer is « cannot
tell » rather than « no », for rules where a prescriber may decide beyond the listed
publics (PEC, IAE).

Every answer is three-valued: yes, no, or cannot tell (a fact is missing), and each comes with
its reasons in French. Eligibility may read age, RQTH or residence because the law does;
matching never reads them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from tremplin.core.dates import long_date

DATA_FILE = Path(__file__).parent / "data" / "measures.json"

CONTRACTS = {
    "cdi": "CDI",
    "cdd": "CDD",
    "cddi": "CDDI",
    "interim": "intérim",
    "apprentissage": "contrat d'apprentissage",
    "professionnalisation": "contrat de professionnalisation",
}
EMPLOYER_KINDS = {
    "private": "employeur privé",
    "public": "employeur public",
    "association": "association",
    "siae": "structure d'insertion par l'activité économique",
}


@dataclass(frozen=True)
class PersonFacts:
    """What eligibility needs to know about a person; None means unknown."""

    birth_date: date | None = None
    rqth: bool | None = None
    rsa: bool | None = None
    ass: bool | None = None
    aah: bool | None = None
    registered_jobseeker_since: date | None = None
    education_level: str | None = None  # national nomenclature of 2019: "1" … "8"
    qpv: bool | None = None
    # Registered at France Travail; None with a date above reads as yes.
    registered_jobseeker: bool | None = None
    zrr: bool | None = None
    mission_locale: bool | None = None  # a young person followed by a Mission Locale
    rlh: bool | None = None  # reconnaissance de la lourdeur du handicap


@dataclass(frozen=True)
class OfferFacts:
    """What eligibility needs to know about an offer; None means unknown."""

    contract: str | None = None  # a key of CONTRACTS
    weekly_hours: Decimal | None = None
    duration_months: int | None = None
    employer_kind: str | None = None  # a key of EMPLOYER_KINDS
    employer_headcount: int | None = None
    qualification_level: int | None = None  # level of the diploma prepared, in alternance


@dataclass(frozen=True)
class MeasureResult:
    code: str
    name: str
    eligible: bool | None  # None: cannot tell, a fact is missing
    reasons: tuple[str, ...]  # French: why it applies, why not, which fact is missing
    legal_reference: str


class MeasureDataError(ValueError):
    """The measures file is malformed; the message names the measure and the field."""


# --- Facts -------------------------------------------------------------------------------------

# fact name -> (kind, French name used when it is missing)
_FACTS: dict[str, tuple[str, str]] = {
    "person.rqth": ("bool", "la RQTH"),
    "person.rsa": ("bool", "le RSA"),
    "person.ass": ("bool", "l'ASS"),
    "person.aah": ("bool", "l'AAH"),
    "person.qpv": ("bool", "la résidence en QPV"),
    "person.zrr": ("bool", "la résidence en ZRR"),
    "person.mission_locale": ("bool", "le suivi par une Mission Locale"),
    "person.rlh": ("bool", "la reconnaissance de la lourdeur du handicap"),
    "person.education_level": ("number", "le niveau de formation"),
    "offer.contract": ("text", "le type de contrat"),
    "offer.employer_kind": ("text", "le type d'employeur"),
    "offer.weekly_hours": ("number", "la durée hebdomadaire"),
    "offer.duration_months": ("number", "la durée du contrat"),
    "offer.employer_headcount": ("number", "l'effectif de l'employeur"),
    "offer.qualification_level": ("number", "le niveau du diplôme préparé"),
}
_UNITS = {
    "offer.weekly_hours": " h par semaine",
    "offer.duration_months": " mois",
    "offer.employer_headcount": " salariés",
}
_ALLOWED_TEXT = {"offer.contract": CONTRACTS, "offer.employer_kind": EMPLOYER_KINDS}


@dataclass(frozen=True)
class _Context:
    person: PersonFacts
    offer: OfferFacts
    on: date


def _fact(context: _Context, name: str) -> Any:
    owner, attribute = name.split(".", 1)
    value = getattr(context.person if owner == "person" else context.offer, attribute)
    if name == "person.education_level" and value is not None:
        try:
            return int(str(value).strip())
        except ValueError:
            return None
    return value


def _age(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _full_months(since: date, on: date) -> int:
    months = (on.year - since.year) * 12 + on.month - since.month
    return months - (1 if on.day < since.day else 0)


def _number(value: Any) -> str:
    """17.5 -> « 17,5 », Decimal("20.00") -> « 20 »."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    return text.replace(".", ",")


# --- Evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    value: bool | None
    reason: str


_VERDICT = {True: "oui", False: "non", None: "impossible à dire"}


def _leaf(label: str, value: bool | None, detail: str) -> _Outcome:
    return _Outcome(value, f"{label} : {_VERDICT[value]} ({detail})")


def _missing(label: str, what: str) -> _Outcome:
    return _Outcome(None, f"{label} : impossible à dire (information manquante : {what})")


def _evaluate(criterion: dict, context: _Context) -> _Outcome:
    outcome = _OPERATORS[criterion["op"]](criterion, context)
    if outcome.value is False and criterion.get("otherwise") == "unknown":
        return _Outcome(None, f"{outcome.reason} ; à apprécier par le prescripteur")
    return outcome


def _flag(criterion: dict, context: _Context) -> _Outcome:
    label, name = criterion["label"], criterion["fact"]
    value = _fact(context, name)
    if value is None:
        return _missing(label, _FACTS[name][1])
    return _Outcome(bool(value), f"{label} : {_VERDICT[bool(value)]}")


def _age_between(criterion: dict, context: _Context) -> _Outcome:
    label = criterion["label"]
    if context.person.birth_date is None:
        return _missing(label, "la date de naissance")
    age = _age(context.person.birth_date, context.on)
    low, high = criterion.get("min"), criterion.get("max")
    value = (low is None or age >= low) and (high is None or age <= high)
    return _leaf(label, value, f"{age} ans")


def _jobseeker_for_months(criterion: dict, context: _Context) -> _Outcome:
    label, months = criterion["label"], criterion["months"]
    since = context.person.registered_jobseeker_since
    registered = context.person.registered_jobseeker
    if registered is None and since is not None:
        registered = True
    if registered is False:
        return _leaf(label, False, "pas inscrit·e comme demandeur·euse d'emploi")
    if registered is None:
        return _missing(label, "l'inscription comme demandeur·euse d'emploi")
    if months == 0:
        return _leaf(label, True, "inscrit·e")
    if since is None:
        return _missing(label, "la date d'inscription comme demandeur·euse d'emploi")
    elapsed = _full_months(since, context.on)
    return _leaf(label, elapsed >= months, f"inscrit·e depuis {elapsed} mois")


def _in(criterion: dict, context: _Context) -> _Outcome:
    label, name = criterion["label"], criterion["fact"]
    value = _fact(context, name)
    if value is None:
        return _missing(label, _FACTS[name][1])
    shown = _ALLOWED_TEXT.get(name, {}).get(value, value)
    return _leaf(label, value in criterion["values"], shown)


def _compare(criterion: dict, context: _Context) -> _Outcome:
    label, name, op = criterion["label"], criterion["fact"], criterion["op"]
    value = _fact(context, name)
    if value is None:
        return _missing(label, _FACTS[name][1])
    if op == "at_least":
        result = value >= criterion["value"]
    elif op == "at_most":
        result = value <= criterion["value"]
    else:
        result = criterion["min"] <= value <= criterion["max"]
    if name.endswith("_level"):
        return _leaf(label, result, f"niveau {value}")
    return _leaf(label, result, f"{_number(value)}{_UNITS.get(name, '')}")


def _combine(label: str, value: bool | None, parts: list[_Outcome]) -> _Outcome:
    return _Outcome(value, f"{label} : {_VERDICT[value]} — " + " ; ".join(p.reason for p in parts))


def _all(criterion: dict, context: _Context) -> _Outcome:
    outcomes = [_evaluate(c, context) for c in criterion["criteria"]]
    if any(o.value is False for o in outcomes):
        return _combine(criterion["label"], False, [o for o in outcomes if o.value is False])
    if any(o.value is None for o in outcomes):
        return _combine(criterion["label"], None, [o for o in outcomes if o.value is None])
    return _combine(criterion["label"], True, outcomes)


def _any(criterion: dict, context: _Context) -> _Outcome:
    outcomes = [_evaluate(c, context) for c in criterion["criteria"]]
    if any(o.value is True for o in outcomes):
        return _combine(criterion["label"], True, [o for o in outcomes if o.value is True])
    if any(o.value is None for o in outcomes):
        return _combine(criterion["label"], None, [o for o in outcomes if o.value is None])
    return _combine(criterion["label"], False, outcomes)


def _count_at_least(criterion: dict, context: _Context) -> _Outcome:
    outcomes = [_evaluate(c, context) for c in criterion["criteria"]]
    met = [o for o in outcomes if o.value is True]
    unknown = [o for o in outcomes if o.value is None]
    needed = criterion["n"]
    if len(met) >= needed:
        value: bool | None = True
    elif len(met) + len(unknown) < needed:
        value = False
    else:
        value = None
    head = f"{criterion['label']} : {_VERDICT[value]} ({len(met)} sur {needed} requis)"
    details = [o.reason for o in met + unknown]
    return _Outcome(value, head + (" — " + " ; ".join(details) if details else ""))


def _when(criterion: dict, context: _Context) -> _Outcome:
    label = criterion["label"]
    condition = _evaluate(criterion["if"], context)
    if condition.value is False:
        return _Outcome(True, f"{label} : sans objet — {condition.reason}")
    if condition.value is True:
        # The condition holds: the consequence alone is the reason, one verdict, not two
        # (« CDD d'au moins 6 mois : oui (6 mois) »): its label says the whole rule.
        return _evaluate(criterion["then"], context)
    consequence = _evaluate(criterion["then"], context)
    if consequence.value is True:
        return _combine(label, consequence.value, [consequence])
    return _combine(label, None, [condition, consequence])


_OPERATORS = {
    "flag": _flag,
    "age_between": _age_between,
    "jobseeker_for_months": _jobseeker_for_months,
    "in": _in,
    "at_least": _compare,
    "at_most": _compare,
    "between": _compare,
    "all": _all,
    "any": _any,
    "count_at_least": _count_at_least,
    "when": _when,
}


def evaluate_measures(
    person: PersonFacts, offer: OfferFacts, on: date, measures: list[dict] | None = None
) -> list[MeasureResult]:
    """Every measure, in the file's order, with whether it applies on that date and why."""
    if measures is None:
        measures = load_measures()
    else:
        for index, measure in enumerate(measures):
            _validate_measure(measure, index)
        _check_unique_codes(measures)
    context = _Context(person, offer, on)
    return [_evaluate_measure(measure, context) for measure in measures]


def _evaluate_measure(measure: dict, context: _Context) -> MeasureResult:
    reasons: list[str] = []
    valid_from = date.fromisoformat(measure["valid_from"])
    valid_until = measure.get("valid_until") and date.fromisoformat(measure["valid_until"])
    eligible: bool | None
    if context.on < valid_from:
        eligible = False
        reasons.append(f"Mesure en vigueur à partir du {long_date(valid_from)}.")
    elif valid_until and context.on > valid_until:
        eligible = False
        reasons.append(
            f"Mesure terminée le {long_date(valid_until)} : elle ne s'applique pas au "
            f"{long_date(context.on)}."
        )
    else:
        outcomes = [_evaluate(c, context) for c in measure["criteria"]]
        if any(o.value is False for o in outcomes):
            eligible = False
        elif any(o.value is None for o in outcomes):
            eligible = None
        else:
            eligible = True
        reasons.extend(f"{o.reason}." for o in outcomes)
    if measure.get("note"):
        reasons.append(f"À savoir : {measure['note']}")
    if measure.get("to_verify"):
        reasons.append(f"À vérifier : {measure['to_verify']}")
    return MeasureResult(
        code=measure["code"],
        name=measure["name"],
        eligible=eligible,
        reasons=tuple(reasons),
        legal_reference=measure["legal_reference"],
    )


# --- Loading and validation -------------------------------------------------------------------


@cache
def _load_default() -> tuple[dict, ...]:
    return tuple(validate_measures(json.loads(DATA_FILE.read_text(encoding="utf-8"))))


def load_measures(path: Path | None = None) -> list[dict]:
    """The measures of the file, validated (the default file is read once)."""
    if path is None:
        return list(_load_default())
    return validate_measures(json.loads(Path(path).read_text(encoding="utf-8")))


_MEASURE_KEYS = {
    "code": True,
    "name": True,
    "description": True,
    "legal_reference": True,
    "source_url": True,
    "valid_from": True,
    "valid_until": True,
    "criteria": True,
    "note": False,
    "to_verify": False,
}
# op -> its own keys besides "op", "label" and "otherwise"
_OPERATOR_KEYS = {
    "flag": {"fact"},
    "age_between": {"min", "max"},
    "jobseeker_for_months": {"months"},
    "in": {"fact", "values"},
    "at_least": {"fact", "value"},
    "at_most": {"fact", "value"},
    "between": {"fact", "min", "max"},
    "all": {"criteria"},
    "any": {"criteria"},
    "count_at_least": {"n", "criteria"},
    "when": {"if", "then"},
}
_CODE = re.compile(r"^[a-z0-9_]+$")


def validate_measures(data: Any) -> list[dict]:
    """Check the structure of the measures file; raise MeasureDataError naming what is wrong."""
    if not isinstance(data, dict):
        raise MeasureDataError("Le fichier des mesures doit être un objet JSON.")
    if not isinstance(data.get("about"), str) or not data["about"].strip():
        raise MeasureDataError("Le fichier des mesures doit commencer par un champ « about ».")
    measures = data.get("measures")
    if not isinstance(measures, list) or not measures:
        raise MeasureDataError("Le champ « measures » doit être une liste non vide.")
    for index, measure in enumerate(measures):
        _validate_measure(measure, index)
    _check_unique_codes(measures)
    return measures


def _check_unique_codes(measures: list[dict]) -> None:
    seen: set[str] = set()
    for measure in measures:
        if measure["code"] in seen:
            raise MeasureDataError(
                f"Mesure « {measure['code']} » : champ « code » : ce code est déjà utilisé."
            )
        seen.add(measure["code"])


def _validate_measure(measure: Any, index: int) -> None:
    name = f"n° {index + 1}"
    if isinstance(measure, dict) and isinstance(measure.get("code"), str):
        name = f"« {measure['code']} »"

    def fail(field: str, problem: str) -> None:
        raise MeasureDataError(f"Mesure {name} : champ « {field} » : {problem}.")

    if not isinstance(measure, dict):
        raise MeasureDataError(f"Mesure {name} : doit être un objet JSON.")
    for key in measure:
        if key not in _MEASURE_KEYS:
            fail(key, "champ inconnu")
    for key, required in _MEASURE_KEYS.items():
        if required and key not in measure:
            fail(key, "champ obligatoire absent")
    for key in (
        "code",
        "name",
        "description",
        "legal_reference",
        "source_url",
        "note",
        "to_verify",
    ):
        if key in measure and (not isinstance(measure[key], str) or not measure[key].strip()):
            fail(key, "doit être un texte non vide")
    if not _CODE.match(measure["code"]):
        fail("code", "lettres minuscules, chiffres et « _ » seulement")
    if not measure["source_url"].startswith("https://"):
        fail("source_url", "doit être une adresse https://")
    valid_from = _iso_date(measure["valid_from"], lambda problem: fail("valid_from", problem))
    if measure["valid_until"] is not None:
        valid_until = _iso_date(measure["valid_until"], lambda p: fail("valid_until", p))
        if valid_until < valid_from:
            fail("valid_until", "date antérieure à « valid_from »")
    if not isinstance(measure["criteria"], list) or not measure["criteria"]:
        fail("criteria", "doit être une liste non vide de critères")
    for position, criterion in enumerate(measure["criteria"]):
        _validate_criterion(criterion, f"criteria[{position}]", fail)


def _iso_date(value: Any, fail) -> date:
    if not isinstance(value, str):
        fail("doit être une date AAAA-MM-JJ")
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"date invalide « {value} » (attendu AAAA-MM-JJ)")
        raise  # unreachable: fail raises


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _validate_criterion(criterion: Any, path: str, fail) -> None:
    if not isinstance(criterion, dict):
        fail(path, "doit être un objet JSON")
    op = criterion.get("op")
    if op not in _OPERATORS:
        fail(f"{path}.op", f"opérateur inconnu « {op} » (connus : {', '.join(_OPERATORS)})")
    allowed = _OPERATOR_KEYS[op] | {"op", "label", "otherwise"}
    for key in criterion:
        if key not in allowed:
            fail(f"{path}.{key}", f"champ inconnu pour l'opérateur « {op} »")
    if not isinstance(criterion.get("label"), str) or not criterion["label"].strip():
        fail(f"{path}.label", "libellé français obligatoire")
    if "otherwise" in criterion and criterion["otherwise"] != "unknown":
        fail(f"{path}.otherwise", "seule valeur possible : « unknown »")
    if "fact" in _OPERATOR_KEYS[op]:
        fact = criterion.get("fact")
        expected = {"flag": "bool", "in": "text"}.get(op, "number")
        if fact not in _FACTS or _FACTS[fact][0] != expected:
            known = ", ".join(f for f, (kind, _) in _FACTS.items() if kind == expected)
            fail(f"{path}.fact", f"fait inconnu « {fact} » pour « {op} » (connus : {known})")
    if op == "in":
        values = criterion.get("values")
        allowed_values = _ALLOWED_TEXT[criterion["fact"]]
        if not isinstance(values, list) or not values:
            fail(f"{path}.values", "doit être une liste non vide")
        for value in values:
            if value not in allowed_values:
                fail(
                    f"{path}.values",
                    f"valeur inconnue « {value} » (connues : {', '.join(allowed_values)})",
                )
    if op in ("at_least", "at_most") and not _is_number(criterion.get("value")):
        fail(f"{path}.value", "doit être un nombre")
    if op in ("between", "age_between"):
        low, high = criterion.get("min"), criterion.get("max")
        if op == "between" and (low is None or high is None):
            fail(f"{path}.{'min' if low is None else 'max'}", "champ obligatoire absent")
        if low is None and high is None:
            fail(f"{path}.min", "« min » ou « max » obligatoire")
        for key, bound in (("min", low), ("max", high)):
            if bound is not None and not _is_number(bound):
                fail(f"{path}.{key}", "doit être un nombre")
        if low is not None and high is not None and low > high:
            fail(f"{path}.max", "inférieur à « min »")
    if op == "jobseeker_for_months":
        months = criterion.get("months")
        if not isinstance(months, int) or isinstance(months, bool) or months < 0:
            fail(f"{path}.months", "doit être un nombre entier de mois, 0 ou plus")
    if op in ("all", "any", "count_at_least"):
        children = criterion.get("criteria")
        if not isinstance(children, list) or not children:
            fail(f"{path}.criteria", "doit être une liste non vide de critères")
        for position, child in enumerate(children):
            _validate_criterion(child, f"{path}.criteria[{position}]", fail)
        if op == "count_at_least":
            n = criterion.get("n")
            if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= len(children):
                fail(f"{path}.n", f"doit être un entier de 1 à {len(children)}")
    if op == "when":
        for key in ("if", "then"):
            if key not in criterion:
                fail(f"{path}.{key}", "champ obligatoire absent")
            _validate_criterion(criterion[key], f"{path}.{key}", fail)
