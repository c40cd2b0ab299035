"""The privacyfunctionaris' search of the audit log: period, user, action, route, person."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet

from doorstroom import dates
from doorstroom.accounts import pages
from doorstroom.accounts.models import AuditAction, AuditEvent, User
from doorstroom.formfields import date_field
from doorstroom.people.bsn import normalise, validate_bsn
from doorstroom.people.models import Person, PersonQuerySet

# A day at either end of Python's calendar cannot become a moment in UTC or get a next day.
EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)
RANGE_ERROR = "Vul een datum in tussen 01-01-1900 en 31-12-9998."
FILTER_FIELDS = ("date_from", "date_to", "user", "action", "route", "person")


def masked_bsn(bsn: str) -> str:
    """Enough to tell two young people apart, not enough to use: the last three digits."""
    return "*" * (len(bsn) - 3) + bsn[-3:]


def _date_field(label: str) -> forms.DateField:
    return date_field(
        label,
        example="01-11-2026",
        validators=[
            MinValueValidator(EARLIEST, RANGE_ERROR),
            MaxValueValidator(LATEST, RANGE_ERROR),
        ],
    )


class AuditSearchForm(forms.Form):
    """Filled in by POST (the BSN never goes into a URL), then kept in the query string as
    codes only: dates, a user id, an action, a route and the person's random public id."""

    date_from = _date_field("Van")
    date_to = _date_field("Tot en met")
    user = forms.ChoiceField(label="Gebruiker", required=False)
    action = forms.ChoiceField(
        label="Handeling", required=False, choices=[("", "Alle handelingen"), *AuditAction.choices]
    )
    route = forms.ChoiceField(
        label="Pagina of functie", required=False, choices=pages.route_choices
    )
    bsn = forms.CharField(
        label="Jongere (BSN)",
        required=False,
        max_length=20,
        help_text="9 cijfers; wie deze jongere inzag. Alleen jongeren die in uw regio wonen.",
    )
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, users: list[User], persons: PersonQuerySet) -> None:
        super().__init__(data)
        self.persons = persons
        self.fields["user"].choices = [
            ("", "Alle gebruikers"),
            *((str(u.pk), f"{u.display_name} ({u.username})") for u in users),
        ]

    def clean_bsn(self) -> str:
        value = normalise(self.cleaned_data["bsn"])
        if value:
            validate_bsn(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "De einddatum ligt vóór de begindatum.")
        if data.get("bsn"):
            data["person"] = self.persons.with_bsn(data["bsn"]).first()
            if data["person"] is None:
                self.add_error("bsn", "Er woont geen jongere met dit BSN in uw regio.")
        elif data.get("person"):
            data["person"] = self.persons.filter(public_id=data["person"]).first()
            if data["person"] is None:
                self.add_error(None, "Deze jongere woont niet (meer) in uw regio.")
        return data

    def query(self) -> str:
        """The filter as a query string: codes and ids, never a BSN or a name."""
        data = self.cleaned_data
        values = {
            "date_from": data["date_from"].strftime("%d-%m-%Y") if data["date_from"] else "",
            "date_to": data["date_to"].strftime("%d-%m-%Y") if data["date_to"] else "",
            "user": data["user"],
            "action": data["action"],
            "route": data["route"],
            "person": str(data["person"].public_id) if data["person"] else "",
        }
        return urlencode({k: v for k, v in values.items() if v})

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data["date_from"]:
            events = events.filter(at__gte=dates.start_of(data["date_from"]))
        if data["date_to"]:
            events = events.filter(at__lt=dates.start_of(dates.day_after(data["date_to"])))
        if data["user"]:
            events = events.filter(user_id=int(data["user"]))
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["route"].endswith(":"):
            events = events.filter(route__startswith=data["route"])
        elif data["route"]:
            events = events.filter(route=data["route"])
        if data["person"]:
            events = events.filter(person_id=data["person"].pk)
        return events

    def describe(self) -> str:
        """The filter in words for the audit row of the search itself (no BSN, no name)."""
        data = self.cleaned_data
        parts = [
            f"van {data['date_from']:%d-%m-%Y}" if data["date_from"] else "",
            f"tot en met {data['date_to']:%d-%m-%Y}" if data["date_to"] else "",
            f"gebruiker {data['user']}" if data["user"] else "",
            f"handeling {data['action']}" if data["action"] else "",
            f"pagina: {pages.page_name(data['route'])}" if data["route"] else "",
            "één jongere" if data["person"] else "",
        ]
        return ", ".join(p for p in parts if p) or "zonder filter"


def persons_by_id(ids: set[int]) -> dict[int, Person]:
    """The persons that audit rows point at, in one query (a removed person is absent)."""
    return Person.objects.only("bsn", "given_names", "surname_prefix", "surname").in_bulk(
        ids - {None}
    )


def person_label(person_id: int | None, persons: dict[int, Person]) -> str:
    if person_id is None:
        return ""
    person = persons.get(person_id)
    if person is None:
        return f"niet meer in het register (nr. {person_id})"
    return f"{person.sort_name} (BSN {masked_bsn(person.bsn)})"
