"""The « Droits » tab pre-fills a first estimate from the file and the diagnosis the user
may read, and says so above the form."""

import html
import re
from datetime import date

import pytest

from conftest import CANARY_HEALTH_NOTE
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.diagnosis.models import Diagnosis, DiagnosisVersion, DomainAssessment
from tremplin.people.access import file_access
from tremplin.people.models import Follow
from tremplin.rights import engine
from tremplin.rights.forms import initial_from
from tremplin.rights.models import RightsEstimate
from tremplin.rights.prefill import diagnosis_source

pytestmark = pytest.mark.django_db

NOTE = "Repris du diagnostic du 12/10/2026 : logement, situation familiale."


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(person) -> str:
    return f"/personnes/{person.pk}/droits/"


def write_diagnosis(person, structure, author, *, validated=True) -> DiagnosisVersion:
    diagnosis = Diagnosis.objects.create(person=person, structure=structure)
    version = DiagnosisVersion.objects.create(
        diagnosis=diagnosis, number=1, created_by=author, interview_date=date(2026, 10, 12)
    )
    for domain, facts, situation in (
        ("logement-hebergement", {"housing": "family", "eviction_risk": "no"}, ""),
        ("famille", {"single_parent": "yes", "children": 2}, ""),
        ("difficultes-financieres", {"resources": "under_600"}, ""),
        ("sante", {"care_ongoing": "yes"}, CANARY_HEALTH_NOTE),
    ):
        DomainAssessment.objects.create(
            version=version, domain=domain, facts=facts, situation=situation
        )
    if validated:
        version.record_validation(channel="screen", by=author)
    return version


def selected_housing(page: str) -> str | None:
    match = re.search(r'<option value="(\w+)" selected>', page)
    return match and match.group(1)


def checked_couple(page: str) -> str | None:
    match = re.search(r'<input type="radio" name="in_couple" value="(\d)"[^>]*checked', page)
    return match and match.group(1)


@pytest.fixture(autouse=True)
def _engine_installed(monkeypatch):
    # The form shows only with the engine; the pre-fill needs no calculation.
    monkeypatch.setattr(engine, "is_available", lambda: True)


def test_the_first_estimate_starts_from_the_diagnosis_and_the_file(
    client, login, counselor, person, structure_a
):
    person.is_ass_beneficiary = True
    person.save()
    write_diagnosis(person, structure_a, counselor)
    login(client, counselor)
    before = AccessLog.objects.filter(person_id=person.pk, section=Section.DIAGNOSIS).count()

    page = text(client.get(url(person)))

    assert NOTE in page
    assert "Repris du dossier : commune." in page
    assert "Le diagnostic compte 2 enfants à charge : saisissez leurs dates de naissance." in page
    assert "perçoit l'ASS : demandez-lui le montant mensuel." in page
    assert selected_housing(page) == "loge_gratuitement"
    assert checked_couple(page) == "0"
    # No amount invented: the ASS, the rent and the salary stay empty.
    for name in ("ass", "salary", "rent"):
        assert re.search(rf'<input type="text" name="{name}"(?![^>]*value=)[^>]*>', page), name
    # The health domain of the diagnosis never shows; the read is logged as the diagnosis's.
    assert CANARY_HEALTH_NOTE not in page
    after = AccessLog.objects.filter(person_id=person.pk, section=Section.DIAGNOSIS).count()
    assert after == before + 1
    assert not AccessLog.objects.filter(
        person_id=person.pk, section=Section.HEALTH, user=counselor
    ).exists()


def test_a_diagnosis_not_yet_validated_says_so(client, login, counselor, person, structure_a):
    write_diagnosis(person, structure_a, counselor, validated=False)
    login(client, counselor)
    page = text(client.get(url(person)))
    assert "Repris du diagnostic du 12/10/2026 (pas encore validé par la personne)" in page
    assert selected_housing(page) == "loge_gratuitement"


def test_without_a_diagnosis_only_the_commune_comes_from_the_file(client, login, counselor, person):
    login(client, counselor)
    page = text(client.get(url(person)))
    assert "Repris du diagnostic" not in page
    assert "Repris du dossier : commune." in page
    assert selected_housing(page) is None  # the form's own first choice, not a pre-fill


def test_the_diagnosis_of_another_structure_is_not_read(
    client, login, counselor, other_counselor, person, structure_a, structure_b
):
    # Structure B follows the person too and wrote its own diagnosis: structure A's
    # counselor may not read it (no sharing), so nothing comes from it.
    Follow.objects.create(person=person, structure=structure_b, referent=other_counselor)
    write_diagnosis(person, structure_b, other_counselor)
    login(client, counselor)
    page = text(client.get(url(person)))
    assert "Repris du diagnostic" not in page
    assert "enfants à charge" not in page.split("<form")[0]
    assert selected_housing(page) is None
    assert not AccessLog.objects.filter(
        person_id=person.pk, section=Section.DIAGNOSIS, user=counselor
    ).exists()


def test_a_user_who_may_not_read_the_diagnosis_gets_nothing_from_it(counselor, person, structure_a):
    write_diagnosis(person, structure_a, counselor)
    counselor.active_membership = counselor.memberships.get()
    access = file_access(counselor, person)
    assert diagnosis_source(counselor, access) is not None
    closed = access.__class__(
        person=access.person,
        sections=access.sections - {Section.DIAGNOSIS},
        follows=access.follows,
        is_referent=access.is_referent,
        role=access.role,
    )
    logged = AccessLog.objects.count()
    assert diagnosis_source(counselor, closed) is None
    assert AccessLog.objects.count() == logged


def test_the_diagnosis_read_keeps_to_the_housing_and_family_domains(counselor, person, structure_a):
    write_diagnosis(person, structure_a, counselor)
    counselor.active_membership = counselor.memberships.get()
    source = diagnosis_source(counselor, file_access(counselor, person))
    assert set(source.facts) == {"logement-hebergement", "famille"}
    assert source.interview_date == date(2026, 10, 12) and source.validated


def test_a_previous_estimate_stays_the_start_and_the_diagnosis_differences_are_named(
    client, login, counselor, person, structure_a
):
    household = engine.Household(
        person=engine.Member(birth_date=date(1991, 6, 2), salary=700),
        children_birth_dates=(date(2019, 3, 12),),
        housing="locataire_hlm",
        rent=420,
        commune_code="44109",
    )
    RightsEstimate.objects.create(
        person=person,
        structure=structure_a,
        month=date(2026, 11, 1),
        household=household.as_json(),
        result={"amounts": {}},
        total=0,
        engine_version="test",
        created_by=counselor,
    )
    assert initial_from(household)["housing"] == "locataire_hlm"
    write_diagnosis(person, structure_a, counselor)
    login(client, counselor)
    page = text(client.get(url(person)))
    assert selected_housing(page) == "locataire_hlm"
    assert 'value="700,00"' in page
    assert NOTE not in page
    assert (
        "Le diagnostic du 12/10/2026 indique une autre situation que la dernière estimation : "
        "logement « Hébergé·e gratuitement (famille, amis…) ». Vérifiez avec la personne."
    ) in page


def test_a_bound_form_keeps_what_the_counselor_typed(client, login, counselor, person, structure_a):
    write_diagnosis(person, structure_a, counselor)
    login(client, counselor)
    response = client.post(
        url(person),
        {"in_couple": "0", "housing": "locataire_vide", "rent": "", "commune": "Nantes"},
    )
    assert response.status_code == 200
    assert selected_housing(text(response)) == "locataire_vide"
