"""Retention: a file is anonymised two years after the last activity on it.

The CNIL's référentiel for social accompaniment (2021) keeps a person's data for the time of
the accompaniment, then two years after the last contact, then anonymised or deleted. Here
the last activity of a file is the latest date anything in it was written, by any structure
(its own rows and every holder of the inventory: notes, appointments, pathway, documents…),
the end of its last follow, or an appointment still to come — a generous reading of « last
contact », which errs on the side of keeping. A file is due when no structure follows it any
more, its last activity is older than the period, and no structure holds it longer.

Anonymising keeps the skeleton the reports count (dates, categories, exit results, hours),
and erases everything that says who the person is or what they said: every free text and
file of every holder, the history of every change, and the identity on the file itself
(names, contact, address, identifiers, notes; the birth date becomes the 1st of July of its
year, so that age bands still count).
"""

from __future__ import annotations

import datetime
import logging
import secrets
import uuid
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone

from tremplin.pathways.exits import add_months
from tremplin.privacy.inventory import holders
from tremplin.privacy.models import Anonymisation, RetentionHold

# Fields that carry no personal data although they are free text: kept by anonymisation.
KEPT_FIELDS = {
    ("people.Consent", "sections"),
    ("projects.TargetJob", "contract_types"),
    ("fse.Survey", "channels"),
    ("privacy.Anonymisation", "erased"),
    ("people.ExceptionalAccess", "sections"),
}
KEPT_NAMES = {"content_type", "engine_version", "step"}
# Dates that say the person was in contact although no row was written on them.
EXTRA_ACTIVITY = {
    "people.Follow": ("ended_on",),
    "agenda.Participant": ("appointment__starts_at",),
    "workshops.Registration": ("session__half_days__date",),
    "reception.Registration": ("session__starts_at",),
}
# Dates that are deadlines or validity ends, not something that happened.
NOT_EVENTS = ("expire", "until")
# Where the database requires a text (a signature says how it was made, a skill has a
# label), the text is replaced by a mark that says it was erased. A drawn signature loses its
# drawing and becomes a typed mark: the sign-in sheet still shows that someone signed.
ERASED_MARK = "Effacé (anonymisation)"
OVERRIDES = {
    "pathways.ContractSignature": {"signer_name": ERASED_MARK},
    "workshops.Signature": {"typed_name": ERASED_MARK, "method": "typed"},
    "projects.PersonSkill": {"label": ERASED_MARK},
}
# Retention's own records are no activity on the file (a hold would keep it for ever).
# A read of the file is no activity either (the access log is not), nor the access that let
# a colleague read it.
NOT_ACTIVITY = {"privacy.RetentionHold", "privacy.Anonymisation", "people.ExceptionalAccess"}
# The anonymisation register and the holds are not part of what is erased.
NOT_ERASED = {"privacy.Anonymisation"}
CHUNK = 500
logger = logging.getLogger("tremplin.privacy")


def retention_months() -> int:
    return settings.TREMPLIN_RETENTION_MONTHS


def cutoff(today: datetime.date | None = None) -> datetime.date:
    """Files whose last activity is before this date are past the retention period."""
    today = today or timezone.localdate()
    return add_months(today, -retention_months())


def due_on(last_activity: datetime.date) -> datetime.date:
    return add_months(last_activity, retention_months())


def _as_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@cache
def activity_fields(model) -> tuple[str, ...]:
    """The dates of a model that say something happened: every moment (date and time) it
    records, and the automatic dates; not deadlines nor ends of validity."""
    names = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and (
            isinstance(field, models.DateTimeField)
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        )
        and not any(word in field.name for word in NOT_EVENTS)
    ]
    return (*names, *EXTRA_ACTIVITY.get(model._meta.label, ()))


def last_activity(person_ids, *, since: datetime.date | None = None) -> dict[int, datetime.date]:
    """The date of the last activity on each file (its own and every holder's rows).

    With `since`, a file known to have an activity on or after that date is not looked at
    any further (its date is then only a lower bound): the review wants the files with
    none, and most files are ruled out by their first holders (direct rows first)."""
    from tremplin.people.models import Person

    person_ids = list(person_ids)
    latest: dict[int, datetime.date] = {}

    def keep(person_id, value):
        value = _as_date(value)
        if value is not None and (person_id not in latest or value > latest[person_id]):
            latest[person_id] = value

    for pid, created, updated in Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "created_at", "updated_at"
    ):
        keep(pid, created)
        keep(pid, updated)
    for holder in sorted(holders(), key=lambda holder: len(holder.path)):
        fields = activity_fields(holder.model)
        if not fields or holder.label in NOT_ACTIVITY:
            continue
        if since is not None:
            person_ids = [p for p in person_ids if p not in latest or latest[p] < since]
            if not person_ids:
                break
        annotations = {f"d{index}": Max(name) for index, name in enumerate(fields)}
        rows = (
            holder.rows_of(person_ids)
            .order_by()
            .values(holder.person_lookup)
            .annotate(**annotations)
        )
        for row in rows:
            for index in range(len(fields)):
                keep(row[holder.person_lookup], row[f"d{index}"])
    return latest


def held_person_ids(person_ids, today=None) -> set[int]:
    return set(
        RetentionHold.objects.active(today)
        .filter(person_id__in=list(person_ids))
        .values_list("person_id", flat=True)
    )


def _candidates(before: datetime.date, structure_id=None):
    """Files no structure follows any more and not written to since `before` (a pre-filter)."""
    from tremplin.people.models import Follow, Person

    start = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    people = Person.objects.filter(
        merged_into__isnull=True,
        anonymisation__isnull=True,
        updated_at__lt=start,
        created_at__lt=start,
    ).exclude(
        # Still followed, or a follow ended since `before`: its end is activity enough.
        Exists(
            Follow.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=before), person=OuterRef("pk")
            )
        )
    )
    if structure_id is not None:
        # From the structure's ended follows (an index), not from every file of the country.
        people = people.filter(
            pk__in=Follow.objects.filter(structure_id=structure_id, ended_on__lt=before).values(
                "person_id"
            )
        )
    return people


@dataclass(frozen=True)
class RetentionState:
    person_id: int
    last_activity: datetime.date
    due_on: datetime.date
    held: bool


def review(*, structure_id=None, today=None, horizon_days=0, limit=None) -> list[RetentionState]:
    """Files due (or due within `horizon_days`), oldest activity first."""
    today = today or timezone.localdate()
    before = cutoff(today) + datetime.timedelta(days=horizon_days)
    ids = list(
        _candidates(before, structure_id).order_by("updated_at", "pk").values_list("pk", flat=True)
    )
    states: list[RetentionState] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        activity = last_activity(chunk, since=before)
        held = held_person_ids(chunk, today)
        for pid in chunk:
            last = activity.get(pid)
            if last is not None and last < before:
                states.append(RetentionState(pid, last, due_on(last), pid in held))
        if limit is not None and len(states) >= limit:
            break
    states.sort(key=lambda state: (state.last_activity, state.person_id))
    return states[:limit] if limit is not None else states


@cache
def erasure(model) -> dict:
    """The values that erase every free text and file of a model (categories and dates stay)."""
    label = model._meta.label
    values = {}
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.is_relation
            or field.choices
            or field.unique
            or (label, field.name) in KEPT_FIELDS
            or field.name in KEPT_NAMES
            or "sha256" in field.name
            or "nonce" in field.name
        ):
            continue
        if isinstance(field, models.FileField):
            values[field.name] = ""
        elif isinstance(field, models.JSONField):
            default = field.get_default()
            values[field.name] = default if default is not None or field.null else {}
        elif isinstance(field, (models.CharField, models.TextField)):
            values[field.name] = None if field.null else ""
    values.update(OVERRIDES.get(label, {}))
    return values


def nonce_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if "nonce" in f.name and isinstance(f, models.CharField)
    ]


def _rotate_nonces(model, rows) -> None:
    """Links sent out (to a partner, a tutor, the person) are signed with a nonce: a new
    one makes them open nothing any more."""
    for name in nonce_fields(model):
        for pk in rows.exclude(**{name: ""}).values_list("pk", flat=True):
            models.QuerySet(model).filter(pk=pk).update(**{name: secrets.token_hex(16)})


def _has_version(model) -> bool:
    """A counter of optimistic locking: bumped, so that an edit form opened before fails."""
    return any(
        f.name == "version" and not f.is_relation and isinstance(f, models.IntegerField)
        for f in model._meta.concrete_fields
    )


def _file_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _erase_person(person, *, today) -> None:
    from tremplin.people.models import Person

    values = dict(erasure(Person))
    values.update(
        # Both names are required on a file: what lists and documents show from now on.
        last_name="Anonyme",
        first_name="Personne",
        justice_measure="",
        commune=None,
        # Health data, and the exact dates that single a person out, go too.
        has_rqth=False,
        rqth_until=None,
        is_aah_beneficiary=False,
        rsa_since=None,
        jobseeker_since=None,
        residence_checked_on=None,
        birth_date=datetime.date(person.birth_date.year, 7, 1),
        public_id=uuid.uuid4(),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    Person.objects.filter(pk=person.pk).update(**values)


# Links to a company, an offer or a partner: with dates and a birth year, they would say
# who the person was. Nulled where the database allows it.
UNLINKED_APPS = {"employers", "network"}
# A consent to share names its partner (a database constraint): it stays, as the proof.
KEEP_LINKS = {"people.Consent"}


@cache
def _unlinked(model) -> dict:
    if model._meta.label in KEEP_LINKS:
        return {}
    return {
        field.name: None
        for field in model._meta.concrete_fields
        if field.is_relation and field.null and field.related_model._meta.app_label in UNLINKED_APPS
    }


def _erase_own_appointments(person_ids) -> None:
    """Appointments of this person alone: their subject and place said what and where."""
    from tremplin.agenda.models import Appointment, Participant

    others = Participant.objects.filter(appointment=OuterRef("pk")).exclude(
        person_id__in=person_ids
    )
    own = Appointment.objects.filter(participants__person_id__in=person_ids).exclude(Exists(others))
    ids = list(own.values_list("pk", flat=True))
    values = dict(erasure(Appointment))
    values["place"] = ERASED_MARK  # the database wants a place or a link
    models.QuerySet(Appointment).filter(pk__in=ids).update(**values)
    Appointment.history.model.objects.filter(id__in=ids).delete()


def _withdraw_documents(person_ids) -> None:
    """The files are gone: the documents leave the file's list (nothing to download)."""
    from tremplin.people.models import Document

    models.QuerySet(Document).filter(person_id__in=person_ids, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )


def _close_space(person_ids) -> None:
    """The person's own space closes for good, and any session open in it ends."""
    from tremplin.portal.enums import SpaceStatus
    from tremplin.portal.models import SpaceAccess, SpaceLink

    SpaceAccess.objects.filter(person_id__in=person_ids).exclude(status=SpaceStatus.REVOKED).update(
        status=SpaceStatus.REVOKED,
        revoked_at=timezone.now(),
        session_epoch=F("session_epoch") + 1,
    )
    SpaceLink.objects.filter(access__person_id__in=person_ids).delete()


class NotDue(Exception):
    """The file is not (or no longer) due for anonymisation."""


def anonymise(person_id: int, *, by=None, structure_id=None, today=None) -> Anonymisation:
    """Anonymise one file, all or nothing; its files are removed from storage once committed."""
    from tremplin.people.models import Follow, Person

    today = today or timezone.localdate()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person_id)
        if (
            person.merged_into_id is not None
            or Anonymisation.objects.filter(person=person).exists()
        ):
            raise NotDue("Ce dossier est déjà anonymisé ou fusionné dans un autre.")
        ids = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
        if Follow.objects.filter(person_id__in=ids, ended_on__isnull=True).exists():
            raise NotDue("Une structure suit encore cette personne.")
        if held_person_ids(ids, today):
            raise NotDue("Une structure a prolongé la conservation de ce dossier.")
        last = max(last_activity(ids).values())
        if last >= cutoff(today):
            raise NotDue(
                f"La dernière activité sur ce dossier date de moins de {retention_months()} mois."
            )

        erased: dict[str, int] = {}
        files: list[tuple[object, str]] = []
        for holder in holders():
            if holder.label in NOT_ERASED:
                continue
            # A plain queryset: the managers of evidence (sign-in sheets, signed contracts)
            # refuse every update, and anonymisation is the one change the law asks of them.
            rows = models.QuerySet(holder.model).filter(
                pk__in=list(holder.rows_of(ids).values_list("pk", flat=True))
            )
            row_ids = list(rows.values_list("pk", flat=True))
            if not row_ids:
                continue
            for name in _file_fields(holder.model):
                storage = holder.model._meta.get_field(name).storage
                for stored in rows.exclude(**{name: ""}).values_list(name, flat=True):
                    files.append((storage, stored))
            values = dict(erasure(holder.model))
            values.update(_unlinked(holder.model))
            if _has_version(holder.model):
                values["version"] = F("version") + 1
            if values:
                rows.update(**values)
            _rotate_nonces(holder.model, rows)
            if holder.history_model is not None:
                history = holder.history_model.objects
                history.filter(id__in=row_ids).delete()
                # Rows deleted earlier keep their history: reached through the person.
                history.filter(**{f"{holder.person_lookup}__in": ids}).delete()
            erased[holder.label] = len(row_ids)
        for each in Person.objects.filter(pk__in=ids):
            _erase_person(each, today=today)
        _close_space(ids)
        _erase_own_appointments(ids)
        _withdraw_documents(ids)
        if Follow.objects.filter(person_id__in=ids, ended_on__isnull=True).exists():
            raise NotDue("Une structure a repris le suivi pendant l'anonymisation.")
        Person.history.model.objects.filter(id__in=ids).delete()
        record = Anonymisation.objects.create(
            person=person,
            last_activity_on=last,
            structure_id=structure_id,
            by=by,
            erased=erased,
            files_deleted=len(files),
        )

        def remove_files():
            failed = 0
            for storage, name in files:
                try:
                    storage.delete(name)
                except OSError:
                    failed += 1
            if failed:
                logger.error("anonymisation %s: %s file(s) could not be deleted", record.pk, failed)

        transaction.on_commit(remove_files)
    return record


def erase_old_anonymous_contacts(today=None) -> int:
    """Reception contacts never linked to a file: their names and words go after the period."""
    from tremplin.reception.models import Contact

    start = timezone.make_aware(datetime.datetime.combine(cutoff(today), datetime.time.min))
    values = erasure(Contact)
    untouched = Q(**{name: value for name, value in values.items()})
    old = Contact.objects.filter(person__isnull=True, created_at__lt=start).exclude(untouched)
    with transaction.atomic():
        ids = list(old.values_list("pk", flat=True))
        Contact.objects.filter(pk__in=ids).update(**values)
        Contact.history.model.objects.filter(id__in=ids).delete()
    return len(ids)
