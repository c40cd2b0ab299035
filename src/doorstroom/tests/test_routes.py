"""What a page takes, said on its view: its methods (a GET brings HEAD) and its upload."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from doorstroom import routes


@pytest.mark.parametrize(
    ("taken", "allowed"),
    [
        (("GET",), ("GET", "HEAD")),
        (("POST", "GET"), ("GET", "HEAD", "POST")),
        (("POST",), ("POST",)),
        (("GET", "no HEAD"), ("GET",)),  # a download
    ],
)
def test_a_view_says_its_methods_in_the_allow_headers_order_and_refuses_others(taken, allowed):
    head = "no HEAD" not in taken
    taken = tuple(method for method in taken if method != "no HEAD")
    view = routes.methods(*taken, head=head)(lambda request: HttpResponse("ja"))
    assert routes.allowed_methods(view) == allowed
    for method in ("GET", "HEAD", "POST", "PUT"):
        response = view(RequestFactory().generic(method, "/"))
        assert (response.status_code == 405) is (method not in allowed)
        if response.status_code == 405:
            assert response["Allow"] == ", ".join(allowed)


@pytest.mark.parametrize("taken", [(), ("PUT",), ("GET", "OPTIONS")])
def test_a_page_takes_no_method_a_browser_does_not_send(taken):
    with pytest.raises(ValueError, match="a page takes some of GET, HEAD, POST"):
        routes.methods(*taken)
