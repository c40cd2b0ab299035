"""The endpoints: thin, each through the access module, the one write path and the audit log."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction
from doorstroom.api import conf, idempotency
from doorstroom.api.serializers import MeldingenPagina, MeldingSerializer, NewMeldingSerializer
from doorstroom.deliveries.models import Report, ReportSource
from doorstroom.signals import actions

PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,8}$")
MELDINGEN = "api:meldingen"
UNKNOWN_PARAMETER = "Deze parameter kent de API hier niet; zie /api/v1/openapi.json."


class Pages(PageNumberPagination):
    """25 meldingen a page, newest first; `pagina` counts from 1."""

    page_size = 25
    page_query_param = "pagina"
    invalid_page_message = "Pagina {page_number} bestaat niet: er zijn minder meldingen."

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list:
        raw = request.query_params.get(self.page_query_param, "1")
        if not PAGE_NUMBER.match(raw):
            raise ValidationError(
                {self.page_query_param: "Geef een paginanummer: een geheel getal vanaf 1."}
            )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: list) -> Response:
        return Response(
            {
                "aantal": self.page.paginator.count,
                "volgende": self.get_next_link(),
                "vorige": self.get_previous_link(),
                "resultaten": data,
            }
        )


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    idempotency.HEADER,
    {"type": "string", "pattern": idempotency.KEY.pattern, "minLength": 1, "maxLength": 255},
    OpenApiParameter.HEADER,
    description="Een eigen sleutel per melding, bijvoorbeeld een UUID. Stuurt u hetzelfde "
    "verzoek binnen 24 uur opnieuw met dezelfde sleutel (na een time-out of een fout), dan "
    "krijgt u het eerste antwoord terug en komt er geen tweede melding. Dezelfde sleutel met "
    "een andere inhoud: 422.",
)
LOCATION_HEADER = OpenApiParameter(
    "Location",
    {"type": "string", "format": "uri"},
    OpenApiParameter.HEADER,
    response=[201],
    required=True,
    description="Het adres van de melding (GET /meldingen/{meldingnummer}).",
)
PAGE_PARAMETER = OpenApiParameter(
    "pagina",
    {"type": "integer", "minimum": 1, "maximum": 999_999_999},
    OpenApiParameter.QUERY,
    description="Het paginanummer, vanaf 1 (25 meldingen per pagina).",
)


class ApiView(APIView):
    """What every endpoint shares: the key (settings.REST_FRAMEWORK), the version header, and
    a refusal of query parameters that the endpoint does not know (a typo is not ignored)."""

    query_parameters: dict[str, frozenset[str]] = {}
    http_method_names = ["get", "post", "head"]  # no OPTIONS: the document describes the API

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return  # 405 follows
        known = self.query_parameters.get(method, frozenset())
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({name[:100]: UNKNOWN_PARAMETER for name in unknown})

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = conf.VERSION
        return response


class Meldingen(ApiView):
    query_parameters = {"get": frozenset({Pages.page_query_param})}

    @extend_schema(
        operation_id="meldingenLijst",
        summary="De eigen meldingen",
        description="De meldingen die dit account deed (door het formulier of de API), de "
        "nieuwste eerst, met hun status zoals DUO die kent. Nooit meldingen van anderen.",
        parameters=[PAGE_PARAMETER],
        responses={200: OpenApiResponse(MeldingenPagina, description="Een pagina meldingen")},
        tags=["meldingen"],
    )
    def get(self, request: Request) -> Response:
        pages = Pages()
        page = pages.paginate_queryset(
            access.reports_visible_to(request.user).select_related("school"), request, self
        )
        record(
            request,
            AuditAction.VIEW,
            person_ids=[r.person_id for r in page],
            reason="eigen meldingen (API)",
        )
        return pages.get_paginated_response(MeldingSerializer(page, many=True).data)

    @extend_schema(
        operation_id="meldingDoen",
        summary="Een jongere melden",
        description="Een verzuimmelding, een uitschrijving zonder startkwalificatie of een "
        "zorgsignaal: dezelfde velden en controles als het meldformulier. Bij een fout is er "
        "niets opgeslagen. Met een Idempotency-Key maakt een herhaling van hetzelfde verzoek "
        "geen tweede melding.",
        request=NewMeldingSerializer,
        parameters=[IDEMPOTENCY_PARAMETER, LOCATION_HEADER],
        examples=[
            OpenApiExample(
                "Verzuimmelding",
                request_only=True,
                value={
                    "soortMelding": "verzuim",
                    "bsn": "999990603",
                    "voornamen": "Sam",
                    "achternaam": "de Wit",
                    "geboortedatum": "2010-03-14",
                    "woongemeente": "GM0150",
                    "datum": "2026-11-02",
                    "verzuimsoort": "16_uur",
                    "dagenAfwezig": 17,
                    "vermoedelijkeReden": "thuissituatie",
                    "contactpersoon": "mevrouw Jansen, 0570-123456",
                    "leerjaar": "3",
                },
            )
        ],
        responses={
            201: OpenApiResponse(
                MeldingSerializer,
                description="De melding is gedaan (of was met deze Idempotency-Key al gedaan)",
            )
        },
        tags=["meldingen"],
    )
    def post(self, request: Request) -> Response:
        key = idempotency.requested_key(request)
        if key is None:
            return _created(request, self._make(request), status.HTTP_201_CREATED)
        answer = idempotency.once(
            request.user, key, MELDINGEN, request.data, lambda: self._make(request)
        )
        if answer.replayed:  # the melding is shown again: a read, like GET of one
            record(
                request,
                AuditAction.VIEW,
                person_ids=[answer.report.person_id],
                reason="eigen melding (API, herhaald verzoek)",
            )
        return _created(request, answer.report, answer.status_code)

    def _make(self, request: Request) -> Report:
        new = NewMeldingSerializer(data=request.data)
        new.is_valid(raise_exception=True)
        return actions.make_report(
            request.user, new.validated_data, route=MELDINGEN, source=ReportSource.API
        )


def _created(request: Request, report: Report, code: int) -> Response:
    response = Response(MeldingSerializer(report).data, status=code)
    response["Location"] = request.build_absolute_uri(
        reverse("api:melding", args=[report.report_number])
    )
    return response


class Melding(ApiView):
    @extend_schema(
        operation_id="meldingBekijken",
        summary="Eén eigen melding",
        description="Een melding van dit account, op het meldingnummer. Een melding van een "
        "ander (een andere school, een andere regio) bestaat voor u niet: 404.",
        parameters=[
            OpenApiParameter(
                "meldingnummer",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Het meldingnummer, bijvoorbeeld M-2026-1A2B3C4D.",
                pattern=actions.REPORT_NUMBER.pattern,
            )
        ],
        responses={200: OpenApiResponse(MeldingSerializer, description="De melding")},
        tags=["meldingen"],
    )
    def get(self, request: Request, meldingnummer: str) -> Response:
        if not actions.REPORT_NUMBER.match(meldingnummer):
            raise ValidationError(
                {"meldingnummer": "Een meldingnummer ziet eruit als M-2026-1A2B3C4D."}
            )
        found = access.report_for(request.user, meldingnummer)
        record(
            request, AuditAction.VIEW, person_ids=[found.person_id], reason="eigen melding (API)"
        )
        return Response(MeldingSerializer(found).data)


class Unknown(ApiView):
    """Any other address under /api/v1/ (a typo, a trailing slash): a 404 as problem+json,
    like every other error of the API, instead of the web pages' HTML page."""

    @extend_schema(exclude=True)
    def get(self, request: Request, **kwargs: Any) -> Response:
        raise NotFound

    @extend_schema(exclude=True)
    def post(self, request: Request, **kwargs: Any) -> Response:
        raise NotFound
