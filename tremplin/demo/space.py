"""Demo of the person's own space (« Mon espace »): the young person in CEJ has an active
space — a visit already made, an upcoming appointment, a CV in the file, the readers of the
file and a consent withdrawn from the space. `tremplin space_link` prints a fresh link."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.agenda.models import Appointment, Participant
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.demo.wording import working_at
from tremplin.pathways.models import Pathway
from tremplin.people import actions as people_actions
from tremplin.people import enums
from tremplin.people.models import Consent
from tremplin.portal.enums import SendChannel, SpaceEventKind, SpaceStatus
from tremplin.portal.models import SpaceAccess, SpaceEvent

# A one-page PDF that says « CV (démonstration) ».
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 52>>stream\nBT /F1 24 Tf 72 760 Td (CV - demonstration) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_space_person(structure):
    pathway = (
        Pathway.objects.filter(structure=structure, framework="cej")
        .exclude(status="closed")
        .order_by("pk")
        .select_related("person")
        .first()
    )
    return pathway.person if pathway else None


def create_space(*, structure, counselor, reception) -> None:
    person = demo_space_person(structure)
    if person is None:
        return
    membership = Membership.objects.get(user=counselor, structure=structure)
    now = timezone.now()
    if not person.email:
        person.email = "demo.espace@example.org"
        person.save(update_fields=["email", "updated_at"])
    # An appointment next week, on site.
    if not Participant.objects.filter(person=person, appointment__starts_at__gte=now).exists():
        day = timezone.localdate() + timedelta(days=6)
        while day.weekday() >= 5:  # a working day
            day += timedelta(days=1)
        start = timezone.make_aware(datetime.combine(day, time(9, 30)))
        appointment = Appointment.objects.create(
            structure=structure,
            organizer=counselor,
            starts_at=start,
            ends_at=start + timedelta(minutes=45),
            place=f"{structure.address}, {structure.postal_code} {structure.commune.name}",
            created_by=counselor,
        )
        Participant.objects.create(appointment=appointment, person=person)
    people_actions.add_document(
        person=person,
        membership=membership,
        uploaded=SimpleUploadedFile("cv.pdf", _PDF, content_type="application/pdf"),
        kind=enums.DocumentKind.CV,
        title="CV mis à jour avec l'atelier",
    )
    # The SMS reminders: given at the first interview, then withdrawn by the person.
    sms = Consent.objects.create(
        person=person,
        structure=structure,
        purpose=enums.ConsentPurpose.SMS,
        channel=enums.ConsentChannel.ORAL,
        recorded_by=counselor,
        given_at=now - timedelta(days=40),
    )
    access = SpaceAccess.objects.create(
        person=person,
        structure=structure,
        status=SpaceStatus.ACTIVE,
        invited_at=now - timedelta(days=20),
        invited_by=counselor,
        activated_at=now - timedelta(days=19),
        last_seen_at=now - timedelta(days=2),
    )
    SpaceEvent.objects.create(
        access=access,
        kind=SpaceEventKind.INVITED,
        at=access.invited_at,
        by=counselor,
        channel=SendChannel.EMAIL,
    )
    SpaceEvent.objects.create(access=access, kind=SpaceEventKind.LOGIN, at=access.activated_at)
    SpaceEvent.objects.create(access=access, kind=SpaceEventKind.LOGIN, at=access.last_seen_at)
    people_actions.withdraw_consent(consent=sms, by=None, channel=enums.ConsentChannel.PERSON_SPACE)
    SpaceEvent.objects.create(
        access=access, kind=SpaceEventKind.CONSENT_WITHDRAWN, note=sms.get_purpose_display()
    )
    # Who read the file: the référent and the reception desk, some days ago.
    for days, hour, user, section in (
        (12, 10, counselor, Section.PATHWAY),
        (9, 14, reception, Section.AGENDA),
        (5, 9, counselor, Section.DIAGNOSIS),
        (3, 16, counselor, Section.DOCUMENTS),
    ):
        AccessLog.objects.create(
            user=user,
            structure=structure,
            person_id=person.pk,
            section=section,
            at=working_at(timezone.localdate(now) - timedelta(days=days), hour, backward=True),
        )
