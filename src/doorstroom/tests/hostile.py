"""What the hostile-form tests share (test_hostile_forms.py, cases/tests/
test_hostile_case_forms.py): the payloads and hypothesis strategies, a valid submission
mutated, what a request could have stored, and what a refusal must look like (a Dutch
message, no 500, what is shown again HTML-escaped)."""

from __future__ import annotations

from django.contrib.messages import ERROR, get_messages
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from doorstroom.accounts.factories import log_in_verified
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.cases.models import Case
from doorstroom.deliveries.models import ImportRun, Report
from doorstroom.people.models import Exemption, Person
from doorstroom.signals.models import SavedFilter, Signal

# Bounded for CI: each module that uses it runs in well under a minute on two cores.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    "", " ", "\x00", "a\x00b", "\x01\x08\x1b[31m\x7f", "\u202egnp.exe\u202c", "\u200b\ufeff",
    "😀" * 40, "é" * 300, "x" * 5000, SCRIPT, '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --", "'); DROP TABLE people_person; --", '=HYPERLINK("http://evil")', "+1+1",
    "@SUM(A1)", "-1", "0", "1e309", "9" * 5000, str(2**63), str(-(2**63)), "NaN", "null", "[]",
    "{}", "%00", "../../etc/passwd", "\r\n\r\n", "niemand", "mij", "onbekend", "31-02-2026",
    "29-02-2025", "00-00-0000", "01-01-0001", "31-12-9999", "01-01-10000", "2026-02-31",
    "31-12-1899", "9999-12-31", "123456", "١٢٣٤٥٦", "²²²²²²", "12 34 56",
]  # fmt: skip
EDGE_DATES = ["01-01-0001", "31-12-9999", "0001-01-01", "9999-12-31", "31-12-1899", "01-01-1900"]
HOSTILE = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=60),
    st.uuids().map(str),
    st.integers().map(str),
)
DATES = st.sampled_from(EDGE_DATES) | st.dates().map(
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year:04d}"
)
DATE_FIELDS = ("date", "_on", "_from", "_to", "date_of_birth")
FIELD_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
WRITES = [
    AuditAction.CREATE, AuditAction.CHANGE, AuditAction.DELETE, AuditAction.EXPORT,
    AuditAction.LOGIN, AuditAction.TWO_FACTOR_PASSED, AuditAction.TWO_FACTOR_ENROLLED,
]  # fmt: skip
ERROR_MARKUP = ("utrecht-form-field-error-message", 'role="alert"')


def mutated(draw, valid: dict[str, str], extras: list[str] = ()) -> dict[str, object]:
    """A valid submission with fields dropped, doubled (a key twice), replaced or added."""
    anything = st.one_of(HOSTILE, st.sampled_from(list(extras))) if extras else HOSTILE
    data: dict[str, object] = dict(valid)
    for key in sorted(valid):
        how = draw(st.sampled_from(["replace", "keep", "replace", "drop", "twice"]))
        value = st.one_of(DATES, anything) if key.endswith(DATE_FIELDS) else anything
        if how == "keep":
            continue
        if how == "drop":
            del data[key]
        elif how == "twice":
            data[key] = [draw(value), draw(value)]
        else:
            data[key] = draw(value)
    for key in draw(st.lists(FIELD_NAME, max_size=2)):
        data[key] = draw(anything)
    # A browser always sends the token (the test client does not check it): never an empty POST.
    return {**data, "csrfmiddlewaretoken": "token"}


def stored() -> dict[str, object]:
    """What a request could have written; reads and failed log-ins are logged, not stored."""
    return {
        "persons": Person.objects.count(),
        "reports": list(Report.objects.order_by("pk").values_list("pk", "status")),
        "exemptions": Exemption.objects.count(),
        "signals": list(
            Signal.objects.order_by("pk").values_list("pk", "status", "assigned_to_id")
        ),
        "saved_filters": list(
            SavedFilter.objects.order_by("pk").values_list("pk", "name", "query")
        ),
        "import_runs": ImportRun.objects.count(),
        "cases": Case.objects.count(),
        "audited_writes": AuditEvent.objects.filter(action__in=WRITES).count(),
    }


def assert_escaped(response) -> None:
    assert response.status_code != 500
    body = response.content
    assert b"<script>alert" not in body
    assert b"<img src=x" not in body


def assert_refused_in_dutch(response) -> None:
    assert response.status_code == 200
    assert any(marker in response.content.decode() for marker in ERROR_MARKUP)
    assert_escaped(response)


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == ERROR]


def logged_in(user) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def dutch(day) -> str:
    return f"{day:%d-%m-%Y}"
