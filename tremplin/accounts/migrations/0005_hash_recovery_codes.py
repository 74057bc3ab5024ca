from django.db import migrations


def hash_codes(apps, schema_editor):
    """Recovery codes stored in clear (8 characters) become their keyed digests (16)."""
    from tremplin.accounts.actions import recovery_digest

    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all():
        if len(token.token) != 16:
            token.token = recovery_digest(token.token)
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_structure_referral_answer_days"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_codes, migrations.RunPython.noop)]
