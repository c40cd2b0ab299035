"""What a page takes, said on its view and read by middleware.py from the view that the
address resolves to, before any view runs or the body is read: its methods (`methods` on a
function view, what a class-based view implements) and the largest request body
(`takes_upload` for a page with a file, Django's limit on form fields for any other)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_http_methods

MB = 1024 * 1024
ENVELOPE = 64 * 1024
"""What a form sends besides its file (the multipart boundaries and headers, the CSRF token,
the other fields): a request may be this much larger than the largest file."""

View = Callable[..., Any]

PAGE_METHODS = ("GET", "HEAD", "POST")
"""What a page may take, in the order the Allow header names them: a browser's links and
forms send no other method (PUT, PATCH, DELETE, OPTIONS, TRACE: a script)."""


def methods(*taken: str, head: bool = True) -> Callable[[View], View]:
    """The methods a function view takes (GET brings HEAD, as Django answers it), said on
    the view so that the middleware answers any other with a 405 before the view runs, with
    an Allow header that names these; the view refuses them too (Django's
    require_http_methods). Every page's function view says its methods: a class-based view's
    are those it implements. A download says `head=False`: a HEAD would make the whole file of
    the person's data to send none of it (and logs no read: `audit.record`)."""
    if not taken or not set(taken) <= set(PAGE_METHODS):
        raise ValueError(f"a page takes some of {', '.join(PAGE_METHODS)}, not {taken}")
    allowed = [m for m in PAGE_METHODS if m in taken or (m == "HEAD" and head and "GET" in taken)]

    def mark(view: View) -> View:
        checked = require_http_methods(allowed)(view)
        checked.http_methods = tuple(allowed)  # type: ignore[attr-defined]
        return checked

    return mark


def allowed_methods(view: View) -> tuple[str, ...]:
    """The methods the page takes, in PAGE_METHODS' order: a function view's by `methods`, a
    class-based view's those it implements (HEAD with GET). A view that says neither (the
    admin's, Django's own) takes all three, as its forms post to the pages they are on."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        names = {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
        if "GET" in names and "head" in view_class.http_method_names:
            names.add("HEAD")  # View.setup answers HEAD with get
        return tuple(m for m in PAGE_METHODS if m in names)
    return getattr(view, "http_methods", PAGE_METHODS)


def takes_upload(setting: str, *, larger: str) -> Callable[[View], View]:
    """A page that takes a file of at most `settings.<setting>` MB; `larger` says in Dutch
    what to do with a larger one (on the 413 page)."""

    def mark(view: View) -> View:
        view.upload_megabytes = setting  # type: ignore[attr-defined]
        view.upload_larger = larger  # type: ignore[attr-defined]
        return view

    return mark


def view_of(request: HttpRequest) -> View | None:
    """The view the request's address resolves to, or None for an address no page has;
    resolved once per request, for both middlewares that ask."""
    if not hasattr(request, "_routes_view"):
        try:
            match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
            request._routes_view = match.func  # type: ignore[attr-defined]
        except Resolver404:
            request._routes_view = None  # type: ignore[attr-defined]
    return request._routes_view  # type: ignore[attr-defined]


def upload_megabytes(view: View | None) -> int | None:
    """The largest file the page takes, in MB; None for a page that takes no file."""
    setting = getattr(view, "upload_megabytes", None)
    return None if setting is None else getattr(settings, setting)


def body_limit(view: View | None) -> int:
    """The most bytes a request to this page may send: the largest file and its envelope, or,
    for a page without one, the form fields Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE) and
    the envelope. Django counts only the fields against that limit: a file sent to any page
    would otherwise be written to a temporary file in full before the page refused it."""
    megabytes = upload_megabytes(view)
    if megabytes is None:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + ENVELOPE
    return megabytes * MB + ENVELOPE
