"""What the start page asks a user to look at today: counts of their own work, each a link to
the list that shows it. Counts only, never a person, so the start page logs no reading of
anyone's data; each part is one query whatever the size of the region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from doorstroom.accounts import access
from doorstroom.accounts.roles import Action
from doorstroom.cases.views.lists import NOBODY
from doorstroom.deliveries.models import ImportRun
from doorstroom.partners.choices import ReferralStatus
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.forms import MINE, UNASSIGNED
from doorstroom.signals.models import overdue_on


@dataclass(frozen=True)
class Item:
    """One line of the start page: `count` things of a kind, and where they are listed.
    `label` names many (0 or 2 and more), `one` names a single one ("1 signaal", never
    "1 signalen"); `text` is what the page shows after the count."""

    count: int
    label: str
    url: str
    one: str
    urgent: bool = False

    @property
    def text(self) -> str:
        return self.one if self.count == 1 else self.label


def attention_of(user: Any, today: date) -> list[Item]:
    """The user's items, in the order of the navigation: signals, cases, referrals."""
    return [*_signals(user, today), *_cases(user, today), *_shared(user)]


def latest_delivery(user: Any) -> ImportRun | None:
    """The newest delivery of the user's region, for the roles that follow deliveries."""
    return (
        access.import_runs_visible_to(user)
        .only("file_name", "status", "delivery_date", "created_at", "rows_rejected", "kind")
        .first()
    )


def _queue(**filters: str) -> str:
    url = reverse("signals:queue")
    return f"{url}?{urlencode(filters)}" if filters else url


def _signals(user: Any, today: date) -> list[Item]:
    if not access.can(user, Action.VIEW_QUEUE):
        return []
    counts = (
        access.signals_visible_to(user)
        .open()
        .aggregate(
            open=Count("pk"),
            new=Count("pk", filter=Q(status=SignalStatus.NEW)),
            unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
            overdue=Count("pk", filter=overdue_on(today)),
            mine=Count("pk", filter=Q(assigned_to=user)),
        )
    )
    items = [
        Item(
            counts["open"],
            "open signalen in de werkvoorraad",
            _queue(),
            one="open signaal in de werkvoorraad",
        )
    ]
    if access.can(user, Action.ASSIGN_SIGNALS):
        items.append(
            Item(
                counts["unassigned"],
                "signalen nog niet toegewezen",
                _queue(assigned=UNASSIGNED),
                one="signaal nog niet toegewezen",
            )
        )
    if access.can(user, Action.OPEN_SIGNALS):
        items.append(
            Item(
                counts["mine"],
                "signalen aan u toegewezen",
                _queue(assigned=MINE),
                one="signaal aan u toegewezen",
            )
        )
    items.append(
        Item(
            counts["overdue"],
            "nieuwe signalen over de termijn (nog door niemand opgepakt)",
            _queue(overdue="on", sort="termijn"),
            urgent=counts["overdue"] > 0,
            one="nieuw signaal over de termijn (nog door niemand opgepakt)",
        )
    )
    return items


def _cases(user: Any, today: date) -> list[Item]:
    if not access.can(user, Action.WORK_CASES):
        return []
    cases = access.cases_visible_to(user).open()
    counts = cases.aggregate(
        due=Count("pk", filter=Q(coach=user, next_due_on__lte=today)),
        overdue=Count("pk", filter=Q(coach=user, next_due_on__lt=today)),
        unassigned=Count("pk", filter=Q(coach__isnull=True)),
    )
    mine = reverse("cases:mine")  # 'vandaag en te laat', the list's first view
    late = f" (waarvan {counts['overdue']} te laat)" if counts["overdue"] else ""
    items = [
        Item(
            counts["due"],
            f"dossiers met vandaag of eerder een actie{late}",
            mine,
            urgent=counts["overdue"] > 0,
            one=f"dossier met vandaag of eerder een actie{late}",
        )
    ]
    if access.can(user, Action.VIEW_CASELOADS):
        items.append(
            Item(
                counts["unassigned"],
                "open dossiers zonder begeleider",
                f"{mine}?{urlencode({'begeleider': NOBODY, 'toon': 'open'})}",
                one="open dossier zonder begeleider",
            )
        )
    return items


def _shared(user: Any) -> list[Item]:
    if not access.can(user, Action.VIEW_SHARED):
        return []
    waiting = access.shared_referrals_of(user).filter(status=ReferralStatus.SENT).count()
    return [
        Item(
            waiting,
            "verwijzingen die op uw antwoord wachten",
            reverse("partners:shared"),
            one="verwijzing die op uw antwoord wacht",
        )
    ]
