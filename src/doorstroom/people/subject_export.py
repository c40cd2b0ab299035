"""Everything held on one person, as plain data (AVG art. 15: the right of access).

`gather(person)` collects it; `as_json` renders it for machines (schema in
docs/formats/subject-export.md); people/subject_pdf.py renders it for the person.
Employees appear by name only, reporters as the organisation and contact as stored: never
an account, username or IP address.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from doorstroom.accounts.models import AuditEvent, User
from doorstroom.cases.subject import case_records
from doorstroom.deliveries.models import ImportRun, RejectedRow, Report
from doorstroom.people.models import IncomeMatch, Person
from doorstroom.signals.models import Signal

SCHEMA = "doorstroom.subject-export/1"
Record = dict[str, Any]


def gather(person: Person, now: datetime | None = None) -> Record:
    """Every record about `person`, each list oldest first; nothing about anyone else."""
    return {
        "schema": SCHEMA,
        "generated_at": now or timezone.now(),
        "region": person.municipality.region.name,
        "person": _person(person),
        "residences": [
            _residence(r)
            for r in person.residences.select_related("municipality").order_by("valid_from")
        ],
        "enrolments": [_enrolment(e) for e in person.enrolments.select_related("school")],
        "results": [_result(r) for r in person.results.select_related("school")],
        "income_match": _income(IncomeMatch.objects.filter(person=person).first()),
        "exemptions": [_exemption(e) for e in person.exemptions.order_by("start_date", "id")],
        "reports": [
            _report(r)
            for r in Report.objects.filter(person=person)
            .select_related("school")
            .order_by("reported_at", "id")
        ],
        "signals": [
            _signal(s)
            for s in Signal.objects.filter(person=person)
            .select_related("school", "assigned_to", "case")
            .prefetch_related("sources__report")
            .order_by("raised_on", "id")
        ],
        **case_records(person, _employee),
        "cohorts": [
            {"cohort": m.cohort, "cohort_label": m.get_cohort_display(), "year": m.year}
            for m in person.cohorts.order_by("year", "cohort")
        ],
        "rectifications": [
            {
                "at": r.at,
                "by": _employee(r.user),
                "field": r.field,
                "field_label": r.field_label,
                "old_value": r.old_value,
                "new_value": r.new_value,
                "reason": r.reason,
            }
            for r in person.rectifications.select_related("user").order_by("at", "id")
        ],
        "deliveries": [
            _delivery(run)
            for run in ImportRun.objects.of_the_area(person.municipality.region_id)
            .that_changed(person.pk)
            .select_related("user")
            .order_by("created_at", "id")
        ],
        "refused_rows": [
            _refused(row)
            for row in RejectedRow.objects.naming(
                person.bsn_hash, person.municipality.region_id
            ).order_by("run__delivery_date", "run_id", "line")
        ],
        "access_log": [
            {
                "at": e.at,
                "by": _employee(e.user),
                "action": e.action,
                "action_label": e.get_action_display(),
                "reason": e.reason,
            }
            for e in AuditEvent.objects.filter(person_id=person.pk)
            .select_related("user")
            .order_by("at", "id")
        ],
    }


def as_json(data: Record) -> str:
    """Dates as ISO 8601 (2026-03-01), moments with their UTC offset."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _employee(user: User | None) -> str:
    """An employee by name, as the person may know them from letters; never the account."""
    if user is None:
        return ""
    return user.get_full_name() or "een medewerker"


def _delivery(run: ImportRun) -> Record:
    """A delivery that added or changed the person's data, and who read it in."""
    return {
        "file_name": run.file_name,
        "kind": run.kind,
        "kind_label": run.get_kind_display(),
        "delivery_date": run.delivery_date,
        "applied_at": run.finished_at,
        "by": _employee(run.user),
    }


def _refused(row: RejectedRow) -> Record:
    """A row about the person that a delivery brought and the import refused: kept, as it
    came, until the retention job deletes it."""
    return {
        "file_name": row.run.file_name,
        "kind": row.run.kind,
        "kind_label": row.run.get_kind_display(),
        "delivery_date": row.run.delivery_date,
        "line": row.line,
        "field": row.field,
        "reason": row.message,
        "row": row.raw,
    }


def _person(p: Person) -> Record:
    return {
        "bsn": p.bsn,
        "given_names": p.given_names,
        "surname_prefix": p.surname_prefix,
        "surname": p.surname,
        "date_of_birth": p.date_of_birth,
        "phone": p.phone,
        "email": p.email,
        "date_of_death": p.date_of_death,
        "date_of_emigration": p.date_of_emigration,
        "municipality": p.municipality.name,
        "municipality_code": p.municipality.code,
        "reported_only": p.reported_only,
    }


def _residence(r) -> Record:
    return {
        "street": r.street,
        "house_number": r.house_number,
        "house_number_addition": r.house_number_addition,
        "postcode": r.postcode,
        "city": r.city,
        "municipality": r.municipality.name,
        "valid_from": r.valid_from,
        "valid_to": r.valid_to,
    }


def _enrolment(e) -> Record:
    return {
        "school": e.school.name,
        "school_code": e.school.code,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "vso_profile": e.vso_profile,
        "mbo_pathway": e.mbo_pathway,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "leaving_reason": e.leaving_reason,
    }


def _result(r) -> Record:
    return {
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "result_type": r.result_type,
        "result_type_label": r.get_result_type_display(),
        "obtained_on": r.obtained_on,
        "school": r.school.name if r.school else "",
    }


def _income(match: IncomeMatch | None) -> Record | None:
    if match is None:
        return None
    return {
        "priority": match.priority,
        "priority_label": match.get_priority_display(),
        "reported_on": match.reported_on,
    }


def _exemption(e) -> Record:
    return {
        "article": e.article,
        "article_label": e.get_article_display(),
        "start_date": e.start_date,
        "end_date": e.end_date,
        "decision_reference": e.decision_reference,
        "registered_at": e.registered_at,
    }


def _report(r: Report) -> Record:
    """A melding as the reporter made it: the school and contact as stored, not the account."""
    return {
        "report_number": r.report_number,
        "source": r.source,
        "source_label": r.get_source_display(),
        "subject": r.subject,
        "subject_label": r.get_subject_display(),
        "absence_kind": r.kind,
        "absence_kind_label": r.get_kind_display() if r.kind else "",
        "reported_at": r.reported_at,
        "school": r.school.name if r.school else "",
        "contact_person": r.contact_person,
        "reported_name": r.reported_name,
        "suspected_reason": r.suspected_reason,
        "explanation": r.explanation,
        "action": r.action,
        "days_absent": r.days_absent,
        "school_year": r.school_year,
        "level": r.level,
        "pathway": r.pathway,
        "status": r.status,
        "status_label": r.get_status_display(),
    }


def _signal(s: Signal) -> Record:
    return {
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "desk": s.desk,
        "desk_label": s.get_desk_display(),
        "status": s.status,
        "status_label": s.get_status_display(),
        "reason": s.reason,
        "rule": s.rule,
        "raised_on": s.raised_on,
        "due_on": s.due_on,
        "school": s.school.name if s.school else "",
        "priority": s.priority,
        "assigned_to": _employee(s.assigned_to),
        "case": s.case.number if s.case else None,
        "closed_on": s.closed_on,
        "resolution": s.resolution,
        "resolution_label": s.get_resolution_display() if s.resolution else "",
        "resolution_reason": s.resolution_reason,
        "sources": [
            {
                "kind": source.kind,
                "kind_label": source.get_kind_display(),
                "report_number": source.report.report_number if source.report else "",
                "noted_on": source.noted_on,
            }
            for source in s.sources.all()
        ],
    }
