"""Typo-tolerant name search on PostgreSQL: pg_trgm and a GIN index on the search key.

SQLite needs nothing here: the similarity function is registered on each connection
(tremplin.core.search).
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS person_search_key_trgm ON people_person "
    "USING gin (search_key gin_trgm_ops);",
]
REVERSE = ["DROP INDEX IF EXISTS person_search_key_trgm;"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
