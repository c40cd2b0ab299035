"""What every answer of Doorstroom gets, whatever view made it: no copy in a cache, the
site's own page for an address opened in a way it does not take (a method its page does not
take: a GET of a form's address, a POST to a page that only shows), and for a body larger
than the page takes."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

from doorstroom import routes, views


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every answer that does not set its own. Pages,
    downloads and the API show BSNs, names and case notes: on a shared computer (a school's,
    a library's) Back after logging out must not show them again from the browser's cache,
    and no proxy may keep them. Static files never get here: WhiteNoise, before this in
    settings.MIDDLEWARE, answers them with their own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


API_PREFIX = "/api/"
"""The API answers every method itself (its 405 is a problem+json, api/problems.py)."""


class MethodNotAllowedPageMiddleware:
    """A page asked with a method it does not take is a 405 before any view reads or logs a
    person's data, with an Allow header that names what that page takes (`routes.methods` on
    its view, or what its class implements): a GET-only page says GET, HEAD; a form's page
    GET, HEAD, POST; a button's route POST. PUT, PATCH, DELETE, OPTIONS and TRACE no page
    takes (a script, not a browser). And a 405 without a body (a view's own) becomes the
    site's page in Dutch, with the same Allow header. The API's 405 is a problem+json and
    keeps it; an address no page has is left to the 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = None if request.path.startswith(API_PREFIX) else routes.view_of(request)
        if view is not None:
            allowed = routes.allowed_methods(view)
            if request.method not in allowed:
                return views.method_not_allowed(request, HttpResponseNotAllowed(allowed))
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            return views.method_not_allowed(request, response)
        return response


class BodyTooLargeMiddleware:
    """A request that says (Content-Length) it sends more than its page takes is the Dutch
    413 page before its body is read: a delivery over DOORSTROOM_UPLOAD_MAX_MB is not
    streamed to a temporary file first, nor a file sent to a page that takes none. (A body
    without Content-Length, sent in chunks, Django reads as empty.) Before any view and
    before the CSRF check, which reads the form; the API reads its own body (api/parsers.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        if length and not request.path.startswith(API_PREFIX):
            view = routes.view_of(request)
            if length > routes.body_limit(view):
                return views.body_too_large(request, view)
        return self.get_response(request)
