"""The form fields every app shares: Dutch amounts, records chosen by id, texts of lines."""

import re

import pytest


# Amounts as Dutch people write them (the plan's cost).
@pytest.mark.parametrize(
    "typed, amount",
    [
        ("1500", "1500"),
        ("1.500", "1500"),
        ("1.500,00", "1500.00"),
        ("1500,5", "1500.5"),
        ("€ 1.250,75", "1250.75"),
        ("12.5", "12.5"),
        ("1.000.000", "1000000"),
    ],
)
def test_euro_field_reads_dutch_amounts(typed, amount):
    from decimal import Decimal

    from doorstroom.formfields import EuroField

    assert EuroField(required=False).clean(typed) == Decimal(amount)


# A record chosen by an id that no database holds is a wrong choice, not a server error.
@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["9223372036854775808", "1e3", "-1", "\u0661", " 1", "x"])
def test_a_record_id_no_database_holds_is_a_wrong_choice(typed):
    from django.core.exceptions import ValidationError

    from doorstroom.formfields import RecordChoiceField, RecordsChoiceField
    from doorstroom.regions.models import Region

    with pytest.raises(ValidationError, match="Kies een"):
        RecordChoiceField(queryset=Region.objects.all()).clean(typed)
    with pytest.raises(ValidationError, match="Kies een"):
        RecordsChoiceField(queryset=Region.objects.all()).clean([typed])


# A browser counts a textarea's line break as one character but sends CRLF: the field agrees.
def test_a_text_of_lines_as_long_as_its_limit_in_a_browser_is_taken_with_lf_line_breaks():
    from django.core.exceptions import ValidationError

    from doorstroom.formfields import MultilineText, limited_text

    typed = ("regel\n" * 50)[:299] + "."
    field = MultilineText(max_length=300)
    assert field.clean(typed.replace("\n", "\r\n")) == typed
    assert field.clean(typed.replace("\n", "\r")) == typed
    with pytest.raises(ValidationError):
        field.clean(typed.replace("\n", "\r\n") + "x")
    named = limited_text("Toelichting", 300, multiline=True)
    assert named.clean(typed.replace("\n", "\r\n")) == typed


# What a delivery refuses in a value (csvfiles.ODD_CHARACTER), a form refuses in a typed text
# too: an invisible or control character; line breaks and tabs only in a text of lines.
@pytest.mark.parametrize(
    "typed, code",
    [("Jan\u202esen", "U+202E"), ("Jan\u200bsen", "U+200B"), ("Jan\x07sen", "U+0007"),
     ("Jan\ufeffsen", "U+FEFF"), ("Jan\x85sen", "U+0085"), ("Jan\u2028sen", "U+2028")],
)  # fmt: skip
def test_a_text_with_an_invisible_or_control_character_is_refused_naming_it(typed, code):
    from django.core.exceptions import ValidationError

    from doorstroom.formfields import limited_text

    for field in (
        limited_text("Achternaam", 200),
        limited_text("Toelichting", 200, multiline=True),
    ):
        with pytest.raises(ValidationError, match=re.escape(f"stuurteken ({code}); typ")):
            field.clean(typed)


def test_line_breaks_and_tabs_are_refused_on_one_line_and_kept_in_a_text_of_lines():
    from django.core.exceptions import ValidationError

    from doorstroom.formfields import limited_text

    with pytest.raises(ValidationError, match="Achternaam past op één regel"):
        limited_text("Achternaam", 200).clean("de\nWit")
    with pytest.raises(ValidationError, match=re.escape("(U+0009)")):
        limited_text("Achternaam", 200).clean("de\tWit")
    assert limited_text("Toelichting", 200, multiline=True).clean("a\r\n\tb") == "a\n\tb"
    assert limited_text("Achternaam", 200).clean("Çelik-Øster 😀") == "Çelik-Øster 😀"


# An emoji sequence (Unicode TS #51) joins pictographs with U+200D and asks for the emoji
# look with U+FE0F: kept inside a sequence; alone, or joining letters, they are invisible.
@pytest.mark.parametrize(
    ("typed", "refused"),
    [
        ("Heeft er zin in 👩\u200d💻", None),  # woman technologist: ZWJ between two pictographs
        ("Top ❤\ufe0f", None),  # red heart: the emoji variation selector after its symbol
        ("👨\u200d👩\u200d👧\u200d👦 gezin", None),  # a family: three joiners in a row
        ("👩🏽\u200d🚒 brandweer", None),  # a skin tone before the joiner
        ("🏳\ufe0f\u200d🌈", None),  # a selector before the joiner
        ("🧑\u200d🤝\u200d🧑 samen", None),
        ("1\ufe0f\u20e3 keer", None),  # keycap one
        ("↔\ufe0e", None),  # the text variation selector after a symbol
        ("🇳🇱 en 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", None),
        ("\u200d", "U+200D"),  # alone
        ("\ufe0f", "U+FE0F"),
        ("Jan\u200dsen", "U+200D"),  # joining letters: the name would not match its search
        ("Jan\ufe0fsen", "U+FE0F"),  # a selector after a letter
        ("👩\u200d", "U+200D"),  # joining nothing
        ("\u200d💻", "U+200D"),
        ("👩 \u200d💻", "U+200D"),  # after a space
        ("goed \ufe0f", "U+FE0F"),
        ("👩\u200d💻\u200b", "U+200B"),  # any other invisible character stays refused
        ("❤\ufe0f\u202e", "U+202E"),
    ],
)
def test_zwj_and_variation_selectors_are_kept_inside_an_emoji_sequence_only(typed, refused):
    """One rule for every way in: a web form, the API's field made from it, a delivery row."""
    from django.core.exceptions import ValidationError
    from rest_framework.exceptions import ValidationError as ApiError

    from doorstroom.api.serializers import _json_field
    from doorstroom.deliveries.validation import row_problem
    from doorstroom.formfields import limited_text

    for field in (
        limited_text("Toelichting", 200, multiline=True),
        limited_text("Reden", 200),
    ):
        api = _json_field("reden", field)
        if refused is None:
            assert field.clean(typed) == typed
            assert api.run_validation(typed) == typed
        else:
            with pytest.raises(ValidationError, match=re.escape(f"stuurteken ({refused}); typ")):
                field.clean(typed)
            with pytest.raises(ApiError, match=re.escape(f"stuurteken ({refused}); typ")):
                api.run_validation(typed)
    for free_text in (frozenset(), frozenset({"reden"})):
        problem = row_problem([typed], ("reden",), free_text)
        assert problem == (None if refused is None else ("reden", f"de waarde bevat een "
                           f"onzichtbaar teken of stuurteken ({refused})"))  # fmt: skip


# Fields whose text is not kept: a search, a code, an address to go back to.
NOT_KEPT = {
    ("AuditSearchForm", "route"), ("AuditSearchForm", "bsn"), ("CodeForm", "code"),
    ("LogInForm", "username"), ("PersonSearchForm", "bsn"), ("PersonSearchForm", "surname"),
    ("AssignForm", "back"),
    # checked by its own validator: an e-mail address
    ("RectificationForm", "email"),
}  # fmt: skip


def kept_texts():
    """(form, field name, field) of every visible text field of every form whose text is kept."""
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import doorstroom

    for module in pkgutil.walk_packages(doorstroom.__path__, "doorstroom."):
        if any(part in module.name for part in (".tests", ".migrations", ".management")):
            continue
        for name, form in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if not issubclass(form, forms.BaseForm) or not form.__module__.startswith("doorstroom"):
                continue
            for field_name, field in form.base_fields.items():
                if (
                    isinstance(field, forms.CharField)
                    and not field.widget.is_hidden
                    and not isinstance(field.widget, forms.PasswordInput)
                    and (name, field_name) not in NOT_KEPT
                ):
                    yield name, field_name, field


def test_every_kept_text_of_every_form_refuses_an_invisible_or_control_character():
    from doorstroom.formfields import Printable

    unchecked = {
        (form, name)
        for form, name, field in kept_texts()
        if not any(isinstance(v, Printable) for v in field.validators)
    }
    assert not unchecked


# One wording for a text too long, wherever it is typed: a form's field says it as a delivery
# and the API do (`lengths.too_long`), and its page holds the limit as maxlength.
def test_every_kept_text_of_every_form_says_too_long_in_one_wording_and_has_a_maxlength():
    from doorstroom.lengths import MaxLength

    unnamed = {
        (form, name)
        for form, name, field in kept_texts()
        if not any(isinstance(v, MaxLength) for v in field.validators)
        or field.widget_attrs(field.widget).get("maxlength") != str(field.max_length)
    }
    assert not unnamed
