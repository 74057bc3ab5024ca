"""Test data built from business states (used by the root conftest and every app's tests)."""

from datetime import date

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts.models import Membership, Structure, StructureKind, User
from tremplin.core.permissions import Role
from tremplin.core.validators import example_siret
from tremplin.people import enums
from tremplin.people.models import Consent, Follow, Person

PASSWORD = "Mot-de-passe-de-test-2026!"


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure d'insertion {n}")
    kind = StructureKind.MISSION_LOCALE
    siret = factory.Sequence(lambda n: example_siret(n))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pro{n}@exemple.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)
    role = Role.COUNSELOR


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
    birth_date = date(1995, 4, 12)
    sex = enums.Sex.UNSPECIFIED


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    person = factory.SubFactory(PersonFactory)
    structure = factory.SubFactory(StructureFactory)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    purpose = enums.ConsentPurpose.ACCOMPANIMENT
    channel = enums.ConsentChannel.PAPER


def verified_login(client, user):
    """Log `user` in with a verified second factor, as after a real TOTP check."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def space_login(client, person, *, structure=None):
    """Open `person`'s own space in `client`, as after a link and the right birth date."""
    from django.utils import timezone

    from tremplin.portal.enums import SpaceStatus
    from tremplin.portal.models import SpaceAccess
    from tremplin.portal.session import SESSION_KEY

    if structure is None:
        structure = person.follows.order_by("pk").first().structure
    now = timezone.now()
    access, _ = SpaceAccess.objects.update_or_create(
        person=person,
        defaults={
            "structure": structure,
            "status": SpaceStatus.ACTIVE,
            "invited_at": now,
            "activated_at": now,
        },
    )
    # After a logout the test client keeps an emptied cookie: drop it to get a new session.
    from django.conf import settings

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None and not cookie.value:
        del client.cookies[settings.SESSION_COOKIE_NAME]
    session = client.session
    session[SESSION_KEY] = {
        "access": access.pk,
        "epoch": access.session_epoch,
        "seen": int(now.timestamp()),
    }
    session.save()
    return client


def accepted_referral(
    *,
    person,
    structure,
    by,
    appointment_at,
    partner_name="CLLAJ",
    service_name="Logement",
    phone="",
):
    """A referral the partner accepted, with the appointment it gave (and the consent to share
    that any sent referral carries)."""
    from tremplin.network.models import PartnerService, PartnerStructure, Referral

    partner = PartnerStructure.objects.get_or_create(
        source="dora",
        source_id=f"test-{partner_name}",
        defaults={"name": partner_name, "phone": phone},
    )[0]
    service = PartnerService.objects.get_or_create(
        structure=partner, source="dora", source_id=f"test-{partner_name}-s", name=service_name
    )[0]
    consent = Consent.objects.create(
        person=person,
        structure=structure,
        purpose=enums.ConsentPurpose.SHARE_WITH_PARTNER,
        partner_directory=partner,
        channel=enums.ConsentChannel.ORAL,
        recorded_by=by,
    )
    return Referral.objects.create(
        person=person,
        structure=structure,
        created_by=by,
        service=service,
        partner=partner,
        motive="Trouver un studio.",
        consent=consent,
        status="accepted",
        appointment_at=appointment_at,
    )
