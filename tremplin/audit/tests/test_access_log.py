from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tremplin.audit.models import AccessLog, AppendOnlyError


@pytest.fixture
def row(counselor, structure_a, person):
    return AccessLog.objects.create(
        user=counselor, structure=structure_a, person_id=person.pk, section="identity"
    )


def test_rows_cannot_be_changed_or_deleted_from_python(row):
    row.section = "health"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(section="health")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()


def test_the_database_itself_refuses_updates_and_early_deletes(row):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslog SET section = 'health' WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [row.pk])
    assert AccessLog.objects.get(pk=row.pk).section == "identity"


def test_the_table_cannot_be_truncated_on_postgresql(row):
    if connection.vendor != "postgresql":
        return  # SQLite has no TRUNCATE: DELETE is guarded above
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_accesslog")
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_rows_older_than_a_year_can_be_purged(counselor, structure_a, person):
    old = AccessLog.objects.create(
        user=counselor,
        structure=structure_a,
        person_id=person.pk,
        section="identity",
        at=timezone.now() - timedelta(days=400),
    )
    recent = AccessLog.objects.create(
        user=counselor, structure=structure_a, person_id=person.pk, section="identity"
    )
    assert AccessLog.objects.purge_expired() == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_purge_command_removes_only_expired_rows(counselor, structure_a, person):
    from io import StringIO

    from django.core.management import call_command

    AccessLog.objects.create(
        user=counselor,
        structure=structure_a,
        person_id=person.pk,
        section="identity",
        at=timezone.now() - timedelta(days=500),
    )
    AccessLog.objects.create(
        user=counselor, structure=structure_a, person_id=person.pk, section="identity"
    )
    out = StringIO()
    call_command("purge_access_log", stdout=out)
    assert (
        "1 trace de consultation de plus d'un an supprimée." in out.getvalue()
        and AccessLog.objects.count() == 1
    )
