"""Offering a delivery file through the upload page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from doorstroom.csvfiles import binary_problem
from doorstroom.deliveries.models import REGISTER_KINDS, DeliveryKind
from doorstroom.deliveries.reading import HEAD_BYTES, kind_in_header, kind_of_delivery
from doorstroom.deliveries.services import delivery_date_problem, read_file_name
from doorstroom.formfields import date_field

ALLOWED_SUFFIXES = {".csv", ".txt"}
SNIFF_BYTES = 64 * 1024
NAME_LIMIT = 255
"""Django cuts an upload's name to 255 characters, keeping its suffix (UploadedFile.name): a
name that long may have lost the area code that `other_area_problem` checks."""


def text_problem(head: bytes) -> str | None:
    """Why the first bytes of an upload are no CSV text, or None: checked before the file is
    stored, so a spreadsheet or a binary never reaches the import (or the disk). A byte that
    is no character in UTF-8 or Windows-1252 is left to the import, which refuses its row
    and names the line and the field, as `doorstroom import` does."""
    return binary_problem(head)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Bestand",
        help_text=(
            "Een CSV-bestand met een kopregel, gescheiden door puntkomma's of komma's, in UTF-8 "
            "of Windows-1252: een C- of P-levering, verzuimmeldingen van het ROD of de "
            "prioriteiten van het Inlichtingenbureau. De kolommen staan in de beschrijving van "
            "het leveringsformaat, die uw functioneel beheerder heeft."
        ),
    )
    kind = forms.ChoiceField(
        label="Soort levering",
        required=False,
        choices=[("", "uit de bestandsnaam"), *((k.value, k.label) for k in REGISTER_KINDS)],
        help_text=(
            "Alleen voor een levering voor het register, als de bestandsnaam niet zegt of het "
            "een C- of P-levering is (doorstroom-P-RMC11-20261120.csv). Verzuimmeldingen en "
            "prioriteiten herkent Doorstroom aan hun kopregel."
        ),
    )
    delivery_date = date_field(
        "Leveringsdatum",
        example="20-11-2026",
        help_text="Als dd-mm-jjjj; leeg: uit de bestandsnaam (doorstroom-P-RMC11-20261120.csv).",
        invalid_message="Vul een bestaande datum in als dd-mm-jjjj.",
    )
    force = forms.BooleanField(
        label="Ook inlezen als deze levering ouder is dan de laatst ingelezen levering",
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if len(upload.name) >= NAME_LIMIT:
            raise ValidationError(
                "De bestandsnaam is te lang (255 tekens of meer): de soort levering, de regio en "
                "de datum erin zijn dan niet zeker te lezen. Geef het bestand een kortere naam, "
                "zoals doorstroom-P-RMC11-20261120.csv."
            )
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise ValidationError("Kies een CSV-bestand (.csv of .txt).")
        if upload.size == 0:
            raise ValidationError("Het bestand is leeg.")
        limit = settings.UPLOAD_MAX_MEGABYTES
        if upload.size > limit * 1024 * 1024:
            raise ValidationError(
                f"Het bestand is groter dan {limit} MB; lees het in met `doorstroom import`."
            )
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        problem = text_problem(head)
        if problem:
            raise ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload is None or self.errors:
            return data
        named = read_file_name(upload.name)
        chosen, chosen_by, field = (
            (DeliveryKind(data["kind"]), "de gekozen soort", "kind")
            if data.get("kind")
            else (named.kind, "de bestandsnaam", "file")
        )
        in_header = kind_in_header(upload.read(HEAD_BYTES))
        upload.seek(0)
        try:
            data["kind"] = kind_of_delivery(in_header, chosen, chosen_by)
        except ValueError as error:
            self.add_error(field, str(error))  # and the date is checked too: every problem at once
        else:
            if data["kind"] is None:
                self.add_error("kind", f"Kies of dit een C- of P-levering is: {named.lacking}.")
        data["delivery_date"] = data.get("delivery_date") or named.delivery_date
        if data["delivery_date"] is None:
            self.add_error("delivery_date", f"Vul de leveringsdatum in: {named.lacking}.")
        else:
            wrong_date = delivery_date_problem(data["delivery_date"])
            if wrong_date:
                self.add_error("delivery_date", wrong_date)
        return data
