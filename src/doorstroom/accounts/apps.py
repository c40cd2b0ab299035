from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "doorstroom.accounts"
    verbose_name = "accounts en auditlog"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from doorstroom.accounts import signals  # noqa: F401  (connects the log-in audit)
        from doorstroom.accounts.groups import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
