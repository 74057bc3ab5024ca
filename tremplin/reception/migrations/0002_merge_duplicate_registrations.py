"""One file is registered at most once per information session (defect M6).

Registrations made from a contact later linked to a file that was also registered are merged
into the earliest: it keeps the attendance that says the most (present, excused, absent) and
names the file. Only the duplicate registration rows are deleted; contacts and files are left
untouched. Registrations without a file are left alone, even with the same name and phone: a
father and his son may share both.

The rule is copied here as it stood when the migration was written, so that later changes to
``tremplin.reception.registrations`` never change what this migration did.
"""

from django.db import migrations

STRENGTH = {"present": 3, "excused": 2, "absent": 1, "registered": 0}


def merge_session(registrations) -> None:
    kept = {}
    for registration in registrations:
        person_id = registration.person_id or (
            registration.contact.person_id if registration.contact_id else None
        )
        if person_id is None:
            continue
        original = kept.setdefault(person_id, registration)
        if original is registration:
            continue
        if STRENGTH.get(registration.attendance, 0) > STRENGTH.get(original.attendance, 0):
            original.attendance = registration.attendance
            original.save(update_fields=["attendance"])
        registration.delete()
    for person_id, original in kept.items():
        if original.person_id is None:
            original.person_id = person_id
            original.save(update_fields=["person"])


def merge(apps, schema_editor):
    InfoSession = apps.get_model("reception", "InfoSession")
    Registration = apps.get_model("reception", "Registration")
    for session_id in InfoSession.objects.order_by("pk").values_list("pk", flat=True):
        merge_session(
            list(
                Registration.objects.filter(session_id=session_id)
                .select_related("contact")
                .order_by("registered_at", "pk")
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0001_initial"),
        ("people", "0002_trigram_search"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
