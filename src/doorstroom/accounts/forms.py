"""The form of the second log-in step: one six-digit code."""

from django import forms


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
