"""The persona cast shared by every test, and the test database set-up.

Structure A (a Mission Locale) follows `person`, whose référent is `counselor`. Structure B
(an ACI) is another tenant, with its own counselor and its own person. Every persona below
exists once per test; `login(client, user)` opens a session with a verified second factor.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from pytest_django.plugin import blocking_manager_key

from tremplin.audit import triggers as audit_triggers
from tremplin.core.permissions import Role
from tremplin.people import enums
from tremplin.people.models import Follow
from tremplin.referentials.loaders import load_referentials
from tremplin.referentials.models import Commune
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
    verified_login,
)

# Names that appear nowhere else: if one shows up in a response, data leaked.
CANARY_LAST_NAME = "Zwyrtkowska"
CANARY_HEALTH_NOTE = "Canari-santé : suivi psychiatrique hebdomadaire"
CANARY_JUSTICE_NOTE = "Canari-justice : sursis probatoire"
CANARY_B_LAST_NAME = "Quaglieriu"


def pytest_collection_modifyitems(items):
    # Browser tests use a transactional database that is emptied after each of them:
    # they run last so that the other tests keep the referentials loaded once per session.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_referentials()


_TRIGGERS_SUSPENDED = pytest.StashKey[bool]()


@pytest.fixture
def flushable_access_log(request):
    """For transactional tests, which end by emptying every table: the access log's
    append-only triggers refuse that. The test's own teardown calls `suspend()` just before
    the flush; the triggers are put back once every teardown is done (hook below)."""

    class Triggers:
        @staticmethod
        def suspend():
            audit_triggers.uninstall(connection)
            request.node.stash[_TRIGGERS_SUSPENDED] = True

    return Triggers


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the test database is already gone: nothing to put back.
    if nextitem is not None and item.stash.get(_TRIGGERS_SUSPENDED, False):
        with item.config.stash[blocking_manager_key].unblock():
            audit_triggers.install(connection)
    return result


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # No background engine loading: a test that estimates loads it itself.
    settings.RIGHTS_WARM_UP = False
    # Rate-limit counters (in the cache) start from zero in each test.
    cache.clear()


@pytest.fixture
def login():
    return verified_login


@pytest.fixture
def structure_a(db):
    return StructureFactory(name="Mission Locale Test A")


@pytest.fixture
def structure_b(db):
    return StructureFactory(name="Chantier d'insertion Test B")


def _member(structure, role, **user_fields):
    return MembershipFactory(structure=structure, role=role, user=UserFactory(**user_fields)).user


@pytest.fixture
def counselor(structure_a):
    return _member(structure_a, Role.COUNSELOR, first_name="Alice", last_name="Conseil")


@pytest.fixture
def colleague(structure_a):
    """A counselor of structure A who is not the person's référent."""
    return _member(structure_a, Role.COUNSELOR, first_name="Chloé", last_name="Collègue")


@pytest.fixture
def reception(structure_a):
    return _member(structure_a, Role.RECEPTION, first_name="Rémi", last_name="Accueil")


@pytest.fixture
def employer_liaison(structure_a):
    return _member(structure_a, Role.EMPLOYER_LIAISON, first_name="Élise", last_name="Entreprises")


@pytest.fixture
def manager(structure_a):
    return _member(structure_a, Role.MANAGER, first_name="Marc", last_name="Responsable")


@pytest.fixture
def structure_admin(structure_a):
    return _member(structure_a, Role.STRUCTURE_ADMIN, first_name="Anne", last_name="Admin")


@pytest.fixture
def other_counselor(structure_b):
    """A counselor of another structure (another tenant)."""
    return _member(structure_b, Role.COUNSELOR, first_name="Bob", last_name="Ailleurs")


@pytest.fixture
def structure_c(db):
    return StructureFactory(name="Association partenaire Test C")


@pytest.fixture
def partner(structure_c):
    """A counselor of a partner structure, to whom files may be shared by consent."""
    return _member(structure_c, Role.COUNSELOR, first_name="Paula", last_name="Partenaire")


@pytest.fixture
def nantes(db):
    return Commune.objects.get(pk="44109")


@pytest.fixture
def person(structure_a, counselor, nantes):
    """A person followed by structure A, with health and justice details."""
    person = PersonFactory(
        last_name=CANARY_LAST_NAME,
        first_name="Inès",
        commune=nantes,
        postal_code="44000",
        is_rsa_beneficiary=True,
        has_rqth=True,
        health_notes=CANARY_HEALTH_NOTE,
        justice_measure=enums.JusticeMeasure.SPIP,
        justice_notes=CANARY_JUSTICE_NOTE,
        created_by=counselor,
    )
    Follow.objects.create(person=person, structure=structure_a, referent=counselor)
    return person


@pytest.fixture
def person_b(structure_b, other_counselor):
    person = PersonFactory(
        last_name=CANARY_B_LAST_NAME, first_name="Bruno", created_by=other_counselor
    )
    Follow.objects.create(person=person, structure=structure_b, referent=other_counselor)
    return person


@pytest.fixture
def cast(
    counselor,
    colleague,
    reception,
    employer_liaison,
    manager,
    structure_admin,
    other_counselor,
    partner,
):
    """Every persona, by name."""
    return {
        "partner": partner,
        "counselor": counselor,
        "colleague": colleague,
        "reception": reception,
        "employer_liaison": employer_liaison,
        "manager": manager,
        "structure_admin": structure_admin,
        "other_counselor": other_counselor,
    }
