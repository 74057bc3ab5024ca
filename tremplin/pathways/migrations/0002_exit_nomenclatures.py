from django.db import migrations


def load(apps, schema_editor):
    from tremplin.pathways.loaders import load_nomenclatures

    load_nomenclatures(apps)


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
