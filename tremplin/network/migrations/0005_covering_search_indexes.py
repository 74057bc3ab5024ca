"""Indexes for the partner search by need and distance (P5 in bench/RESULTS.md).

The box and remote-services indexes include `id` and `is_active` (INCLUDE: PostgreSQL only;
Django creates them without it on SQLite), and the thématique links get an index led by the
thématique: the services of a box that offer a thématique are found by index-only scans.
The links table is the ManyToManyField's own (no Meta to declare it in), hence the SQL —
the same on SQLite and PostgreSQL.
"""

from django.db import migrations, models

THEMATIQUE_LINKS_INDEX = "partner_service_thematique_link"


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_hash_recovery_codes'),
        ('network', '0004_remote_services_index'),
        ('referentials', '0002_trigram_search'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='partnerservice',
            name='partner_service_point',
        ),
        migrations.RemoveIndex(
            model_name='partnerservice',
            name='partner_service_remote',
        ),
        migrations.AddIndex(
            model_name='partnerservice',
            index=models.Index(fields=['point_latitude', 'point_longitude'], include=('id', 'is_active'), name='partner_service_point'),
        ),
        migrations.AddIndex(
            model_name='partnerservice',
            index=models.Index(condition=models.Q(('remote', True)), fields=['id'], include=('is_active',), name='partner_service_remote'),
        ),
        migrations.RunSQL(
            f"CREATE INDEX {THEMATIQUE_LINKS_INDEX} ON network_partnerservice_thematiques "
            "(thematique_id, partnerservice_id);",
            f"DROP INDEX {THEMATIQUE_LINKS_INDEX};",
        ),
    ]
