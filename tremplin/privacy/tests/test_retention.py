import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tremplin.people.models import Follow, Person
from tremplin.privacy.inventory import holders
from tremplin.privacy.models import Anonymisation, HoldReason, RetentionHold
from tremplin.privacy.retention import (
    NOT_ACTIVITY,
    NotDue,
    activity_fields,
    anonymise,
    erasure,
    nonce_fields,
    review,
)
from tremplin.reception.models import Contact
from tremplin.testing.factories import FollowFactory, PersonFactory, UserFactory

LATER = timezone.localdate() + datetime.timedelta(days=31 * 30)  # two and a half years on


def _richest_person():
    """The demo's person with rows in the most holders (files, diagnosis, pathway…)."""
    counts = {}
    for holder in holders():
        for pid in holder.rows_of(Person.objects.values("pk")).values_list(
            holder.person_lookup, flat=True
        ):
            counts.setdefault(pid, set()).add(holder.label)
    return Person.objects.get(pk=max(counts, key=lambda pid: len(counts[pid])))


def _texts(person_ids):
    """Every non-empty value anonymisation must erase, holder by holder."""
    found = {}
    for holder in holders():
        values = erasure(holder.model)
        for row in holder.rows_of(person_ids).values("pk", *values):
            for name, erased in values.items():
                if row[name] not in ("", None, {}, [], erased):
                    found.setdefault(holder.label, set()).add((row["pk"], name))
    return found


def _history_rows(person_ids):
    total = Person.history.model.objects.filter(id__in=person_ids).count()
    for holder in holders():
        if holder.history_model is not None:
            ids = list(holder.rows_of(person_ids).values_list("pk", flat=True))
            total += holder.history_model.objects.filter(id__in=ids).count()
    return total


@pytest.fixture
def flushable(flushable_access_log, transactional_db):
    yield
    flushable_access_log.suspend()


def test_anonymising_a_rich_demo_file_erases_every_text_file_and_history_but_keeps_the_facts(
    flushable,
):
    call_command("demo", "--people", "40", stdout=StringIO())
    person = _richest_person()
    birth_year = person.birth_date.year
    before = _texts([person.pk])
    assert len(before) >= 8, before.keys()  # many kinds of rows hold free text
    assert _history_rows([person.pk]) > 0
    counts = {h.label: h.rows_of([person.pk]).count() for h in holders()}
    stored = [doc.file.name for doc in person.documents.all()]
    assert stored and all(person.documents.model.file.field.storage.exists(n) for n in stored)
    Follow.objects.filter(person=person).update(ended_on=timezone.localdate())
    nonces = {
        (h.label, name, pk): value
        for h in holders()
        for name in nonce_fields(h.model)
        for pk, value in h.rows_of([person.pk]).exclude(**{name: ""}).values_list("pk", name)
    }
    assert nonces  # links were sent for this person (partner, tutor, space…)

    [state] = [s for s in review(today=LATER) if s.person_id == person.pk]
    assert not state.held
    record = anonymise(person.pk, today=LATER)

    assert _texts([person.pk]) == {}
    assert _history_rows([person.pk]) == 0
    # The links sent out open nothing any more: every nonce is new.
    for (label, name, pk), value in nonces.items():
        model = next(h.model for h in holders() if h.label == label)
        assert model._default_manager.filter(pk=pk).values_list(name, flat=True).get() != value
    # Rows stay (the reports count them), with their categories and dates.
    assert {h.label: h.rows_of([person.pk]).count() for h in holders()} == {
        **counts,
        "privacy.Anonymisation": 1,
    }
    assert record.files_deleted >= len(stored)
    assert not any(person.documents.model.file.field.storage.exists(n) for n in stored)
    person.refresh_from_db()
    assert person.last_name == "Anonyme" and person.first_name == "Personne"
    assert person.email == person.phone == person.address == ""
    assert person.commune is None and person.nir_tail == ""
    assert person.birth_date == datetime.date(birth_year, 7, 1)
    assert not person.has_rqth and person.rsa_since is None
    # The documents leave the file's list (their files are gone), links to companies too.
    assert not person.documents.filter(deleted_at__isnull=True).exists()
    from tremplin.agenda.models import Appointment
    from tremplin.employment.models import Employment

    assert not Employment.objects.filter(person=person, company__isnull=False).exists()
    own = Appointment.objects.filter(participants__person=person).exclude(
        participants__person__in=Person.objects.exclude(pk=person.pk)
    )
    assert own.exists() and set(own.values_list("subject", flat=True)) == {""}
    assert not Person.objects.search(record.person.last_name[:3] + "x").filter(pk=person.pk)
    assert set(record.erased) >= set(before)
    # Once is enough: the register holds it, a second run refuses.
    with pytest.raises(NotDue):
        anonymise(person.pk, today=LATER)
    assert person.pk not in {s.person_id for s in review(today=LATER)}


@pytest.mark.django_db
def test_a_followed_recent_or_held_file_is_not_anonymised(structure_a):
    person = PersonFactory()
    follow = FollowFactory(person=person, structure=structure_a)
    with pytest.raises(NotDue, match="suit encore"):
        anonymise(person.pk, today=LATER)
    assert person.pk not in {s.person_id for s in review(today=LATER)}

    Follow.objects.filter(pk=follow.pk).update(ended_on=timezone.localdate())
    with pytest.raises(NotDue, match="moins de 24 mois"):
        anonymise(person.pk)
    assert person.pk not in {s.person_id for s in review()}
    assert person.pk in {s.person_id for s in review(today=LATER)}
    # A file becomes due two years after its last activity: the end of the follow.
    [state] = [s for s in review(today=LATER) if s.person_id == person.pk]
    assert state.last_activity == timezone.localdate()

    RetentionHold.objects.create(
        person=person,
        structure=structure_a,
        reason=HoldReason.FUNDER_AUDIT,
        until=LATER + datetime.timedelta(days=365),
        created_by=UserFactory(),
    )
    [state] = [s for s in review(today=LATER) if s.person_id == person.pk]
    assert state.held
    with pytest.raises(NotDue, match="prolongé"):
        anonymise(person.pk, today=LATER)
    person.refresh_from_db()
    assert person.last_name != "Anonyme"
    assert not Anonymisation.objects.exists()


@pytest.mark.django_db
def test_the_nightly_command_counts_without_names_and_dry_run_changes_nothing(structure_a):
    person = PersonFactory(last_name="Zébulon")
    FollowFactory(person=person, structure=structure_a, ended_on=timezone.localdate())
    old = timezone.now() - datetime.timedelta(days=800)
    Person.objects.filter(pk=person.pk).update(created_at=old, updated_at=old)
    Follow.objects.filter(person=person).update(
        created_at=old, updated_at=old, ended_on=old.date(), started_on=old.date()
    )
    anonymous = Contact.objects.create(
        structure=structure_a,
        channel="phone",
        received_by=UserFactory(),
        next_step="information",
        last_name="Passant",
        phone="0612345678",
        demand="Renseignement",
    )
    Contact.objects.filter(pk=anonymous.pk).update(created_at=old)

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "1 dossier(s) à anonymiser" in out.getvalue()
    assert Person.objects.get(pk=person.pk).last_name == "Zébulon"

    out = StringIO()
    call_command("apply_retention", stdout=out)
    text = out.getvalue()
    assert "1 dossier(s) anonymisé(s)" in text and "1 contact(s) d'accueil" in text
    assert "Zébulon" not in text and "Passant" not in text
    assert Person.objects.get(pk=person.pk).last_name == "Anonyme"
    anonymous.refresh_from_db()
    assert anonymous.last_name == anonymous.phone == anonymous.demand == ""


def test_every_holder_or_its_parent_row_has_a_date_that_counts_as_activity():
    dated = {h.label for h in holders() if activity_fields(h.model)}
    missing = []
    for holder in holders():
        parent = holder.model._meta.get_field(holder.path[0]).related_model._meta.label
        if holder.label not in dated | NOT_ACTIVITY and parent not in dated:
            missing.append(holder.label)
    assert missing == []
    assert "workshops.Registration" in dated and "diagnosis.DiagnosisVersion" in dated
