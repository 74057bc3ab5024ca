"""Finding partner services: by need (thématique), by distance from a place, by free text.

Distance: a bounding box on the indexed derived point narrows the rows in SQL, then the
exact great-circle distance is computed on what remains. Services that can be followed
remotely are kept whatever the distance when their eligibility zone covers the place.
"""

import math
from dataclasses import dataclass

from django.db.models import Q, prefetch_related_objects

from tremplin.core.search import tolerant_match
from tremplin.network.models import EARTH_RADIUS_KM, PartnerService, distance_km

DEFAULT_RADIUS_KM = 30


@dataclass(frozen=True)
class ServiceHit:
    service: PartnerService
    distance_km: float | None

    @property
    def distance_label(self) -> str:
        if self.distance_km is None:
            return "à distance" if self.service.remote else ""
        if self.distance_km < 1:
            return "moins d'1 km"
        return f"{self.distance_km:.0f} km".replace(".", ",")


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a square holding the circle."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(lat)), 0.01)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def zone_covers(zone: list[str], commune) -> bool:
    """Whether a data·inclusion eligibility zone includes the commune (empty: everywhere)."""
    if not zone or commune is None:
        return True
    codes = {str(code).lower() for code in zone}
    if "france" in codes or commune.code.lower() in codes:
        return True
    department = commune.department
    return (
        department.code.lower() in codes
        or (commune.epci_siren and commune.epci_siren in codes)
        or str(department.region_id).lower() in codes
    )


def search_services(
    user,
    *,
    thematiques=(),
    commune=None,
    radius_km: float | None = DEFAULT_RADIUS_KM,
    text: str = "",
    include_remote: bool = True,
    limit: int = 50,
) -> list[ServiceHit]:
    """Services visible to `user`, nearest first when a commune with a position is given."""
    services = PartnerService.objects.visible_to(user).filter(structure__is_active=True)
    if thematiques:
        services = services.filter(thematiques__in=list(thematiques)).distinct()
    condition = tolerant_match("search_key", text)
    if condition is not None:
        services = services.filter(condition)
    services = services.select_related("structure", "structure__commune", "commune")

    origin = None
    if commune is not None and commune.latitude is not None:
        origin = (commune.latitude, commune.longitude)
    if origin is None or radius_km is None:
        return _with_thematiques([ServiceHit(s, None) for s in services.order_by("name")[:limit]])

    min_lat, max_lat, min_lon, max_lon = bounding_box(*origin, radius_km)
    near = Q(
        point_latitude__gte=min_lat,
        point_latitude__lte=max_lat,
        point_longitude__gte=min_lon,
        point_longitude__lte=max_lon,
    )
    if include_remote:
        near |= Q(remote=True)
    hits = []
    for service in services.filter(near):
        distance = None
        if service.point_latitude is not None:
            distance = distance_km(origin, (service.point_latitude, service.point_longitude))
        if distance is not None and distance <= radius_km:
            if zone_covers(service.eligibility_zone, commune):
                hits.append(ServiceHit(service, distance))
        elif service.remote and zone_covers(service.eligibility_zone, commune):
            hits.append(ServiceHit(service, None))
    hits.sort(key=lambda h: (h.distance_km is None, h.distance_km or 0, h.service.name))
    return _with_thematiques(hits[:limit])


def _with_thematiques(hits: list[ServiceHit]) -> list[ServiceHit]:
    """Load the thématiques of the services returned only (one query, whatever the count)."""
    prefetch_related_objects([hit.service for hit in hits], "thematiques")
    return hits
