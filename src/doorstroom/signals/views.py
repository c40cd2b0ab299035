"""The work queue, a signal's page, and the meldingen of schools and partners."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from doorstroom import dates, formtokens
from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction, User
from doorstroom.accounts.roles import Action
from doorstroom.deliveries.refusals import refusals_about
from doorstroom.numbers import decimal
from doorstroom.people.choices import Desk
from doorstroom.routes import methods
from doorstroom.signals import actions
from doorstroom.signals.choices import SignalStatus
from doorstroom.signals.forms import (
    QUERY_LIMIT,
    UNASSIGNED,
    AssignForm,
    CloseSignalForm,
    QueueFilterForm,
    ReportForm,
    SavedFilterForm,
)
from doorstroom.signals.models import SavedFilter, Signal, SignalRun
from doorstroom.signals.services import signal_region

PAGE_SIZE = 25
FILTER_FIELDS = (
    "desk",
    "kind",
    "status",
    "municipality",
    "assigned",
    "priority",
    "overdue",
    "sort",
)


def _assignable(user: User) -> list[tuple[Desk, list[User]]]:
    """Per desk of the user, the people its signals can be given to (none without the right)."""
    if not access.can(user, Action.ASSIGN_SIGNALS):
        return []
    desks = access.desks_of(user)
    return [(desk, list(access.assignable_users(user, desk))) for desk in Desk if desk in desks]


def _everyone(by_desk: list[tuple[Desk, list[User]]]) -> list[User]:
    return list({u.pk: u for _, people in by_desk for u in people}.values())


@methods("GET")
@access.requires(Action.VIEW_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    """Per desk, the open signals, most urgent first, with filters and bulk assignment.
    The filters are codes in the query string (no personal data); every page is logged."""
    user = request.user
    by_desk = _assignable(user)
    coaches = _everyone(by_desk)
    form = QueueFilterForm(
        request.GET,
        desks=access.desks_of(user),
        region_ids=access.home_region_ids(user),
        coaches=coaches,
    )
    # Sort and count on the signals' own columns first, then read the 25 rows of the page
    # with what they show: joining 50,000 rows to sort them would cost ten times more.
    ordered = form.apply(access.signals_visible_to(user), user).values_list("pk", flat=True)
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = Signal.objects.filter(pk__in=list(page.object_list)).for_queue().in_bulk()
    page.object_list = [shown[pk] for pk in page.object_list]
    record(
        request,
        AuditAction.SEARCH,
        person_ids=[s.person_id for s in page],
        reason="werkvoorraad signalen",
    )
    query = urlencode({k: v for k, v in request.GET.items() if k in FILTER_FIELDS and v})
    return render(
        request,
        "signals/queue.html",
        {
            "form": form,
            "page": page,
            "today": dates.today(),
            "coaches": coaches,
            "coaches_by_desk": [(desk.label, people) for desk, people in by_desk],
            "can_assign": bool(coaches),
            "can_run": access.can(user, Action.RUN_SIGNALLING),
            "query": query,
            "saved_filters": SavedFilter.objects.filter(user=user),
            "last_run": SignalRun.objects.filter(
                region_id__in=access.home_region_ids(user)
            ).first(),
        },
    )


@methods("POST")
@access.requires(Action.ASSIGN_SIGNALS)
def assign(request: HttpRequest) -> HttpResponse:
    visible = access.signals_visible_to(request.user)
    ticked = request.POST.getlist("signals")
    known = [str(s.public_id) for s in visible.filter(public_id__in=_uuids(ticked)).open()]
    coaches = {u.pk: u for u in _everyone(_assignable(request.user))}
    form = AssignForm(request.POST, coaches=coaches.values(), signal_ids=known)
    back = _back(request.POST.get("back", ""))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    chosen = form.cleaned_data["coach"]
    coach = None if chosen == UNASSIGNED else coaches[int(chosen)]
    signals = list(visible.filter(public_id__in=form.cleaned_data["signals"]))
    refused = coach and access.desk_refusing(request.user, coach, {s.desk for s in signals})
    if refused:
        name = coach.display_name
        messages.error(
            request,
            f"{name} werkt niet bij het loket {Desk(refused).label}; kies voor signalen van dat "
            "loket iemand die er werkt. Er is niets toegewezen.",
        )
        return redirect(back)
    count = actions.assign_signals(request.user, signals, coach, route="signals:assign")
    who = coach.display_name if coach else "niemand"
    messages.success(request, f"{count} signa{'al' if count == 1 else 'len'} toegewezen aan {who}.")
    return redirect(back)


@methods("GET")
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not access.can(request.user, Action.VIEW_QUEUE):
        raise PermissionDenied
    signal = access.signal_for(request, public_id, reason="signaal bekeken")
    chain, earlier = [], signal.handed_over_from
    while earlier is not None and len(chain) < 5:
        chain.append(earlier)
        earlier = earlier.handed_over_from
    can_assign = access.can(request.user, Action.ASSIGN_SIGNALS)
    # The check open_signal and close_signal make: the page offers only what they allow.
    can_work = access.may_take_up(request.user, Desk(signal.desk), signal.region_id)
    return render(
        request,
        "signals/detail.html",
        {
            "signal": signal,
            "person": signal.person,
            "age": dates.age_on(signal.person.date_of_birth, dates.today()),
            "sources": signal.sources.select_related("report__school"),
            "chain": chain,
            "can_open": can_work and signal.status == SignalStatus.NEW,
            "can_close": can_work and signal.is_open and not signal.from_register,
            "register_closes": actions.REGISTER_CLOSES,
            "coaches": list(access.assignable_users(request.user, Desk(signal.desk)))
            if can_assign
            else [],
            "close_form": CloseSignalForm(),
            "today": dates.today(),
            **refusals_about(signal.person.bsn_hash, signal.region_id),
            "can_view_deliveries": access.can(request.user, Action.VIEW_DELIVERIES),
        },
    )


@methods("POST")
def take_up(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not access.can(request.user, Action.OPEN_SIGNALS):
        raise PermissionDenied
    # The read, not the outcome: the take-up may still be refused (open_signal logs its change).
    signal = access.signal_for(request, public_id, reason="signaal geopend om op te pakken")
    try:
        case = actions.open_signal(request.user, signal, route="signals:take_up")
    except actions.SignalRefused as refused:
        messages.error(request, str(refused))
        return redirect("signals:detail", public_id)
    done = f"Het signaal is opgepakt in dossier {case.number}"
    if case.coach_id and case.coach_id != request.user.pk:
        # A colleague's case (the signal was assigned to them, or they guide the person
        # already): said, so that a page the user may only read is no surprise.
        coach = case.coach.display_name
        done += f", dat {coach} begeleidt"
    messages.success(request, f"{done}.")
    return redirect("cases:detail", case.public_id)


@methods("POST")
def close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not access.can(request.user, Action.OPEN_SIGNALS):
        raise PermissionDenied
    signal = access.signal_for(request, public_id, reason="signaal afsluiten")
    form = CloseSignalForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect("signals:detail", public_id)
    try:
        actions.close_signal(
            request.user, signal, form.cleaned_data["reason"], route="signals:close"
        )
    except actions.SignalRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Het signaal is afgesloten.")
    return redirect("signals:detail", public_id)


@methods("POST")
@access.requires(Action.RUN_SIGNALLING)
def run(request: HttpRequest) -> HttpResponse:
    """Signal the user's region now (the nightly run does the same)."""
    region = request.user.region
    if region is None:
        messages.error(
            request,
            "Uw account hoort bij geen regio; vraag de functioneel beheerder om dat in te stellen.",
        )
        return redirect("signals:queue")
    done = signal_region(region, user=request.user)
    messages.success(
        request, f"Signalering {region} uitgevoerd: {done.counted} ({decimal(done.seconds)} s)."
    )
    return redirect("signals:queue")


@methods("POST")
@access.requires(Action.VIEW_QUEUE)
def save_filter(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        SavedFilter.objects.update_or_create(
            user=request.user,
            name=form.cleaned_data["name"],
            defaults={"query": _only_filters(form.cleaned_data["query"])},
        )
        messages.success(request, f"Filter '{form.cleaned_data['name']}' bewaard.")
    else:
        messages.error(request, form.errors.get("name", ["Het filter is niet bewaard."])[0])
    return redirect(f"{reverse('signals:queue')}?{_only_filters(request.POST.get('query', ''))}")


@methods("POST")
@access.requires(Action.VIEW_QUEUE)
def delete_filter(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, f"Filter '{saved.name}' verwijderd.")
    return redirect("signals:queue")


# Meldingen by schools and partners ------------------------------------------------------


@methods("GET")
@access.requires(Action.REPORT_PERSON)
def reports(request: HttpRequest) -> HttpResponse:
    """The reporter's own meldingen and their status; nothing of anyone else."""
    page = Paginator(access.reports_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    record(
        request, AuditAction.VIEW, person_ids=[r.person_id for r in page], reason="eigen meldingen"
    )
    return render(request, "signals/reports.html", {"page": page})


@methods("GET", "POST")
@access.requires(Action.REPORT_PERSON)
def report_new(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = formtokens.once(
                formtokens.sent(request),
                lambda: actions.make_report(request.user, form.cleaned_data, route="reports:new"),
            )
        except formtokens.SentBefore:
            messages.info(request, REPORT_SENT_BEFORE)
            return redirect("reports:list")
        number = report.report_number
        messages.success(request, f"Uw melding is ontvangen onder nummer {number}.")
        return redirect("reports:detail", number)
    context = {"form": form, "form_token": formtokens.for_page(request)}
    return render(request, "signals/report_form.html", context)


REPORT_SENT_BEFORE = (
    "Dit formulier was al verstuurd; de melding is één keer ontvangen. U vindt haar hieronder."
)


@methods("GET", "POST")
@access.requires(Action.REPORT_PERSON)
def report(request: HttpRequest, number: str) -> HttpResponse:
    found = access.report_for(request.user, number)
    if request.method == "POST":
        try:
            actions.withdraw_report(request.user, found, route="reports:detail")
        except actions.SignalRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Melding {found.report_number} is ingetrokken.")
        return redirect("reports:detail", number)
    record(request, AuditAction.VIEW, person_ids=[found.person_id], reason="eigen melding bekeken")
    return render(request, "signals/report.html", {"report": found})


def _uuids(values: list[str]) -> list[UUID]:
    found = []
    for value in values:
        try:
            found.append(UUID(value))
        except ValueError:
            continue
    return found


def _only_filters(query: str) -> str:
    """Our own filter fields of a query, whole pairs only, as long as they fit a saved
    filter's QUERY_LIMIT characters: a cut in the middle of '%C3%A9' would leave no valid address."""
    kept: list[tuple[str, str]] = []
    length = -1  # the first pair has no '&' before it
    for pair in parse_qsl(query):
        if pair[0] in FILTER_FIELDS and pair[1]:
            length += 1 + len(urlencode([pair]))
            if length > QUERY_LIMIT:
                break
            kept.append(pair)
    return urlencode(kept)


def _back(query: str) -> str:
    """Back to the queue with the same filters; only our own filter fields survive."""
    return f"{reverse('signals:queue')}?{_only_filters(query)}"
