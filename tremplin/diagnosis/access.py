"""Which diagnoses, versions and domains a user may see. Built on people.access."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Section
from tremplin.diagnosis.domains import DOMAINS
from tremplin.diagnosis.models import Alert, Diagnosis, DiagnosisVersion
from tremplin.people.access import FileAccess, file_access
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent


def visible_domains(access: FileAccess) -> set[str]:
    """Codes of the domains whose section the user may see (health and justice are restricted)."""
    return {d.code for d in DOMAINS if access.can_see(d.section)}


def visible_diagnoses(user, access: FileAccess):
    """The diagnosis of the user's own structure; for a partner, those of the structures
    that shared their diagnosis with it by the person's consent."""
    structure_id = user.active_membership.structure_id
    diagnoses = Diagnosis.objects.filter(person=access.person)
    if access.follows:
        return diagnoses.filter(structure_id=structure_id)
    sharing = [
        c.structure_id
        for c in Consent.objects.active().filter(
            person=access.person, purpose=ConsentPurpose.SHARE_WITH_PARTNER, partner_id=structure_id
        )
        if Section.DIAGNOSIS in c.sections
    ]
    return diagnoses.filter(structure_id__in=sharing)


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
