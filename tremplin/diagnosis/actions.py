"""Workflows of the shared diagnosis and of urgencies. Each is atomic."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from tremplin.accounts.models import Membership
from tremplin.core.permissions import Perm, role_can
from tremplin.diagnosis.domains import DOMAINS, SEVERITY_LABELS
from tremplin.diagnosis.models import (
    Alert,
    Diagnosis,
    DiagnosisVersion,
    DomainAssessment,
    UrgencyCheck,
)


class VersionConflict(Exception):
    """Someone saved a newer version while this one was being written."""

    def __init__(self, current: DiagnosisVersion):
        self.current = current
        super().__init__(f"diagnosis {current.diagnosis_id} is at version {current.number}")


@dataclass
class DomainData:
    facts: dict
    situation: str
    strengths: str
    obstacles: list[dict]
    needs: list  # Thematique instances or codes

    @property
    def is_empty(self) -> bool:
        return not (self.facts or self.situation or self.strengths or self.obstacles or self.needs)


def diagnosis_of(person, structure_id) -> Diagnosis | None:
    return Diagnosis.objects.filter(person=person, structure_id=structure_id).first()


@transaction.atomic
def save_version(
    *,
    person,
    membership,
    base_number: int,
    interview_date,
    demand: str,
    synthesis: str,
    order=None,
    domains: dict[str, DomainData],
    editable: set[str],
) -> DiagnosisVersion:
    """Record a new version. Domains the author may not see (health, justice) are carried
    over unchanged from the previous version; so are the needs, facts and notes of every
    domain not in `editable`."""
    diagnosis, _created = Diagnosis.objects.get_or_create(
        person=person, structure_id=membership.structure_id
    )
    diagnosis = Diagnosis.objects.select_for_update().get(pk=diagnosis.pk)
    previous = diagnosis.current
    if (previous.number if previous else 0) != base_number:
        raise VersionConflict(previous)
    version = DiagnosisVersion.objects.create(
        diagnosis=diagnosis,
        number=base_number + 1,
        created_by=membership.user,
        interview_date=interview_date,
        demand=demand,
        synthesis=synthesis,
        order=order,
    )
    carried = {}
    if previous is not None:
        carried = {a.domain: a for a in previous.domains.prefetch_related("needs")}
    for domain in DOMAINS:
        if domain.code in editable:
            data = domains.get(domain.code)
            if data is None or data.is_empty:
                continue
            assessment = DomainAssessment.objects.create(
                version=version,
                domain=domain.code,
                facts=data.facts,
                situation=data.situation,
                strengths=data.strengths,
                obstacles=data.obstacles,
            )
            assessment.needs.set(data.needs)
        elif domain.code in carried:
            old = carried[domain.code]
            copy = DomainAssessment.objects.create(
                version=version,
                domain=old.domain,
                facts=old.facts,
                situation=old.situation,
                strengths=old.strengths,
                obstacles=old.obstacles,
            )
            copy.needs.set(old.needs.all())
    return version


def _readable(value) -> str:
    """A value as the pages show it: « 20/11/2026 », « Oui », « 3,5 »."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal | float):
        return number_format(value, use_l10n=True)
    return str(value)


@dataclass
class Change:
    domain: str
    item: str
    before: str
    after: str


def _domain_rows(assessment: DomainAssessment | None) -> dict[str, str]:
    if assessment is None:
        return {}
    definition = assessment.definition
    rows = {fact.label: fact.display(assessment.facts.get(fact.key)) for fact in definition.facts}
    rows["Situation"] = assessment.situation
    rows["Atouts"] = assessment.strengths
    rows["Freins"] = "; ".join(
        f"{o['label']} ({SEVERITY_LABELS.get(o['severity'], '')})" for o in assessment.obstacles
    )
    rows["Besoins"] = ", ".join(sorted(t.label for t in assessment.needs.all()))
    return rows


def compare(
    older: DiagnosisVersion, newer: DiagnosisVersion, *, visible_domains: set[str]
) -> list[Change]:
    """What changed between two versions, domain by domain (visible domains only)."""
    changes = []
    for label, attr in (
        ("Demande", "demand"),
        ("Synthèse", "synthesis"),
        ("Date de l'entretien", "interview_date"),
    ):
        before, after = getattr(older, attr), getattr(newer, attr)
        if before != after:
            changes.append(Change("Entretien", label, _readable(before), _readable(after)))
    old = {a.domain: a for a in older.domains.prefetch_related("needs")}
    new = {a.domain: a for a in newer.domains.prefetch_related("needs")}
    for domain in DOMAINS:
        if domain.code not in visible_domains:
            continue
        a, b = _domain_rows(old.get(domain.code)), _domain_rows(new.get(domain.code))
        for item in dict.fromkeys([*a, *b]):
            if a.get(item, "") != b.get(item, ""):
                changes.append(Change(domain.label, item, a.get(item, ""), b.get(item, "")))
    return changes


@transaction.atomic
def record_urgency_check(
    *, person, membership, positives: list[str], note: str = ""
) -> UrgencyCheck:
    """Keep the checklist as answered; a positive answer marks the file and alerts the
    structure's managers (the e-mail carries no personal data, only a link)."""
    check = UrgencyCheck.objects.create(
        person=person,
        structure_id=membership.structure_id,
        asked_by=membership.user,
        positives=positives,
        note=note,
    )
    if positives:
        Alert.objects.create(
            person=person,
            structure_id=membership.structure_id,
            urgency_check=check,
            raised_by=membership.user,
        )
        managers = [
            m.user.email
            for m in Membership.objects.active()
            .filter(structure_id=membership.structure_id)
            .select_related("user")
            if role_can(m.role, Perm.ALERTS_VIEW) and m.user_id != membership.user_id
        ]
        if managers:
            url = f"{settings.TREMPLIN_BASE_URL}{reverse('diagnosis:alerts')}"
            body = (
                f"Bonjour,\n\n{membership.user.full_name} vient de signaler une situation d'urgence "
                f"lors d'un entretien ({membership.structure.name}).\n\n"
                f"Voir les alertes en cours : {url}\n\n— Tremplin"
            )
            transaction.on_commit(
                lambda: send_mail(
                    "Tremplin : une situation d'urgence a été signalée", body, None, managers
                )
            )
    return check


@transaction.atomic
def resolve_alert(*, alert: Alert, by, resolution: str) -> None:
    alert.resolved_at = timezone.now()
    alert.resolved_by = by
    alert.resolution = resolution
    alert.save(update_fields=["resolved_at", "resolved_by", "resolution"])
