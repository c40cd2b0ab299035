"""Pages that belong to no single domain app: the start page and the error pages."""

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
