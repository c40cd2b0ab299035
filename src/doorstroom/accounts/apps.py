from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "doorstroom.accounts"
    verbose_name = "accounts en auditlog"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from doorstroom.accounts import signals  # noqa: F401  (connects the log-in audit)
        from doorstroom.accounts.groups import dutch_permission_names, ensure_role_groups

        # After every app's migrations, not only ours: the beheerder's permissions on the
        # reference data of apps migrated after accounts exist only then.
        post_migrate.connect(ensure_role_groups, dispatch_uid="doorstroom-role-groups")
        # After django.contrib.auth's own handler, which creates the permissions in English:
        # auth comes before accounts in INSTALLED_APPS, so it connected first.
        post_migrate.connect(dutch_permission_names, dispatch_uid="doorstroom-permission-names")
