"""Pages that belong to no single domain app: the start page and the error pages."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from doorstroom import dates
from doorstroom.attention import attention_of, latest_delivery


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what asks the user's attention today, as counts with links."""
    user = request.user
    return render(
        request,
        "home.html",
        {"attention": attention_of(user, dates.today()), "delivery": latest_delivery(user)},
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request that Django refused to read: more form data than DATA_UPLOAD_MAX_MEMORY_SIZE
    (413, with the limit), or too many fields or another malformed request (400)."""
    if isinstance(exception, RequestDataTooBig):
        context = {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        return render(request, "413.html", context, status=413)
    return render(request, "400.html", status=400)


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
