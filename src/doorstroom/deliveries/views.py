"""Pages for deliveries: the runs, the upload, a run's progress and its rejected rows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction
from doorstroom.accounts.roles import Action
from doorstroom.deliveries import rejected_rows
from doorstroom.deliveries.forms import UploadForm
from doorstroom.deliveries.models import ImportRun
from doorstroom.deliveries.services import queue_delivery
from doorstroom.deliveries.worker import start_reading
from doorstroom.routes import methods, takes_upload

PAGE_SIZE = 25
REJECTED_SHOWN = 50


@methods("GET")
@access.requires(Action.VIEW_DELIVERIES)
def runs(request: HttpRequest) -> HttpResponse:
    visible = access.import_runs_visible_to(request.user).select_related("user")
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "deliveries/runs.html",
        {"page": page, "may_import": access.can(request.user, Action.IMPORT_DELIVERIES)},
    )


@methods("GET", "POST")
@takes_upload(
    "UPLOAD_MAX_MEGABYTES", larger="Lees een grotere levering in met `doorstroom import`."
)
@access.requires(Action.IMPORT_DELIVERIES)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.user.region_id is None:
        form.add_error(
            None,
            "Uw account hoort bij geen regio; vraag de functioneel beheerder om dat in te stellen.",
        )
    elif request.method == "POST" and form.is_valid():
        run = _store_and_queue(request, form)
        return redirect("deliveries:run", pk=run.pk)
    return render(request, "deliveries/upload.html", {"form": form})


def _store_and_queue(request: HttpRequest, form: UploadForm) -> ImportRun:
    """Write the upload under the data folder and queue it; reading starts after commit."""
    folder = settings.DATA_DIR / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.csv"
    with path.open("wb") as target:
        for chunk in form.cleaned_data["file"].chunks():
            target.write(chunk)
    with transaction.atomic():
        run = queue_delivery(
            path,
            file_name=form.cleaned_data["file"].name,
            kind=form.cleaned_data["kind"],
            delivery_date=form.cleaned_data["delivery_date"],
            area=request.user.region,
            user=request.user,
            force=form.cleaned_data["force"],
        )
        record(request, AuditAction.CREATE, reason=f"levering aangeboden (inleesrun {run.pk})")
        transaction.on_commit(start_reading)
    return run


@methods("GET")
@access.requires(Action.VIEW_DELIVERIES)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.import_run_for(request.user, pk)
    may_import = access.can(request.user, Action.IMPORT_DELIVERIES)
    rejected = list(run.rejected_rows.all()[:REJECTED_SHOWN]) if may_import else []
    if rejected:
        record(
            request, AuditAction.VIEW, reason=f"geweigerde regels van inleesrun {run.pk} bekeken"
        )
    return render(
        request,
        "deliveries/run.html",
        {"run": run, "rejected": rejected, "may_import": may_import, "shown": REJECTED_SHOWN},
    )


@methods("GET")
@access.requires(Action.VIEW_DELIVERIES)
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the run page that changes while the file is read (htmx polls it)."""
    return render(
        request, "deliveries/_progress.html", {"run": access.import_run_for(request.user, pk)}
    )


def _record_rejected_download(request: HttpRequest, run: ImportRun) -> None:
    """One audit row for each person of the register named in the refused rows."""
    reason = f"geweigerde regels van inleesrun {run.pk} gedownload"
    for person_ids in rejected_rows.persons_named(run):
        record(request, AuditAction.EXPORT, person_ids=person_ids, reason=reason)


@methods("GET", head=False)
@access.requires(Action.IMPORT_DELIVERIES)
def rejected_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    run = access.import_run_for(request.user, pk)
    _record_rejected_download(request, run)
    response = StreamingHttpResponse(
        rejected_rows.lines(run), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{rejected_rows.file_name(run)}"'
    return response
