"""The invitation page: homonyms told apart, a summary of who was invited and who was not
(and why), and a clear word when the need filter finds nobody."""

from datetime import date

import pytest
from django.utils import timezone

from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.diagnosis.actions import DomainData
from tremplin.people.enums import Sex
from tremplin.people.models import Follow
from tremplin.referentials.models import Commune
from tremplin.testing.factories import PersonFactory
from tremplin.workshops import actions
from tremplin.workshops.enums import RegistrationStatus
from tremplin.workshops.models import Registration
from tremplin.workshops.tests.conftest import followed, make_session
from tremplin.workshops.tests.test_workflows import page_text

pytestmark = pytest.mark.django_db

NEED = "trouver-un-emploi--convaincre-un-recruteur-en-entretien"


def _url(session) -> str:
    return f"/ateliers/seances/{session.pk}/inviter/"


def test_homonyms_are_told_apart_by_birth_year_and_commune(
    client, login, counselor, membership, structure_a, design, tomorrow, nantes
):
    session = make_session(design, membership, day=tomorrow)
    rennes = Commune.objects.exclude(pk=nantes.pk).first()
    twins = []
    for born, commune in ((date(1990, 5, 1), nantes), (date(2001, 2, 3), rennes)):
        person = PersonFactory(
            first_name="Camille",
            last_name="Martin",
            birth_date=born,
            commune=commune,
            sex=Sex.FEMALE,
            created_by=counselor,
        )
        Follow.objects.create(person=person, structure=structure_a, referent=counselor)
        twins.append(person)
    (other,) = followed(structure_a, counselor, 1, first_name="Unique")
    login(client, counselor)
    response = client.get(_url(session), {"need": ""})
    labels = dict(response.context["form"].fields["people"].choices)
    assert labels[str(twins[0].pk)] == f"MARTIN Camille (née en 1990, {nantes.name})"
    assert labels[str(twins[1].pk)] == f"MARTIN Camille (née en 2001, {rennes.name})"
    # Someone without a homonym keeps a short label.
    assert labels[str(other.pk)] == f"{other.last_name.upper()} Unique"
    page = page_text(response)
    assert "1990" in page and "2001" in page


def test_a_homonym_without_commune_still_shows_the_year(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow)
    people = []
    for year in (1985, 1999):
        person = PersonFactory(
            first_name="Sam",
            last_name="Durand",
            birth_date=date(year, 1, 1),
            commune=None,
            sex=Sex.MALE,
            created_by=counselor,
        )
        Follow.objects.create(person=person, structure=structure_a, referent=counselor)
        people.append(person)
    login(client, counselor)
    labels = dict(client.get(_url(session), {"need": ""}).context["form"].fields["people"].choices)
    assert labels[str(people[0].pk)] == "DURAND Sam (né en 1985)"
    assert labels[str(people[1].pk)] == "DURAND Sam (né en 1999)"


def test_the_summary_says_how_many_were_invited_and_who_was_not_and_why(
    client,
    login,
    counselor,
    membership,
    structure_a,
    design,
    tomorrow,
    django_capture_on_commit_callbacks,
):
    # Four places: three of the five chosen, and one registered meanwhile; the fifth waits.
    session = make_session(design, membership, day=tomorrow, capacity=4)
    reachable, again, unreachable, late, full = followed(structure_a, counselor, 5)
    for index, person in enumerate((reachable, again, late, full)):
        person.email = f"p{index}@exemple.test"
        person.save()
    unreachable.first_name, unreachable.sex = "Léa", Sex.FEMALE
    unreachable.save()
    # Invited once, then cancelled: registered again, she is not invited a second time.
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(session=session, people=[again], by=counselor)
    actions.cancel_registration(registration=Registration.objects.get(person=again))
    login(client, counselor)
    url = _url(session) + "?need="
    chosen = [str(p.pk) for p in (reachable, again, unreachable, late, full)]
    client.get(url)
    # Meanwhile, a colleague registered one of them from the session page.
    actions.register(session=session, person=late, by=counselor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"people": chosen, "waiting_list": "on"}, follow=True)
    page = page_text(response)
    assert "Invitation envoyée à 1 personne." in page
    assert f"Léa {unreachable.last_name.upper()} : non prévenue" in page
    assert "Aucun e-mail ni téléphone portable dans le dossier" in page
    assert f"{again.first_name} {again.last_name.upper()} : déjà invité·e à cette séance" in page
    assert f"{late.first_name} {late.last_name.upper()} : déjà inscrit·e" in page
    assert f"{full.first_name} {full.last_name.upper()} : en liste d'attente" in page
    statuses = dict(Registration.objects.values_list("person_id", "status"))
    assert statuses[late.pk] == RegistrationStatus.REGISTERED
    assert statuses[full.pk] == RegistrationStatus.WAITING


def _needs(person, membership, need):
    domain = need.split("--")[0]
    diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=timezone.localdate(),
        demand="",
        synthesis="",
        domains={domain: DomainData({}, "", "", [], [need])},
        editable={domain},
    )


def test_a_need_nobody_has_is_said_and_the_filter_can_be_cleared(
    client, login, counselor, membership, structure_a, design, tomorrow
):
    session = make_session(design, membership, day=tomorrow)
    (someone,) = followed(structure_a, counselor, 1)
    _needs(someone, membership, "logement-hebergement--louer-un-logement")
    login(client, counselor)
    response = client.get(_url(session), {"need": NEED})
    page = page_text(response)
    assert "Personne de vos suivis n'a ce besoin dans son diagnostic." in page
    assert f'href="{_url(session)}?need="' in page and "Voir tous les besoins" in page
    assert "Inviter et inscrire</button>" not in page
    # Without the filter, the person is offered.
    response = client.get(_url(session), {"need": ""})
    assert [p.pk for p in response.context["candidates"]] == [someone.pk]
