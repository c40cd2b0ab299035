"""What the dossiers hold on one person, for the inzage (AVG art. 15): people/subject_export
merges these lists into the export. Each list is flat, oldest first, and names its case by
number; documents by title (their content is in the case, not repeated here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from doorstroom.cases.models import (
    CareReport,
    Case,
    CaseEntry,
    ContactAttempt,
    Document,
    FollowUp,
    HaltReferral,
    Hearing,
    Intake,
    OfficialReport,
    Plan,
)
from doorstroom.partners.models import Consent, Referral
from doorstroom.people.models import Person

Record = dict[str, Any]


def case_records(person: Person, employee: Callable[[Any], str]) -> dict[str, list[Record]]:
    cases = Case.objects.filter(person=person)
    of = {"case__person": person}
    return {
        "cases": [
            {
                "number": c.number, "desk": c.desk, "desk_label": c.get_desk_display(),
                "state": c.state, "state_label": c.get_state_display(), "coach": employee(c.coach),
                "listed_on": c.listed_on, "opened_at": c.opened_at, "outcome": c.outcome,
                "outcome_label": c.get_outcome_display() if c.outcome else "",
                "closed_on": c.closed_on, "closing_reason": c.closing_reason,
            }
            for c in cases.select_related("coach").order_by("id")
        ],
        "case_history": [
            {
                "case": e.case.number, "on": e.on, "at": e.at, "by": employee(e.by) or "systeem",
                "kind": e.kind, "kind_label": e.get_kind_display(), "summary": e.summary,
                "text": e.body, "confidential": e.confidential,
            }
            for e in CaseEntry.objects.filter(**of).select_related("case", "by", "sealed").order_by("at", "id")
        ],
        "contact_attempts": [
            {
                "case": a.case.number, "on": a.on, "channel_label": a.get_channel_display(),
                "result_label": a.get_result_display(), "next_step": a.next_step,
            }
            for a in ContactAttempt.objects.filter(**of).select_related("case").order_by("on", "id")
        ],
        "intakes": [
            {
                "case": i.case.number, "held_on": i.held_on,
                "reasons": ", ".join(r.label for r in i.reasons.all()), "reason_note": i.reason_note,
                "situation": "; ".join(f"{s.get_domain_display()}: {s.note}" for s in i.situation.all()),
                "goal": i.goal,
            }
            for i in Intake.objects.filter(**of).select_related("case").prefetch_related("reasons", "situation")
        ],
        "plans": [
            {
                "case": p.case.number, "version": p.version, "made_on": p.made_on,
                "kind_label": p.get_kind_display(), "agreements": p.agreements,
                "goals": "; ".join(
                    f"{g.description} (streefdatum {g.due_on:%d-%m-%Y}"
                    + (f", behaald {g.achieved_on:%d-%m-%Y})" if g.achieved_on else ")")
                    for g in p.goals.all()
                ),
                "partners": ", ".join(o.name for o in p.partners.all()),
                "measure": p.measure.name if p.measure else "", "cost": p.cost,
            }
            for p in Plan.objects.filter(**of)
            .select_related("case", "measure")
            .prefetch_related("goals", "partners")
            .order_by("case_id", "version")
        ],
        "consents": [
            {
                "case": c.case.number, "organisation": c.organisation.name, "scope": c.scope,
                "given_on": c.given_on, "given_by": c.given_by,
                "given_by_label": c.get_given_by_display() if c.given_by else "",
                "valid_until": c.valid_until, "withdrawn_on": c.withdrawn_on,
            }
            for c in Consent.objects.filter(person=person).select_related("case", "organisation")
        ],
        "referrals": [
            {
                "case": r.case.number, "organisation": r.organisation.name,
                "referred_on": r.referred_on, "reason": r.reason,
                "legal_basis_label": r.get_legal_basis_display(), "shared": r.shared,
                "shared_until": r.shared_until, "status_label": r.get_status_display(),
                "outcome": r.outcome,
            }
            for r in Referral.objects.filter(**of).select_related("case", "organisation")
        ],
        "follow_ups": [
            {
                "case": f.case.number, "due_on": f.due_on, "done_on": f.done_on,
                "result_label": f.get_result_display() if f.result else "", "note": f.note,
                "lapsed_on": f.lapsed_on, "lapse_reason": f.lapse_reason,
            }
            for f in FollowUp.objects.filter(**of).select_related("case")
        ],
        "leerplicht": [
            *(
                {"case": h.case.number, "on": h.held_on, "what": f"{h.get_who_display()} gehoord", "detail": h.summary}
                for h in Hearing.objects.filter(**of).select_related("case")
            ),
            *(
                {"case": h.case.number, "on": h.referred_on, "what": "Halt-verwijzing",
                 "detail": f"{h.hours_absent} uur verzuim; {h.get_outcome_display() or 'loopt'}"}
                for h in HaltReferral.objects.filter(**of).select_related("case")
            ),
            *(
                {"case": o.case.number, "on": o.sent_on or o.deadline, "what": "proces-verbaal",
                 "detail": o.get_outcome_display() or ("verstuurd" if o.sent_on else "nog niet verstuurd")}
                for o in OfficialReport.objects.filter(**of).select_related("case")
            ),
            *(
                {"case": c.case.number, "on": c.made_on, "what": c.get_kind_display(), "detail": c.to}
                for c in CareReport.objects.filter(**of).select_related("case")
            ),
        ],
        "documents": [
            {"case": d.case.number, "title": d.title, "added_at": d.added_at, "letter": d.letter}
            for d in Document.objects.filter(**of).select_related("case").order_by("added_at", "id")
        ],
    }  # fmt: skip
