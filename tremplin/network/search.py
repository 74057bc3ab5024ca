"""Finding partner services: by need (thématique), by distance from a place, by free text.

Distance: a bounding box on the indexed derived point narrows the rows in SQL, then the
exact great-circle distance is computed on what remains. Services that can be followed
remotely are kept whatever the distance when their eligibility zone covers the place.
"""

import math
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, prefetch_related_objects

from tremplin.core.mobility import DEFAULT_MOBILITY_RADIUS_KM
from tremplin.core.search import tolerant_match
from tremplin.network.models import EARTH_RADIUS_KM, PartnerService, distance_km
from tremplin.referentials.models import Commune, Epci

# The same guess as the matching's for a person whose radius is not recorded.
DEFAULT_RADIUS_KM = DEFAULT_MOBILITY_RADIUS_KM


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


def zone_labels(zone: list[str]) -> list[str]:
    """An eligibility zone as people read it: names of the communes and EPCI, other codes as
    they are (a two-digit code may be a department or a region), the code when unknown."""
    codes = [str(code) for code in zone]
    communes = dict(
        Commune.objects.filter(pk__in=[c for c in codes if len(c) == 5]).values_list("pk", "name")
    )
    epcis = dict(
        Epci.objects.filter(pk__in=[c for c in codes if len(c) == 9]).values_list("pk", "name")
    )
    labels = []
    for code in codes:
        if code.lower() == "france":
            labels.append("France entière")
        elif code in communes:
            labels.append(f"{communes[code]} ({code})")
        else:
            labels.append(epcis.get(code, code))
    return labels


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
    """Services visible to `user`, nearest first when a commune with a position is given.

    Two steps: the candidates are read as a few light columns (position, remote, zone),
    filtered and sorted here; only the services returned are then loaded whole.
    """
    # The structure's state is checked apart (`_light_rows`): joining it here would read
    # every candidate from the table.
    services = PartnerService.objects.visible_to(user)
    if thematiques:
        links = PartnerService.thematiques.through.objects.filter(
            partnerservice_id=OuterRef("pk"), thematique_id__in=list(thematiques)
        )
        services = services.filter(Exists(links))
    condition = tolerant_match("search_key", text)
    if condition is not None:
        services = services.filter(condition)

    origin = None
    if commune is not None and commune.latitude is not None:
        origin = (commune.latitude, commune.longitude)
    if origin is None or radius_km is None:
        services = services.filter(structure__is_active=True).order_by("name")
        return _load([(pk, None) for pk in services.values_list("pk", flat=True)[:limit]])

    min_lat, max_lat, min_lon, max_lon = bounding_box(*origin, radius_km)
    services = services.order_by()
    # Two queries rather than one with OR: each is served by its own index (the position,
    # and the partial index of remote services).
    candidates = _light_rows(
        user,
        services.filter(
            point_latitude__gte=min_lat,
            point_latitude__lte=max_lat,
            point_longitude__gte=min_lon,
            point_longitude__lte=max_lon,
        ),
    )
    if include_remote:
        seen = {row[0] for row in candidates}
        candidates += [
            row for row in _light_rows(user, services.filter(remote=True)) if row[0] not in seen
        ]
    found = []
    for pk, name, lat, lon, remote, zone in candidates:
        distance = distance_km(origin, (lat, lon)) if lat is not None else None
        if distance is not None and distance <= radius_km:
            if zone_covers(zone, commune):
                found.append((distance, name, pk))
        elif remote and zone_covers(zone, commune):
            found.append((None, name, pk))
    found.sort(key=lambda f: (f[0] is None, f[0] or 0, f[1]))
    return _load([(pk, distance) for distance, _name, pk in found[:limit]])


def _light_rows(user, matching) -> list[tuple]:
    """The few columns the ranking needs, of the services of `matching` whose structure is active.

    `matching` is a subquery: when it filters only on the indexed columns (the position or
    `remote`, `is_active`, the thématique links), PostgreSQL finds its ids by index-only scans
    (`partner_service_point` and `partner_service_remote` include `id` and `is_active`), and
    only the services it keeps are read from the table — not every service of the 30 km box.
    """
    columns = ("pk", "name", "point_latitude", "point_longitude", "remote", "eligibility_zone")
    return list(
        PartnerService.objects.visible_to(user)
        .filter(structure__is_active=True, pk__in=matching.values("pk"))
        .order_by()
        .values_list(*columns)
    )


def _load(ranked: list[tuple[int, float | None]]) -> list[ServiceHit]:
    """The services of `ranked` (id, distance), whole, in that order, with their thématiques."""
    services = PartnerService.objects.select_related(
        "structure", "structure__commune", "commune"
    ).in_bulk([pk for pk, _distance in ranked])
    return _with_thematiques(
        [ServiceHit(services[pk], distance) for pk, distance in ranked if pk in services]
    )


def _with_thematiques(hits: list[ServiceHit]) -> list[ServiceHit]:
    """Load the thématiques of the services returned only (one query, whatever the count)."""
    prefetch_related_objects([hit.service for hit in hits], "thematiques")
    return hits
