from django.db import migrations

from doorstroom.accounts.triggers import drop_case_history_triggers, install_case_history_triggers


def install(apps, schema_editor):
    install_case_history_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    drop_case_history_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_plan_partners_and_links")]

    operations = [migrations.RunPython(install, drop)]
