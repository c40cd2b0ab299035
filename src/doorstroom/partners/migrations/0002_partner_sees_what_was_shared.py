import uuid

from django.db import migrations, models


def give_public_ids(apps, schema_editor):
    """Every referral gets its own random id for the partner's page (a few per case)."""
    Referral = apps.get_model("partners", "Referral")
    for pk in Referral.objects.values_list("pk", flat=True):
        Referral.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referral",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
        migrations.AddField(
            model_name="referral",
            name="shares_name",
            field=models.BooleanField(default=False, verbose_name="naam gedeeld"),
        ),
        migrations.AddField(
            model_name="referral",
            name="shares_date_of_birth",
            field=models.BooleanField(default=False, verbose_name="geboortedatum gedeeld"),
        ),
        migrations.AddField(
            model_name="referral",
            name="shares_contact",
            field=models.BooleanField(default=False, verbose_name="telefoon en e-mail gedeeld"),
        ),
    ]
