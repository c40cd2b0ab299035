"""The OpenAPI document: served publicly at /api/v1/openapi.json, the same as the committed
docs/api/openapi.json (regenerate: `doorstroom openapi > docs/api/openapi.json`), and
describing exactly the API's routes."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import get_resolver

from doorstroom.api.schema import document

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parents[4] / "docs" / "api" / "openapi.json"


def test_the_committed_document_is_what_drf_spectacular_makes_now():
    assert COMMITTED.read_bytes() == document(), (
        "docs/api/openapi.json is verouderd: doorstroom openapi > docs/api/openapi.json"
    )


def test_the_document_is_served_to_anyone_without_a_key():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == document()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_another_method_on_the_document_is_a_405_problem(method):
    response = getattr(Client(enforce_csrf_checks=True), method)("/api/v1/openapi.json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["title"] == "Methode niet toegestaan"


def test_the_document_describes_every_api_route_and_nothing_else():
    resolver = get_resolver()
    api = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api")
    # (the document itself, and the 404 for whatever address is left, are no routes of it)
    routes = {str(p.pattern) for p in api.url_patterns} - {"openapi.json", "^"}
    paths = set(json.loads(document())["paths"])
    assert paths == {"/meldingen", "/meldingen/{meldingnummer}"}
    assert routes == {"meldingen", "meldingen/<path:meldingnummer>"}


def test_the_document_says_what_the_design_rules_ask():
    doc = json.loads(document())
    assert doc["info"]["version"] == "1.0.0"
    assert doc["servers"][0]["url"].startswith("https://") and "/v1" in doc["servers"][0]["url"]
    for path in doc["paths"].values():
        for operation in path.values():
            for code, response in operation["responses"].items():
                assert "API-Version" in response["headers"]
                if code.startswith("4"):
                    assert list(response["content"]) == ["application/problem+json"]


def test_the_documented_example_makes_a_melding(school, deventer):
    from doorstroom.api.tests.conftest import client_with, key_for, post

    operation = json.loads(document())["paths"]["/meldingen"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["examples"]
    assert deventer.code == example["Verzuimmelding"]["value"]["woongemeente"]
    response = post(client_with(key_for(school)), example["Verzuimmelding"]["value"])
    assert response.status_code == 201, response.json()
