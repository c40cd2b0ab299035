from django.conf import settings
from django.db import migrations

from doorstroom.accounts.triggers import install_append_only_triggers


def install(apps, schema_editor):
    if settings.ENVIRONMENT != "test":
        install_append_only_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
