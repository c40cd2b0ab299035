"""The form for the documents of a case: a file uploaded. It checks what the user gave; the
file's kind comes from filetypes.py, by content."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from doorstroom.cases import filetypes
from doorstroom.cases.forms import text_field

MB = 1024 * 1024


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
            size = f"{upload.size / MB:.1f}".replace(".", ",")
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
