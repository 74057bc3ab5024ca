"""The partner directory's access helpers and writes (manual entries, named contacts).

Views and the API load directory objects only through the `get_*_for_user` helpers below:
public entries are readable by every member who may look partners up, manual entries are
changed only by the structure that created them, named contacts belong to one structure.
"""

import uuid

from django.db import transaction
from django.shortcuts import get_object_or_404

from tremplin.network.models import (
    MANUAL_SOURCE,
    PartnerContact,
    PartnerService,
    PartnerStructure,
)


def get_partner_for_user(user, partner_id: int) -> PartnerStructure:
    return get_object_or_404(
        PartnerStructure.objects.visible_to(user).select_related("commune", "tremplin_structure"),
        pk=partner_id,
    )


def get_editable_partner_for_user(user, partner_id: int) -> PartnerStructure:
    return get_object_or_404(PartnerStructure.objects.editable_by(user), pk=partner_id)


def get_service_for_user(user, service_id: int) -> PartnerService:
    return get_object_or_404(
        PartnerService.objects.visible_to(user)
        .filter(structure__is_active=True)
        .select_related("structure", "structure__commune", "commune")
        .prefetch_related("thematiques__category"),
        pk=service_id,
    )


def get_editable_service_for_user(user, service_id: int) -> PartnerService:
    return get_object_or_404(
        PartnerService.objects.editable_by(user).select_related("structure"), pk=service_id
    )


def get_contact_for_user(user, contact_id: int) -> PartnerContact:
    return get_object_or_404(
        PartnerContact.objects.visible_to(user).select_related("partner"), pk=contact_id
    )


def new_source_id() -> str:
    """An identifier for an entry created in Tremplin, unique like data·inclusion's."""
    return f"{MANUAL_SOURCE}--{uuid.uuid4()}"


@transaction.atomic
def save_partner(*, form, membership) -> PartnerStructure:
    """Create or change a partner structure entered by hand (a ModelForm, validated)."""
    partner = form.save(commit=False)
    if partner.pk is None:
        partner.source = MANUAL_SOURCE
        partner.source_id = new_source_id()
        partner.created_by_structure_id = membership.structure_id
    partner.save()
    # Its services' search key carries the structure's name.
    for service in partner.services.select_related("commune"):
        service.structure = partner
        service.save()
    return partner


@transaction.atomic
def save_service(*, form, partner: PartnerStructure, membership) -> PartnerService:
    service = form.save(commit=False)
    if service.pk is None:
        service.structure = partner
        service.source = MANUAL_SOURCE
        service.source_id = new_source_id()
        service.created_by_structure_id = membership.structure_id
    service.save()
    form.save_m2m()
    return service
