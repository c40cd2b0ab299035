"""What a school or ketenpartner sees of the young people shared with it: its referrals
while the sharing is valid, with only what the referral shares (issue 5: 'a school or
partner only the persons it reported or that were shared with it, only while the sharing is
valid'; what it reported itself is under Meldingen).

This is the minimum the security issue asks. The ketenpartners issue grows it (answering a
referral, the partner's own notes, agreements about who guides whom); it should keep every
read going through `access.shared_referrals_of` and `access.shared_referral_for`.
"""

from __future__ import annotations

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction
from doorstroom.accounts.roles import Action
from doorstroom.routes import methods

PAGE_SIZE = 25


@methods("GET")
@access.requires(Action.VIEW_SHARED)
def shared(request: HttpRequest) -> HttpResponse:
    """The young people referred to the user's organisation, while the sharing lasts."""
    referrals = (
        access.shared_referrals_of(request.user)
        .select_related("case__person", "organisation")
        .order_by("-referred_on", "-id")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("pagina"))
    if page.object_list:
        record(
            request,
            AuditAction.VIEW,
            person_ids=[referral.case.person_id for referral in page],
            reason=f"gedeeld met {page[0].organisation.name}: overzicht van de verwijzingen",
        )
    return render(
        request,
        "partners/shared.html",
        {"page": page, "linked": request.user.organisation_id is not None},
    )


@methods("GET")
@access.requires(Action.VIEW_SHARED)
def shared_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One referral: its question and what it shares of the young person, and whom to call
    at the Doorstroompunt for the warm handover. Nothing else of the dossier."""
    referral = access.shared_referral_for(request, public_id, reason="verwijzing bekeken")
    return render(
        request,
        "partners/shared_detail.html",
        {
            "referral": referral,
            "person": referral.case.person,
            "shares": referral.shared_data,
            "contact": referral.case.coach or referral.referred_by,
        },
    )
