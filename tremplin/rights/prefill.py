"""Where a person's first estimate starts from: what the file and the shared diagnosis
already say of the household.

`prefill` is pure: it maps plain values (the file's flags, the facts of two diagnosis
domains) to the form's initial values, and says where each came from so that the page can
ask the counselor to check them with the person. Only what maps without guessing is
taken, and never an amount: the file says the person gets the ASS, not how much; the
diagnosis gives a band of resources, not a figure. `diagnosis_source` reads the diagnosis
for a user through the diagnosis's own access rules.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from tremplin.audit.models import log_read
from tremplin.core.permissions import Section
from tremplin.diagnosis.access import visible_diagnoses, visible_domains
from tremplin.diagnosis.domains import DOMAINS_BY_CODE
from tremplin.rights.forms import HOUSING_CHOICES

HOUSING = "logement-hebergement"
FAMILY = "famille"
# The only diagnosis domains read: both belong to the diagnosis section, never to the
# restricted health or justice ones.
DOMAINS = (HOUSING, FAMILY)

# Diagnosis housing → the form's housing. Not mapped, since they hide the status the
# estimate needs: « own » (tenant of which kind, or owner?), « institution » (a CHRS asks
# no rent, a résidence sociale a redevance), « unfit » (any status).
DIAGNOSIS_HOUSING = {
    "street": "sans_domicile",
    "emergency": "sans_domicile",
    "family": "loge_gratuitement",
}
HOUSING_LABELS = dict(HOUSING_CHOICES)
COUPLE_LABELS = {"0": "seul·e", "1": "en couple"}


@dataclass(frozen=True)
class DiagnosisSource:
    """The facts of one diagnosis version, only in the domains the pre-fill reads."""

    interview_date: date
    facts: Mapping[str, Mapping]  # domain code → facts
    validated: bool = False


@dataclass
class Prefill:
    initial: dict = field(default_factory=dict)
    from_file: list[str] = field(default_factory=list)
    from_diagnosis: list[str] = field(default_factory=list)
    diagnosis_date: date | None = None
    diagnosis_validated: bool = False
    to_complete: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """The short French sentences shown above the form."""
        notes = []
        if self.from_diagnosis:
            unvalidated = "" if self.diagnosis_validated else " (pas encore validé par la personne)"
            notes.append(
                f"Repris du diagnostic du {self.diagnosis_date:%d/%m/%Y}{unvalidated} : "
                f"{', '.join(self.from_diagnosis)}."
            )
        if self.from_file:
            notes.append(f"Repris du dossier : {', '.join(self.from_file)}.")
        return notes + self.to_complete


def housing_from_diagnosis(facts: Mapping) -> str | None:
    return DIAGNOSIS_HOUSING.get(facts.get("housing"))


def couple_from_diagnosis(facts: Mapping) -> str | None:
    """« 0 » for a parent isolé; « 1 » for a parent who is not isolé (children in charge,
    not alone: a partner); None when the diagnosis does not say."""
    single_parent = facts.get("single_parent")
    if single_parent == "yes":
        return "0"
    if single_parent == "no" and children_from_diagnosis(facts):
        return "1"
    return None


def children_from_diagnosis(facts: Mapping) -> int | None:
    children = facts.get("children")
    if isinstance(children, bool) or not isinstance(children, int) or children < 0:
        return None
    return children


def prefill(
    *,
    ass: bool = False,
    domiciled: bool = False,
    commune=None,
    diagnosis: DiagnosisSource | None = None,
) -> Prefill:
    """The first estimate's initial values from the file (`ass`, `domiciled`, `commune`)
    and the diagnosis; what is not reliable is left out."""
    result = Prefill()
    housing_facts = diagnosis.facts.get(HOUSING, {}) if diagnosis else {}
    family_facts = diagnosis.facts.get(FAMILY, {}) if diagnosis else {}

    housing = housing_from_diagnosis(housing_facts)
    if housing:
        result.initial["housing"] = housing
        result.from_diagnosis.append("logement")
    elif domiciled and not housing_facts.get("housing"):
        # Domiciled by an organisation: no stable home, unless the diagnosis says otherwise.
        result.initial["housing"] = "sans_domicile"
        result.from_file.append("logement (domiciliation administrative)")

    couple = couple_from_diagnosis(family_facts)
    if couple:
        result.initial["in_couple"] = couple
        result.from_diagnosis.append("situation familiale")
        if couple == "1":
            result.to_complete.append(
                "Le diagnostic indique un foyer en couple : indiquez la date de naissance et "
                "les ressources du conjoint ou de la conjointe."
            )

    children = children_from_diagnosis(family_facts)
    # No child in charge: taken, unless the diagnosis also says parent isolé (which one?).
    if children == 0 and couple != "0":
        result.initial["children"] = ""
        result.from_diagnosis.append("enfants à charge (aucun)")
    elif children:
        # The diagnosis counts the children; the estimate needs their birth dates.
        result.to_complete.append(
            f"Le diagnostic compte {children} enfants à charge : saisissez leurs dates de "
            "naissance."
            if children > 1
            else "Le diagnostic compte 1 enfant à charge : saisissez sa date de naissance."
        )

    if commune is not None:
        result.from_file.append("commune")
    if ass:
        result.to_complete.append(
            "Le dossier indique que la personne perçoit l'ASS : demandez-lui le montant mensuel."
        )
    if result.from_diagnosis:
        result.diagnosis_date = diagnosis.interview_date
        result.diagnosis_validated = diagnosis.validated
    if result.from_diagnosis or result.from_file:
        result.to_complete.append("Vérifiez ces informations avec la personne.")
    return result


def differences(initial: Mapping, diagnosis: DiagnosisSource | None) -> list[str]:
    """What the diagnosis says that a form started from the previous estimate does not
    (housing, couple): one sentence, or none."""
    if diagnosis is None:
        return []
    found = prefill(diagnosis=diagnosis).initial
    said = []
    if found.get("housing") and found["housing"] != initial.get("housing"):
        said.append(f"logement « {HOUSING_LABELS[found['housing']]} »")
    if found.get("in_couple") and found["in_couple"] != initial.get("in_couple"):
        said.append(f"foyer {COUPLE_LABELS[found['in_couple']]}")
    if not said:
        return []
    return [
        f"Le diagnostic du {diagnosis.interview_date:%d/%m/%Y} indique une autre situation "
        f"que la dernière estimation : {', '.join(said)}. Vérifiez avec la personne."
    ]


# --- reading the sources -------------------------------------------------------------------


def diagnosis_source(user, access) -> DiagnosisSource | None:
    """The current version of the diagnosis of the user's structure, in the domains the
    pre-fill reads and the user may see; None when the user may not read it. The read is
    logged as one of the diagnosis."""
    if not access.can_see(Section.DIAGNOSIS):
        return None
    structure_id = user.active_membership.structure_id
    diagnosis = visible_diagnoses(user, access).filter(structure_id=structure_id).first()
    version = diagnosis.current if diagnosis else None
    if version is None:
        return None
    readable = [
        code
        for code in DOMAINS
        if code in visible_domains(access) and DOMAINS_BY_CODE[code].section == Section.DIAGNOSIS
    ]
    facts = {a.domain: dict(a.facts) for a in version.domains.filter(domain__in=readable)}
    log_read(user=user, person=access.person, section=Section.DIAGNOSIS)
    return DiagnosisSource(
        interview_date=version.interview_date, facts=facts, validated=version.is_validated
    )
