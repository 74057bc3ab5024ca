"""Demo data for the right of access: two requests in the Mission Locale's register, one
answered and one that runs late, so that the manager's list shows a deadline passed."""

from datetime import timedelta

from django.utils import timezone

from tremplin.dataexport.models import AccessRequest, RequestChannel, RequestKind, due_date
from tremplin.people.models import Person


def create_data_requests(*, structure, manager) -> None:
    people = list(
        Person.objects.filter(follows__structure=structure, follows__ended_on__isnull=True)
        .order_by("last_name", "pk")
        .distinct()[:2]
    )
    if len(people) < 2:
        return
    today = timezone.localdate()
    for person, days_ago, kind, channel, answered in (
        (people[0], 45, RequestKind.ACCESS, RequestChannel.MAIL, False),
        (people[1], 20, RequestKind.BOTH, RequestChannel.ON_SITE, True),
    ):
        received = today - timedelta(days=days_ago)
        AccessRequest.objects.create(
            person=person,
            structure=structure,
            kind=kind,
            channel=channel,
            received_on=received,
            due_on=due_date(received),
            recorded_by=manager,
            answered_at=timezone.now() - timedelta(days=days_ago - 5) if answered else None,
            answered_by=manager if answered else None,
            note="Pièce d'identité vérifiée sur place." if answered else "",
        )
