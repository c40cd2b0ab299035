"""The retention page: the periods in force, and what every run removed (counts only)."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from doorstroom.accounts import access
from doorstroom.accounts.roles import Action
from doorstroom.regions.models import Region
from doorstroom.retention.models import (
    RetentionCount,
    RetentionPolicy,
    RetentionRun,
    table_name,
)
from doorstroom.routes import methods

PAGE_SIZE = 10


def _periods(region: Region) -> list[tuple[str, str, str]]:
    """What, how long, and the source: the region's own policy or the defaults."""
    policy = RetentionPolicy.objects.filter(region=region).first() or RetentionPolicy(region=region)
    return [
        (
            "Leerplichtdossiers (signalen en dossiers van het leerplichtloket)",
            f"tot de {policy.leerplicht_file_until_age}e verjaardag",
            policy.leerplicht_file_source,
        ),
        (
            "Dossiers kwalificatieplicht en Doorstroompunt, en de jongere zelf",
            f"{policy.target_group_file_years} jaar nadat de jongere de doelgroep verlaat "
            "(of na het laatste werk aan het dossier)",
            policy.target_group_file_source,
        ),
        (
            "Verzuimmeldingen en processen-verbaal",
            f"{policy.absence_report_years} jaar na de eerste verwerking",
            policy.absence_report_source,
        ),
    ]


INSTALLATION_SOURCES = [
    (
        "Auditlog (wie zag of wijzigde wat)",
        lambda: f"{settings.AUDIT_RETENTION_YEARS} jaar",
        "BIO 12.4.2 (termijn na risicoafweging), NEN 7513 (minstens 2 jaar), Staatscourant "
        "2019, 38007 (5 jaar voor logging in de zorg)",
    ),
    ("Sessies (met zoekopdrachten)", lambda: "tot ze verlopen", "AVG art. 5 lid 1 onder e"),
    (
        "Geüploade leveringsbestanden",
        lambda: f"{settings.UPLOAD_RETENTION_DAYS} dagen na het inlezen",
        "AVG art. 5 lid 1 onder e: de inhoud staat dan in het register",
    ),
    (
        "Geweigerde regels van leveringen",
        lambda: f"{settings.REJECTED_ROWS_RETENTION_DAYS} dagen na het inlezen",
        "AVG art. 5 lid 1 onder e: lang genoeg om ze met de aanleverancier op te lossen",
    ),
]


def _lines(run: RetentionRun) -> list[tuple[str, str, int, str]]:
    """Per region and kind: the count, and what went along with it ('123 inschrijvingen')."""
    main: dict[tuple[str, str], int] = defaultdict(int)
    along: dict[tuple[str, str], list[str]] = defaultdict(list)
    for count in run.counts.all():
        key = (count.region.name if count.region else "hele installatie", count.get_kind_display())
        if count.model:
            along[key].append(f"{count.count} {table_name(count.model)}")
        else:
            main[key] += count.count
    return [
        (region, kind, n, ", ".join(along[(region, kind)]))
        for (region, kind), n in sorted(main.items())
    ]


@methods("GET")
@access.requires(Action.VIEW_RETENTION)
def runs(request: HttpRequest) -> HttpResponse:
    region_ids = access.retention_region_ids(request.user)
    counts = RetentionCount.objects.filter(
        Q(region_id__in=region_ids) | Q(region__isnull=True)
    ).select_related("region")
    page = Paginator(
        RetentionRun.objects.prefetch_related(Prefetch("counts", queryset=counts)), PAGE_SIZE
    ).get_page(request.GET.get("pagina"))
    rows = [(run, _lines(run)) for run in page]
    regions = Region.objects.filter(pk__in=region_ids).order_by("name")
    return render(
        request,
        "retention/runs.html",
        {
            "page": page,
            "rows": rows,
            "regions": [(region, _periods(region)) for region in regions],
            "installation": [(what, long(), source) for what, long, source in INSTALLATION_SOURCES],
        },
    )
