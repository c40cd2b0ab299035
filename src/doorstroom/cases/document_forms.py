"""The forms for the documents of a case: a letter made from a template, and a file uploaded.
They check what the user gave; the letter's own refusals (closed case, no address) come from
letters.py, the file's kind from filetypes.py, by content."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from doorstroom.cases import filetypes, letters
from doorstroom.cases.forms import choice_field, not_past, text_field
from doorstroom.cases.models import Case
from doorstroom.formfields import date_field
from doorstroom.numbers import decimal
from doorstroom.people.choices import Desk

MB = 1024 * 1024


class LetterForm(forms.Form):
    letter = choice_field("Soort brief", [], "Kies welke brief u wilt maken.")
    on = date_field(
        "Datum van de afspraak",
        example="08-12-2026",
        required_message="Vul de datum van de afspraak in.",
    )
    at = forms.TimeField(
        label="Tijd van de afspraak",
        input_formats=["%H:%M", "%H.%M"],
        help_text="Als uu:mm, bijvoorbeeld 14:30.",
        error_messages={
            "required": "Vul de tijd van de afspraak in.",
            "invalid": "Vul een tijd in als uu:mm, bijvoorbeeld 14:30.",
        },
    )
    place = text_field(
        "Plaats van de afspraak",
        max_length=200,
        help_text="Bijvoorbeeld: Doorstroompunt, Brink 10, Deventer. Bij een huisbezoek leeg "
        "laten: dan staat het adres van de jongere in de brief.",
    )
    count_as_attempt = forms.BooleanField(
        label="Ook vastleggen als contactpoging per brief",
        required=False,
        help_text="De poging telt mee bij benaderen, als nog niet bereikt, met de afspraak als "
        "vervolgstap.",
    )

    def __init__(self, *args: Any, case: Case, may_count: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = [
            ("", "maak een keuze"),
            *((x.code, x.title) for x in letters.letters_for(Desk(case.desk))),
        ]
        if not may_count:  # a contact attempt is case work: the ondersteuner makes the letter
            del self.fields["count_as_attempt"]
        self.refusal = letters.refusal(case, letters.current_address(case.person))

    def clean_on(self) -> date:
        return not_past(self.cleaned_data["on"], "De afspraak")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        letter = letters.LETTERS.get(data.get("letter", ""))
        if letter and not letter.at_home and not data.get("place") and "place" not in self.errors:
            self.add_error(
                "place", "Vul in waar de afspraak is, bijvoorbeeld het adres van het loket."
            )
        return data


class DocumentForm(forms.Form):
    title = text_field(
        "Titel",
        required="Geef het document een titel, bijvoorbeeld 'Diploma vmbo' of 'Verslag school'.",
        max_length=200,
    )
    file = forms.FileField(
        label="Bestand",
        error_messages={
            "required": "Kies het bestand dat u wilt toevoegen.",
            "empty": "Het bestand is leeg.",
            "invalid": "Er kwam geen bestand mee; kies het bestand opnieuw.",
            "missing": "Er kwam geen bestand mee; kies het bestand opnieuw.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"{filetypes.ALLOWED[0].upper()}{filetypes.ALLOWED[1:]}; hoogstens "
            f"{settings.DOCUMENT_MAX_MEGABYTES} MB. Het bestand wordt op zijn inhoud gecontroleerd."
        )
        self.kind: filetypes.FileKind | None = None

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.DOCUMENT_MAX_MEGABYTES
        if upload.size > limit * MB:
            size = decimal(upload.size / MB)
            raise ValidationError(
                f"Het bestand is {size} MB; een document mag hoogstens {limit} MB zijn. "
                "Verklein het (bijvoorbeeld als pdf) of voeg het in delen toe."
            )
        try:
            self.kind = filetypes.kind_of(upload)
        except filetypes.Refused as refused:
            raise ValidationError(str(refused)) from None
        # Stored under a name of our own: the user's file name may carry a person's name.
        upload.name = f"{uuid.uuid4().hex}{self.kind.suffix}"
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["kind"] = self.kind
        return data
