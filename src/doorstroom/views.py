"""Pages that belong to no single domain app: the start page, the error pages, and the beheer
pages' log-in (which is the site's)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from doorstroom import dates, routes
from doorstroom.attention import attention_of, latest_delivery


@routes.methods("GET")
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what asks the user's attention today, as counts with links."""
    user = request.user
    return render(
        request,
        "home.html",
        {"attention": attention_of(user, dates.today()), "delivery": latest_delivery(user)},
    )


PART_HEADERS_TOO_LONG = "Request max total header size exceeded."
"""Django's MultiPartParserError for a file's part headers over 1,024 bytes: our field names
are short, so that is a file name (an emoji takes 4 bytes, an accent 2)."""


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request that Django refused to read: more form data than DATA_UPLOAD_MAX_MEMORY_SIZE
    (413, with the limit); a file name too long to read on a page that takes a file (400,
    saying so, with the way back to the form: none of the form's fields can be read); or too
    many fields or another malformed request (400)."""
    if isinstance(exception, RequestDataTooBig):
        context = {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        return render(request, "413.html", context, status=413)
    if (
        isinstance(exception, MultiPartParserError)
        and str(exception) == PART_HEADERS_TOO_LONG
        and routes.upload_megabytes(routes.view_of(request)) is not None
    ):
        context = {"name_too_long": True, "back": request.path}
        return render(request, "400.html", context, status=400)
    return render(request, "400.html", status=400)


def body_too_large(request: HttpRequest, view: Callable[..., Any] | None) -> HttpResponse:
    """The 413 page for a body larger than its page takes (middleware.BodyTooLargeMiddleware),
    before it is read: for a page with a file its limit in MB and what to do with a larger
    file, for any other the form fields' limit, as `bad_request` says it."""
    megabytes = routes.upload_megabytes(view)
    if megabytes is None:
        context = {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    else:
        context = {"megabytes": megabytes, "larger": view.upload_larger, "form": request.path}
    return render(request, "413.html", context, status=413)


def method_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Django's bare 405 for an address opened in a way it does not take, filled with the
    site's page (middleware.MethodNotAllowedPageMiddleware); it keeps its status, its Allow
    header and the one log line Django wrote for it. Most often a link, a bookmark or a typed
    address of a route that only takes a form's POST. The way back is the page the user came
    from, if it was one of ours and another address."""
    allowed = {method.strip() for method in response.get("Allow", "").split(",")}
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or urlsplit(back).path in ("", request.path):
        back = ""
    context = {"form_only": "POST" in allowed and "GET" not in allowed, "back": back}
    response.content = loader.render_to_string("405.html", context, request)
    return response


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token (an old page, a session that ended, or a request
    from another site): the site's own page that says what to do, not Django's."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: nothing that failed may fail again on this page."""
    return HttpResponseServerError(loader.render_to_string("500.html"))


@routes.methods("GET")
@login_not_required
def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The beheer pages (Django's admin) have no log-in of their own: the site's, with its
    second step, for whoever is not logged in; the Dutch 403 page for a user who may not
    manage, not a second log-in form."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
