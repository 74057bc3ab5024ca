"""API of the shared diagnosis: the current version, limited to the domains the user may see."""

from datetime import date, datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from tremplin.api.common import require
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.diagnosis.access import visible_diagnoses, visible_domains
from tremplin.diagnosis.domains import DOMAINS
from tremplin.people.access import get_person_for_user

router = Router(tags=["Diagnostic partagé"])


class ObstacleOut(Schema):
    label: str
    severity: str


class DomainOut(Schema):
    domain: str
    label: str
    facts: dict
    situation: str
    strengths: str
    obstacles: list[ObstacleOut]
    needs: list[str]


class DiagnosisOut(Schema):
    structure_id: int
    version: int
    created_at: datetime
    interview_date: date
    demand: str
    synthesis: str
    validated_at: datetime | None
    validation_channel: str
    domains: list[DomainOut]


@router.get(
    "/personnes/{person_id}/diagnostic",
    response=list[DiagnosisOut],
    summary="Les diagnostics visibles d'une personne (version en cours)",
)
def get_diagnosis(request, person_id: int):
    require(request, Perm.PERSON_VIEW)
    try:
        access = get_person_for_user(request.user, person_id, section=Section.DIAGNOSIS)
    except Http404:
        raise HttpError(404, "Dossier introuvable.") from None
    domains = visible_domains(access)
    order = {d.code: i for i, d in enumerate(DOMAINS)}
    result = []
    sections_read = {Section.DIAGNOSIS}
    for diagnosis in visible_diagnoses(request.user, access):
        version = diagnosis.current
        if version is None:
            continue
        assessments = sorted(
            (a for a in version.domains.prefetch_related("needs") if a.domain in domains),
            key=lambda a: order[a.domain],
        )
        sections_read |= {a.definition.section for a in assessments}
        result.append(
            {
                "structure_id": diagnosis.structure_id,
                "version": version.number,
                "created_at": version.created_at,
                "interview_date": version.interview_date,
                "demand": version.demand,
                "synthesis": version.synthesis,
                "validated_at": version.validated_at,
                "validation_channel": version.validation_channel,
                "domains": [
                    {
                        "domain": a.domain,
                        "label": a.definition.label,
                        "facts": a.facts,
                        "situation": a.situation,
                        "strengths": a.strengths,
                        "obstacles": a.obstacles,
                        "needs": [t.code for t in a.needs.all()],
                    }
                    for a in assessments
                ],
            }
        )
    for section in sorted(sections_read):
        log_read(
            user=request.user, person=access.person, section=section, channel=AccessLog.Channel.API
        )
    return result
