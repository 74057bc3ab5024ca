"""Typo-tolerant free-text search of partner services and structures on PostgreSQL."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS partner_service_search_key_trgm ON network_partnerservice "
    "USING gin (search_key gin_trgm_ops);",
    "CREATE INDEX IF NOT EXISTS partner_structure_search_key_trgm ON network_partnerstructure "
    "USING gin (search_key gin_trgm_ops);",
]
REVERSE = [
    "DROP INDEX IF EXISTS partner_service_search_key_trgm;",
    "DROP INDEX IF EXISTS partner_structure_search_key_trgm;",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
