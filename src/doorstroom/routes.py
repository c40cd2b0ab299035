"""What a page takes, said on its view and read by middleware.py from the view that the
address resolves to, before any view runs or the body is read: the largest request body
(`takes_upload` for a page with a file, Django's limit on form fields for any other)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve

MB = 1024 * 1024
ENVELOPE = 64 * 1024
"""What a form sends besides its file (the multipart boundaries and headers, the CSRF token,
the other fields): a request may be this much larger than the largest file."""

View = Callable[..., Any]


def takes_upload(setting: str, *, larger: str) -> Callable[[View], View]:
    """A page that takes a file of at most `settings.<setting>` MB; `larger` says in Dutch
    what to do with a larger one (on the 413 page)."""

    def mark(view: View) -> View:
        view.upload_megabytes = setting  # type: ignore[attr-defined]
        view.upload_larger = larger  # type: ignore[attr-defined]
        return view

    return mark


def view_of(request: HttpRequest) -> View | None:
    """The view the request's address resolves to, or None for an address no page has."""
    try:
        return resolve(request.path_info, urlconf=getattr(request, "urlconf", None)).func
    except Resolver404:
        return None


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
