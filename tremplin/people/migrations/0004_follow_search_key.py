"""A copy of the person's search key on each follow, with a GIN index on (structure, key).

A structure's name search then reads one index that holds both the structure and the name
trigrams (btree_gin lets the integer column sit in the GIN index), instead of every person
of the country whose name looks alike. PostgreSQL only; SQLite needs nothing but the column.
"""

from django.db import migrations, models

FILL = (
    "UPDATE people_follow SET search_key = (SELECT p.search_key FROM people_person p "
    "WHERE p.id = people_follow.person_id)"
)
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin;",
    "CREATE INDEX IF NOT EXISTS follow_search_key_trgm ON people_follow "
    "USING gin (structure_id, search_key gin_trgm_ops);",
]
REVERSE = ["DROP INDEX IF EXISTS follow_search_key_trgm;"]


def fill(apps, schema_editor):
    schema_editor.execute(FILL)


def _postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0003_consent_partner_directory")]

    operations = [
        migrations.AddField(
            model_name="follow",
            name="search_key",
            field=models.CharField(default="", editable=False, max_length=400),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(_postgresql(FORWARD), _postgresql(REVERSE)),
    ]
