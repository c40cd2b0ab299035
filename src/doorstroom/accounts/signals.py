"""Log-ins, failed log-ins, lock-outs and log-outs go into the audit log."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from doorstroom.accounts.audit import record_login
from doorstroom.accounts.models import AuditAction


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_login(request, user, AuditAction.LOGIN, user.get_username())


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        action = getattr(request, "logout_action", AuditAction.LOGOUT)  # or: idle timeout
        record_login(request, user, action, user.get_username())


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    record_login(request, None, AuditAction.LOGIN_FAILED, str(credentials.get("username", "")))


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    record_login(request, None, AuditAction.LOCKED_OUT, str(username or ""))
