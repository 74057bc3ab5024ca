from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tremplin.agenda.sms import MemorySmsBackend
from tremplin.people import enums
from tremplin.people.models import Consent


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.TREMPLIN_SMS_BACKEND = "tremplin.agenda.sms.MemorySmsBackend"
    MemorySmsBackend.outbox = []
    return MemorySmsBackend.outbox


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def tomorrow():
    return timezone.localdate() + timedelta(days=1)


@pytest.fixture
def sms_consent(person, structure_a, counselor):
    person.phone = "06 12 34 56 78"
    person.email = "ines@exemple.test"
    person.save()
    return Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose=enums.ConsentPurpose.SMS,
        channel=enums.ConsentChannel.ORAL,
        recorded_by=counselor,
    )
