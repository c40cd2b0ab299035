"""What a caller with a key may do: asked of the one access module, like every view."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from doorstroom.accounts import access
from doorstroom.accounts.roles import Action


class MayReport(BasePermission):
    """An account allowed to use the API (roles.Action.USE_API) and to report a young person."""

    message = "Dit account mag geen meldingen doen via de API."

    def has_permission(self, request: Request, view: Any) -> bool:
        return access.can(request.user, Action.USE_API) and access.can(
            request.user, Action.REPORT_PERSON
        )
