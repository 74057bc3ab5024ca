"""API of the partner directory: search the services, read a service or a partner structure."""

from datetime import date

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tremplin.api.common import require
from tremplin.core.permissions import Perm
from tremplin.network.directory import get_partner_for_user, get_service_for_user
from tremplin.network.models import PartnerContact, PartnerService
from tremplin.network.search import DEFAULT_RADIUS_KM, search_services
from tremplin.referentials.models import Commune, Thematique

router = Router(tags=["Annuaire des partenaires"])
MAX_RESULTS = 200


class ServiceOut(Schema):
    id: int
    source: str
    source_id: str
    name: str
    structure_id: int
    structure_name: str
    description: str
    thematiques: list[str]
    kind: str
    fees: str
    publics: list[str]
    reception_modes: list[str]
    eligibility_zone: list[str]
    mobilisation_modes: list[str]
    address: str
    commune_insee: str | None
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    distance_km: float | None = None


class ServiceDetailOut(ServiceOut):
    publics_details: str
    access_conditions: str
    fees_details: str
    mobilisable_by: list[str]
    mobilisation_details: str
    mobilisation_url: str
    opening_hours: str
    weekly_hours: float | None
    weeks: int | None
    updated_at_source: date | None


def _service(service: PartnerService, distance: float | None = None, detail=False) -> dict:
    data = {
        "id": service.pk,
        "source": service.source,
        "source_id": service.source_id,
        "name": service.name,
        "structure_id": service.structure_id,
        "structure_name": service.structure.name,
        "description": service.description,
        "thematiques": sorted(t.code for t in service.thematiques.all()),
        "kind": service.kind,
        "fees": service.fees,
        "publics": service.publics or [],
        "reception_modes": service.reception_modes or [],
        "eligibility_zone": service.eligibility_zone or [],
        "mobilisation_modes": service.mobilisation_modes or [],
        "address": service.place_label or service.structure.place_label,
        "commune_insee": service.commune_id or service.structure.commune_id,
        "latitude": service.point_latitude,
        "longitude": service.point_longitude,
        "phone": service.phone or service.structure.phone,
        "email": service.contact_email,
        "distance_km": round(distance, 1) if distance is not None else None,
    }
    if detail:
        data.update(
            publics_details=service.publics_details,
            access_conditions=service.access_conditions,
            fees_details=service.fees_details,
            mobilisable_by=service.mobilisable_by or [],
            mobilisation_details=service.mobilisation_details,
            mobilisation_url=service.mobilisation_url,
            opening_hours=service.opening_hours or service.structure.opening_hours,
            weekly_hours=float(service.weekly_hours) if service.weekly_hours is not None else None,
            weeks=service.weeks,
            updated_at_source=service.updated_at_source,
        )
    return data


class ServiceSearch(Schema):
    thematique: list[str] = Field(
        [], description="Codes de thématiques ou de catégories data·inclusion (plusieurs possibles)"
    )
    commune: str | None = Field(None, description="Code INSEE de la commune de référence")
    rayon: float = Field(DEFAULT_RADIUS_KM, gt=0, le=200, description="Rayon en kilomètres")
    q: str = Field("", max_length=100, description="Mots-clés (fautes tolérées)")
    limite: int = Field(50, ge=1, le=MAX_RESULTS)


@router.get(
    "/partenaires/services",
    response=list[ServiceOut],
    summary="Chercher des services partenaires par besoin, distance et mots-clés",
)
def list_partner_services(request, filters: Query[ServiceSearch]):
    require(request, Perm.DIRECTORY_VIEW)
    commune = None
    if filters.commune:
        commune = Commune.objects.filter(pk=filters.commune).first()
        if commune is None:
            raise HttpError(422, "Commune inconnue : donnez son code INSEE.")
    codes = set()
    for code in filters.thematique:
        if "--" in code:
            codes.add(code)
        else:
            codes.update(Thematique.objects.filter(category_id=code).values_list("code", flat=True))
    if filters.thematique and not codes:
        raise HttpError(422, "Thématique ou catégorie inconnue.")
    hits = search_services(
        request.user,
        thematiques=sorted(codes),
        commune=commune,
        radius_km=filters.rayon,
        text=filters.q,
        limit=filters.limite,
    )
    return [_service(hit.service, hit.distance_km) for hit in hits]


@router.get(
    "/partenaires/services/{partner_service_id}",
    response=ServiceDetailOut,
    summary="Le détail d'un service partenaire",
)
def get_partner_service(request, partner_service_id: int):
    require(request, Perm.DIRECTORY_VIEW)
    try:
        service = get_service_for_user(request.user, partner_service_id)
    except Http404:
        raise HttpError(404, "Service introuvable.") from None
    return _service(service, detail=True)


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    job_title: str
    email: str
    phone: str


class StructureOut(Schema):
    id: int
    source: str
    source_id: str
    name: str
    siret: str
    description: str
    address: str
    commune_insee: str | None
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    website: str
    opening_hours: str
    networks: list[str]
    uses_tremplin: bool
    services: list[ServiceOut]
    contacts: list[ContactOut] = Field(
        ..., description="Les contacts nommés de votre structure chez ce partenaire"
    )


@router.get(
    "/partenaires/structures/{partner_id}",
    response=StructureOut,
    summary="Une structure partenaire, ses services et vos contacts chez elle",
)
def get_partner_structure(request, partner_id: int):
    require(request, Perm.DIRECTORY_VIEW)
    try:
        partner = get_partner_for_user(request.user, partner_id)
    except Http404:
        raise HttpError(404, "Structure introuvable.") from None
    services = (
        PartnerService.objects.visible_to(request.user)
        .filter(structure=partner)
        .select_related("structure", "commune")
        .prefetch_related("thematiques")
        .order_by("name")
    )
    contacts = PartnerContact.objects.visible_to(request.user).filter(partner=partner)
    return {
        "id": partner.pk,
        "source": partner.source,
        "source_id": partner.source_id,
        "name": partner.name,
        "siret": partner.siret,
        "description": partner.description,
        "address": partner.place_label,
        "commune_insee": partner.commune_id,
        "latitude": partner.latitude,
        "longitude": partner.longitude,
        "phone": partner.phone,
        "email": partner.email,
        "website": partner.website,
        "opening_hours": partner.opening_hours,
        "networks": partner.networks or [],
        "uses_tremplin": partner.tremplin_structure_id is not None,
        "services": [_service(s) for s in services],
        "contacts": list(contacts),
    }
