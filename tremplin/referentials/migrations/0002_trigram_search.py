"""Typo-tolerant autocomplete on PostgreSQL for communes and ROME appellations."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS commune_search_key_trgm ON referentials_commune "
    "USING gin (search_key gin_trgm_ops);",
    "CREATE INDEX IF NOT EXISTS appellation_search_key_trgm ON referentials_romeappellation "
    "USING gin (search_key gin_trgm_ops);",
]
REVERSE = [
    "DROP INDEX IF EXISTS commune_search_key_trgm;",
    "DROP INDEX IF EXISTS appellation_search_key_trgm;",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("referentials", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
