"""The network app: the partner directory and the referrals (orientations) to partners."""

from tremplin.network.models.directory import (
    EARTH_RADIUS_KM,
    MANUAL_SOURCE,
    PartnerContact,
    PartnerService,
    PartnerStructure,
    distance_km,
)
from tremplin.network.models.referrals import (
    OPEN_STATUSES,
    TRANSITIONS,
    Referral,
    ReferralEvent,
    ReferralStatus,
    RefusalReason,
)

__all__ = [
    "OPEN_STATUSES",
    "TRANSITIONS",
    "Referral",
    "ReferralEvent",
    "ReferralStatus",
    "RefusalReason",
    "EARTH_RADIUS_KM",
    "MANUAL_SOURCE",
    "PartnerContact",
    "PartnerService",
    "PartnerStructure",
    "distance_km",
]
