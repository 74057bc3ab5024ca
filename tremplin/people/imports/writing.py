"""Writing the checked rows, and an import's life: checked, then confirmed or abandoned."""

import hashlib
import json
import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tremplin.accounts.models import Structure
from tremplin.people.imports.checking import ValidRow, check
from tremplin.people.imports.report import ImportReport
from tremplin.people.models import Follow, PeopleImport, Person
from tremplin.people.nir import hash_nir, nir_tail

BATCH_SIZE = 2000


def write(rows: list[ValidRow], *, structure_id: int, user) -> int:
    """Create the files and their follows (with history rows), in one transaction.

    The same rows as `actions.create_person` without a consent: the person (created_by the
    importing user, search key set), one follow in the structure with the référent given
    (or none: « à attribuer »), one history row for each.
    """
    if connection.vendor == "postgresql":
        with transaction.atomic():
            return _copy_write(rows, structure_id=structure_id, user=user)
    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            people = []
            for row in batch:
                person = Person(created_by=user, **row.values)
                if row.nir:
                    person.nir_hash, person.nir_tail = hash_nir(row.nir), nir_tail(row.nir)
                # What Person.save() does, which bulk_create skips.
                for column, value in Person.name_keys(
                    person.last_name, person.birth_name, person.first_name
                ).items():
                    setattr(person, column, value)
                people.append(person)
            people = bulk_create_with_history(
                people,
                Person,
                batch_size=BATCH_SIZE,
                default_user=user,
                default_change_reason=HISTORY_REASON,
            )
            follows = [
                Follow(
                    person=person,
                    structure_id=structure_id,
                    referent_id=row.referent_id,
                    started_on=today,
                )
                for person, row in zip(people, batch, strict=True)
            ]
            bulk_create_with_history(
                follows,
                Follow,
                batch_size=BATCH_SIZE,
                default_user=user,
                default_change_reason=HISTORY_REASON,
            )
            created += len(people)
    return created


HISTORY_REASON = "import CSV"


def _next_ids(cursor, model, count: int) -> list[int]:
    table = model._meta.db_table
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor, model, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _copy_write(rows: list[ValidRow], *, structure_id: int, user) -> int:
    """PostgreSQL: the same rows as the ORM path above, sent with COPY (several times faster
    for a big file: no model instances, no INSERT parameters built by Django)."""
    now = timezone.now()
    today = timezone.localdate()
    person_fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in person_fields:
        if f.attname in {"created_at", "updated_at"}:
            defaults[f.attname] = now
        elif f.attname == "public_id":
            continue  # one per row
        elif f.get_internal_type() == "JSONField":
            defaults[f.attname] = json.dumps(f.get_default())
        else:
            defaults[f.attname] = f.get_default()
    person_columns = ["id"] + [f.attname for f in person_fields]
    history_model = Person.history.model
    history_columns = [
        f.attname for f in history_model._meta.concrete_fields if f.attname != "history_id"
    ]
    follow_columns = [
        "id",
        "created_at",
        "updated_at",
        "started_on",
        "ended_on",
        "end_reason",
        "person_id",
        "structure_id",
        "referent_id",
        "opened_sections",
    ]
    history_extra = {
        "history_date": now,
        "history_change_reason": HISTORY_REASON,
        "history_type": "+",
        "history_user_id": user.pk,
    }
    created = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            person_ids = _next_ids(cursor, Person, len(batch))
            follow_ids = _next_ids(cursor, Follow, len(batch))
            people = []
            for pk, row in zip(person_ids, batch, strict=True):
                values = dict(defaults, id=pk, public_id=uuid.uuid4(), created_by_id=user.pk)
                values.update(row.values)
                if row.nir:
                    values["nir_hash"], values["nir_tail"] = hash_nir(row.nir), nir_tail(row.nir)
                values.update(
                    Person.name_keys(
                        values["last_name"], values["birth_name"], values["first_name"]
                    )
                )
                people.append(values)
            _copy(cursor, Person, person_columns, ([p[c] for c in person_columns] for p in people))
            _copy(
                cursor,
                history_model,
                history_columns,
                ([{**p, **history_extra}[c] for c in history_columns] for p in people),
            )
            follows = [
                {
                    "id": follow_id,
                    "created_at": now,
                    "updated_at": now,
                    "started_on": today,
                    "ended_on": None,
                    "end_reason": "",
                    "person_id": person_id,
                    "structure_id": structure_id,
                    "referent_id": row.referent_id,
                    "opened_sections": None,  # the importing structure opens the file
                }
                for follow_id, person_id, row in zip(follow_ids, person_ids, batch, strict=True)
            ]
            _copy(cursor, Follow, follow_columns, ([f[c] for c in follow_columns] for f in follows))
            follow_history = Follow.history.model
            follow_history_columns = [
                f.attname for f in follow_history._meta.concrete_fields if f.attname != "history_id"
            ]
            _copy(
                cursor,
                follow_history,
                follow_history_columns,
                ([{**f, **history_extra}[c] for c in follow_history_columns] for f in follows),
            )
            created += len(batch)
    return created


STALE_AFTER = timedelta(hours=24)


class AlreadyFinished(Exception):
    """The import was already confirmed or abandoned (a second click, another tab)."""


def lock_structure(structure_id: int) -> None:
    """Two imports into one structure run one after the other: the second one's check then
    sees the files the first one created, and does not create them twice."""
    Structure.objects.select_for_update().filter(pk=structure_id).exists()


def purge_stale() -> int:
    """Abandon the checked files never confirmed within 24 hours, and delete their content."""
    return PeopleImport.objects.filter(
        status=PeopleImport.Status.READY, created_at__lt=timezone.now() - STALE_AFTER
    ).update(status=PeopleImport.Status.ABANDONED, content=None, finished_at=timezone.now())


def _store_report(record, report: ImportReport) -> None:
    record.report = report.as_dict()
    record.rows_read = report.rows_read
    record.to_create = report.to_create
    record.already_present = report.already_present
    record.error_count = report.error_count + (1 if report.file_error else 0)
    record.warning_count = report.warning_count


def start_import(*, content: bytes, file_name: str, membership):
    """Check the file and keep it for the confirmation if it is valid (nothing is created)."""
    result = check(content, structure_id=membership.structure_id)
    report = result.report
    record = PeopleImport(
        structure_id=membership.structure_id,
        created_by=membership.user,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    _store_report(record, report)
    if not report.ok:
        record.status = PeopleImport.Status.INVALID
        record.finished_at = timezone.now()
    elif report.to_create == 0:
        # Every line is already in the structure's files: nothing to confirm.
        record.status = PeopleImport.Status.IMPORTED
        record.finished_at = timezone.now()
    else:
        record.status = PeopleImport.Status.READY
        record.content = content
    record.save()
    return record


def confirm_import(*, record_id: int, user):
    """Create the files of a checked import, once: the row lock makes a second click wait,
    then find the import finished. The file is checked again (the structure's files may
    have changed since), and written all or nothing."""
    with transaction.atomic():
        record = PeopleImport.objects.select_for_update().get(pk=record_id)
        if record.status != PeopleImport.Status.READY or record.content is None:
            raise AlreadyFinished
        lock_structure(record.structure_id)
        result = check(bytes(record.content), structure_id=record.structure_id)
        _store_report(record, result.report)
        record.content = None
        record.finished_at = timezone.now()
        if not result.report.ok:
            record.status = PeopleImport.Status.INVALID
        else:
            record.created_count = write(result.rows, structure_id=record.structure_id, user=user)
            result.report.created = record.created_count
            record.report = result.report.as_dict()
            record.status = PeopleImport.Status.IMPORTED
        record.save()
    return record


def abandon_import(*, record_id: int):
    with transaction.atomic():
        record = PeopleImport.objects.select_for_update().get(pk=record_id)
        if record.status != PeopleImport.Status.READY:
            raise AlreadyFinished
        record.status = PeopleImport.Status.ABANDONED
        record.content = None
        record.finished_at = timezone.now()
        record.save(update_fields=["status", "content", "finished_at"])
    return record


def import_at_once(*, content: bytes, file_name: str, membership, dry_run: bool = False):
    """Check and, if the file is valid and not a dry run, write it now (management command).

    Returns the report and the PeopleImport recorded (None for a dry run or a refused file).
    """
    with transaction.atomic():
        if not dry_run:
            lock_structure(membership.structure_id)
        result = check(content, structure_id=membership.structure_id)
        report = result.report
        if dry_run or not report.ok:
            return report, None
        report.created = write(
            result.rows, structure_id=membership.structure_id, user=membership.user
        )
        record = PeopleImport(
            structure_id=membership.structure_id,
            created_by=membership.user,
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            status=PeopleImport.Status.IMPORTED,
            created_count=report.created,
            finished_at=timezone.now(),
        )
        _store_report(record, report)
        record.save()
    return report, record
