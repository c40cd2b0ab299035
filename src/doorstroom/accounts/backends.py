"""Django's model backend, loading the user's region with the user (every page shows it)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ModelBackendWithRegion(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        user = model._default_manager.select_related("region").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
