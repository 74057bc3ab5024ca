from django.db import migrations


def reload_nomenclatures(apps, schema_editor):
    """The shipped tables now hold the CEJ's exits."""
    from tremplin.pathways.loaders import load_nomenclatures

    load_nomenclatures(apps)


class Migration(migrations.Migration):
    dependencies = [("pathways", "0008_objective_not_reached")]

    operations = [migrations.RunPython(reload_nomenclatures, migrations.RunPython.noop)]
