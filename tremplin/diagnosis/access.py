"""Which diagnoses, versions and domains a user may see. Built on people.access."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Section
from tremplin.diagnosis.domains import DOMAINS
from tremplin.diagnosis.models import Alert, Diagnosis, DiagnosisVersion
from tremplin.people.access import FileAccess, file_access


def visible_domains(access: FileAccess) -> set[str]:
    """Codes of the domains whose section the user may see (health and justice are restricted)."""
    return {d.code for d in DOMAINS if access.can_see(d.section)}


def visible_diagnoses(user, access: FileAccess):
    """The diagnosis of the user's own structure (when it follows the person), and those of
    the structures that shared their diagnosis with it by the person's consent — read-only,
    for a partner as for a structure that took the person in from a referral."""
    structure_id = user.active_membership.structure_id
    sharing = [
        other
        for other, sections in access.shared_by.items()
        if Section.DIAGNOSIS in sections and other != structure_id
    ]
    if access.follows:
        sharing.append(structure_id)
    return Diagnosis.objects.filter(person=access.person, structure_id__in=sharing)


def get_version_for_user(user, pk) -> tuple[DiagnosisVersion, FileAccess]:
    version = get_object_or_404(
        DiagnosisVersion.objects.visible_to(user).select_related(
            "diagnosis__person", "created_by", "validation_recorded_by"
        ),
        pk=pk,
    )
    access = file_access(user, version.diagnosis.person)
    if not access.can_see(Section.DIAGNOSIS):
        raise Http404
    if not visible_diagnoses(user, access).filter(pk=version.diagnosis_id).exists():
        raise Http404
    return version, access


def get_alert_for_user(user, pk) -> Alert:
    return get_object_or_404(
        Alert.objects.visible_to(user).select_related("person", "urgency_check"), pk=pk
    )
