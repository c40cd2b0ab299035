"""The client's address, as the log-in lock-out (django-axes) and the audit log see it.

Behind a reverse proxy `REMOTE_ADDR` is the proxy's address: every user would share one
lock-out count per username, and the audit log would name the proxy. With
`DOORSTROOM_TRUSTED_PROXIES` = N the address is the N-th from the right in the header the
proxies append to (`DOORSTROOM_CLIENT_ADDRESS_HEADER`, X-Forwarded-For by default): the one
the outermost trusted proxy received the request from. Entries further left were written by
the client itself and are never believed. A request with fewer entries than proxies (it did
not pass them all) or with something that is no IP address there keeps `REMOTE_ADDR`.

Our own few lines rather than django-ipware: its default reads the left-most entry, which
the client chooses.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    hops = [hop.strip() for hop in request.META.get(settings.CLIENT_ADDRESS_META, "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote
    try:
        return str(ip_address(hops[-proxies]))
    except ValueError:
        return remote
