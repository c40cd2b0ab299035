"""The log-in forms: the password step (Django's, with the username's length checked) and
the second step, one six-digit code."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LogInForm(AuthenticationForm):
    """Django's form sets the username's maximum length after its validators were made, so a
    longer name reaches authentication and the lock-out store (a 255-character column): a
    server error on PostgreSQL. Such a name cannot exist; it is refused like a wrong password,
    before anything is tried or stored."""

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        if isinstance(username, str) and len(username) > self.username_field.max_length:
            raise self.get_invalid_login_error()
        return super().clean()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit de app",
        help_text="De zes cijfers die uw authenticator-app nu toont.",
        max_length=8,
        error_messages={"required": "Vul de code uit de app in."},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit()) or len(code) != 6:
            raise forms.ValidationError("Een code bestaat uit zes cijfers.")
        return code
