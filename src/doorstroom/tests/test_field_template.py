"""includes/field.html, the one form field of our own pages: a text box or textarea carries
the field's limit as maxlength, so the browser stops where the server would refuse; a select
draws its grouped choices as optgroups."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from doorstroom.formfields import limited_text


class Form(forms.Form):
    name = limited_text("Naam", 40)
    explanation = limited_text("Toelichting", 300, multiline=True)
    secret = forms.CharField(label="Wachtwoord", max_length=128)
    free = forms.CharField(label="Opmerking", required=False)
    days = forms.IntegerField(label="Dagen", max_value=366)


def control(name: str, **context) -> str:
    html = render_to_string("includes/field.html", {"field": Form()[name], **context})
    return re.search(r"<(input|textarea)\b[^>]*>", html).group(0)


@pytest.mark.parametrize(
    ("name", "context", "limit"),
    [("name", {}, 40), ("explanation", {}, 300), ("secret", {"type": "password"}, 128)],
    ids=["text box", "textarea", "password"],
)
def test_a_limited_field_tells_the_browser_its_limit(name, context, limit):
    assert f'maxlength="{limit}"' in control(name, **context)


@pytest.mark.parametrize("name", ["free", "days"])
def test_a_field_without_a_length_limit_has_no_maxlength(name):
    assert "maxlength" not in control(name)


class GroupedForm(forms.Form):
    route = forms.ChoiceField(
        label="Pagina",
        required=False,
        choices=[("", "Alle"), ("Dossiers", [("cases:", "Alle dossiers"), ("cases:task", "Taak")])],
    )


def test_a_select_draws_grouped_choices_as_optgroups_with_the_chosen_one_selected():
    html = render_to_string(
        "includes/field.html", {"field": GroupedForm({"route": "cases:task"})["route"]}
    )
    assert '<option value="">Alle</option><optgroup label="Dossiers">' in html
    assert '<option value="cases:task" selected>Taak</option></optgroup>' in html
    assert "[(" not in html
