"""One person is registered at most once per information session (defect M6).

Registrations made from two contacts of the same person, or from a contact later linked to
a file that was also registered, are merged into the earliest one. Only the duplicate
registration rows are deleted; contacts and files are left untouched.
"""

from django.db import migrations

from tremplin.reception.registrations import merge_duplicates


def merge(apps, schema_editor):
    InfoSession = apps.get_model("reception", "InfoSession")
    Registration = apps.get_model("reception", "Registration")
    for session_id in InfoSession.objects.order_by("pk").values_list("pk", flat=True):
        merge_duplicates(
            list(
                Registration.objects.filter(session_id=session_id)
                .select_related("person", "contact__person")
                .order_by("registered_at", "pk")
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0001_initial"),
        ("people", "0002_trigram_search"),
    ]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
