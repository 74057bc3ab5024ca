from tremplin.core.permissions import Perm
from tremplin.diagnosis.models import Alert


def open_alerts(request):
    """The number of urgencies not yet dealt with, shown to managers in the menu."""
    user = getattr(request, "user", None)
    membership = (
        getattr(user, "active_membership", None) if user and user.is_authenticated else None
    )
    if membership is None or not membership.can(Perm.ALERTS_VIEW):
        return {}
    return {
        "open_alert_count": Alert.objects.filter(
            structure_id=membership.structure_id, resolved_at__isnull=True
        ).count()
    }
