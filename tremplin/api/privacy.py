"""API of data protection: where retention stands in the structure, and the open requests
of access and portability with their deadlines.

For the tools a manager or a data protection officer already uses (a dashboard, a
register). Ids only, never a name: whoever needs the person opens the file.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone
from ninja import Field, Router, Schema

from tremplin.api.common import require
from tremplin.core.permissions import Perm
from tremplin.dataexport.models import AccessRequest
from tremplin.privacy.views import structure_retention

router = Router(tags=["Protection des données"])


class RetentionFileOut(Schema):
    person_id: int
    last_activity: date = Field(..., description="Dernière activité sur le dossier")
    due_on: date = Field(..., description="Fin de la durée de conservation")
    held: bool = Field(..., description="Conservation prolongée par une structure")


class RetentionOut(Schema):
    retention_months: int
    due: int = Field(..., description="Dossiers échus suivis par la structure")
    due_not_held: int = Field(..., description="… dont à anonymiser (non prolongés)")
    due_within_90_days: int
    holds: int = Field(..., description="Conservations prolongées par la structure")
    anonymised_last_12_months: int
    anonymised_total: int
    files: list[RetentionFileOut] = Field(
        ..., description="Les dossiers échus puis bientôt échus (vide sans accès aux dossiers)"
    )


@router.get(
    "/conservation",
    response=RetentionOut,
    summary="Où en est la conservation des dossiers de la structure",
)
def retention(request):
    require(request, Perm.RETENTION_MANAGE)
    membership = request.user.active_membership
    state = structure_retention(membership)
    files = state["due"] + state["soon"] if membership.can(Perm.PERSON_VIEW) else []
    return {
        "retention_months": state["months"],
        "due": len(state["due"]),
        "due_not_held": sum(1 for s in state["due"] if not s.held),
        "due_within_90_days": len(state["soon"]),
        "holds": state["hold_count"],
        "anonymised_last_12_months": state["anonymised_year"],
        "anonymised_total": state["anonymised_total"],
        "files": files,
    }


class AccessRequestOut(Schema):
    id: int
    person_id: int
    kind: str = Field(..., description="access, portability ou both")
    channel: str
    received_on: date
    due_on: date = Field(..., description="Réponse due avant cette date (un mois)")
    late: bool
    answered_at: datetime | None

    @staticmethod
    def resolve_late(request_):
        return request_.answered_at is None and request_.due_on < timezone.localdate()


@router.get(
    "/demandes-donnees",
    response=list[AccessRequestOut],
    summary="Les demandes d'accès et de portabilité de la structure, l'échéance la plus proche "
    "d'abord",
)
def access_requests(request, answered: bool = False):
    """Par défaut, celles qui attendent une réponse ; `answered=true` : celles des douze
    derniers mois qui ont reçu la leur."""
    require(request, Perm.DATA_EXPORT)
    requests = AccessRequest.objects.visible_to(request.user)
    if answered:
        year_ago = timezone.now() - timedelta(days=365)
        return list(requests.filter(answered_at__gte=year_ago).order_by("-answered_at", "-pk"))
    return list(requests.open().order_by("due_on", "pk"))
