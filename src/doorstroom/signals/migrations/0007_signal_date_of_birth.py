# The work queue's sort on age reads a copy of the person's date of birth on the signal.

from django.db import migrations, models

FILL = """UPDATE signals_signal SET date_of_birth = (
    SELECT p.date_of_birth FROM people_person p WHERE p.id = signals_signal.person_id)"""


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0014_person_bsn_hash_unique'),
        ('signals', '0006_run_covered_regions'),
    ]

    operations = [
        migrations.AddField(
            model_name='signal',
            name='date_of_birth',
            field=models.DateField(null=True, help_text='Om de werkvoorraad op leeftijd te sorteren.', verbose_name='geboortedatum jongere'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='signal',
            name='date_of_birth',
            field=models.DateField(help_text='Om de werkvoorraad op leeftijd te sorteren.', verbose_name='geboortedatum jongere'),
        ),
    ]
