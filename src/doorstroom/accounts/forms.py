"""The log-in forms: the password step, and the second step's six-digit code."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit de app",
        help_text="De zes cijfers die uw authenticator-app nu toont.",
        max_length=8,
        error_messages={"required": "Vul de code uit de app in."},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Een code bestaat uit zes cijfers.")
        return code


class LoginForm(AuthenticationForm):
    """Django's log-in form, with the username's length checked before anyone authenticates:
    Django sets the limit only on the widget, so a username of thousands of characters
    reached django-axes, whose table (varchar 255) refused it on PostgreSQL with a 500."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = self.fields["username"].max_length
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, f"Een gebruikersnaam heeft hoogstens {limit} tekens.")
        )
