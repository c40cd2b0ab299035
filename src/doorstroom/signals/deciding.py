"""Signalling's decisions for one person looked at: which open signals close (and what they
hand over to), which are raised, which melding joins which signal, the JIKP membership, and
when to look again; the rules of detection.py applied to what reading.py read (a
`Candidate`), gathered into the `Writes` that writing.py writes. No database here: the run
around it, the batches and the transactions, is services.py's.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from doorstroom import dates
from doorstroom.deliveries.models import ReportKind
from doorstroom.people import rules
from doorstroom.people.choices import Desk
from doorstroom.signals.choices import SignalKind, SourceKind
from doorstroom.signals.detection import (
    CASE_OUTCOME,
    COVERED_BY_OPEN,
    Finding,
    OpenSignal,
    Situation,
    closing,
    findings,
    jikp_year,
    new_findings,
    recheck_on,
)
from doorstroom.signals.models import SignalSource
from doorstroom.signals.reading import Candidate
from doorstroom.signals.report_rules import absence_rule
from doorstroom.signals.writing import NewSignal, Writes


def decide(person: Candidate, on: date, writes: Writes) -> None:
    """What the register and the meldingen ask for this person today, added to `writes`: the
    open signals that close (and the one a closing hands over to), the new ones, a melding
    joining a signal or raising one, the JIKP membership, and when to look again."""
    situation = person.situation
    found = findings(situation, on)
    still_open: set[tuple[SignalKind, Desk]] = set()
    created: dict[tuple[SignalKind, Desk], NewSignal] = {}
    closed: set[int] = set()
    for row in person.open:
        signal = OpenSignal(
            SignalKind(row["kind"]), Desk(row["desk"]), row["region_id"], row["raised_on"],
            row["from_register"],
        )  # fmt: skip
        ended = closing(signal, situation, on, found)
        if ended is None:
            still_open.add((signal.kind, signal.desk))
            if row["priority"] != person.priority:
                writes.reprioritised.append((person.priority, row["id"]))
            if row["date_of_birth"] != situation.facts.date_of_birth:
                writes.born.append((situation.facts.date_of_birth.isoformat(), row["id"]))
            continue
        writes.closed.append((ended.resolution, ended.reason[:300], row["id"]))
        closed.add(row["id"])
        if ended.resolution in CASE_OUTCOME:
            writes.cases_ended[(person.pk, row["region_id"])] = (ended.resolution, ended.reason)
        if ended.handover and (ended.handover.kind, ended.handover.desk) not in still_open:
            need = (ended.handover.kind, ended.handover.desk)
            still_open.add(need)
            created[need] = _signal(person, ended.handover, on, row["id"], register=False)
            writes.new.append(created[need])
    by_need = {(row["kind"], row["desk"]): row for row in person.open}
    for finding in found:
        row = by_need.get((finding.kind, finding.desk))
        if (
            row is not None
            and (finding.kind, finding.desk) in still_open
            and not row["from_register"]
        ):
            # A melding came first; now the register says the same: one signal, two sources.
            writes.confirmed.append((person.priority, row["id"]))
            writes.sources.append(
                SignalSource(signal_id=row["id"], kind=SourceKind.REGISTER, noted_on=on)
            )
    for finding in new_findings(found, still_open, person.seen_exemptions):
        still_open.add((finding.kind, finding.desk))
        signal = _signal(person, finding, on, None, register=True)
        created[(finding.kind, finding.desk)] = signal
        writes.new.append(signal)
        writes.new_sources.append((signal, SourceKind.REGISTER, None))
    _reports(person, on, found, still_open, by_need, created, writes)
    _jikp(person, on, writes)
    if still_open:
        _recheck(person, on, created, closed, writes)


def _recheck(person: Candidate, on: date, created: dict, closed: set[int], writes: Writes) -> None:
    """Note when the person's open signals need looking at again (see signal_region): on
    the first day a date in the facts comes due."""
    recheck = recheck_on(person.situation, on)
    for signal in created.values():
        signal.recheck_on = recheck
    for row in person.open:
        if row["id"] not in closed and (row["checked_on"], row["recheck_on"]) != (on, recheck):
            writes.checked.append((on, recheck, row["id"]))


def _reports(
    person: Candidate,
    on: date,
    found: list[Finding],
    still_open: set,
    by_need: dict,
    created: dict,
    writes: Writes,
) -> None:
    """A melding joins the open signal for the same need (one already there, or one this
    run raises), or one that carries that need (a handover at 18, the end of a
    vrijstelling), or raises one; closed at once when the register already answers it
    (a school that started after the melding, a startkwalificatie), as the next run would."""
    situation = person.situation
    for report in person.reports:
        reported_on = timezone.localdate(report["reported_at"])
        finding = report_finding(situation, report["subject"], reported_on, on, report["kind"])
        if finding is None:
            if rules.is_beyond_every_desk(situation.facts, on, situation.upper_age):
                # It would wait for ever: closed, as a death or the upper age closes a signal
                # and its meldingen (the reporter learns no more than from any closing).
                writes.reports_closed.append(report["id"])
            continue
        need = _carrier((finding.kind, finding.desk), still_open)
        if need in still_open and need not in created:
            writes.sources.append(
                SignalSource(
                    signal_id=by_need[need]["id"], kind=SourceKind.REPORT,
                    report_id=report["id"], noted_on=on,
                )
            )  # fmt: skip
            continue
        if need not in created:
            raised_on = min(reported_on, on)
            signal = OpenSignal(finding.kind, finding.desk, situation.region_id, raised_on, False)
            created[need] = _signal(person, finding, raised_on, None, register=False)
            created[need].school_id = report["school_id"] or person.school_id
            created[need].closing = closing(signal, situation, on, found)
            if created[need].closing is None:
                still_open.add(need)
            writes.new.append(created[need])
        writes.new_sources.append((created[need], SourceKind.REPORT, report["id"]))


def _carrier(need: tuple[SignalKind, Desk], still_open: set) -> tuple[SignalKind, Desk]:
    """The open need that carries `need`: itself, or one that covers it at the same desk."""
    if need in still_open:
        return need
    kind, desk = need
    for carrier, covered in COVERED_BY_OPEN.items():
        if kind in covered and (carrier, desk) in still_open:
            return (carrier, desk)
    return need


def report_finding(
    situation: Situation, subject: str, reported_on: date, on: date, absence_kind: str = ""
) -> Finding | None:
    """Which need a melding is about, at the desk responsible for the young person today; a
    verzuimmelding cites the rule of its verzuimsoort at the age on the day of the verzuim."""
    desk = rules.responsible_desk(situation.facts, on, situation.upper_age)
    if desk is None:
        return None
    when = dates.format_date(reported_on)
    cites = ""
    if subject == ReportKind.ABSENCE:
        kind = SignalKind.ABSENCE_REPORT
        reason = f"verzuimmelding van {when}"
        then = rules.responsible_desk(situation.facts, reported_on, situation.upper_age)
        cites = absence_rule(absence_kind, then)
    elif subject == ReportKind.LEFT_SCHOOL:
        kind = SignalKind.ABSOLUTE_ABSENCE if desk == Desk.LEERPLICHT else SignalKind.NEW_VSV
        reason = f"uitgeschreven zonder startkwalificatie (gemeld {when})"
    else:
        kind = SignalKind.CONCERN
        reason = f"zorgsignaal van {when}"
    if kind in situation.covered(on):
        return None
    return Finding(kind, desk, lambda: reason, cites=cites)


def _jikp(person: Candidate, on: date, writes: Writes) -> None:
    facts = person.situation.facts
    if not person.jikp and not any(e.kind in rules.JIKP_FIRST_KINDS for e in facts.enrolments):
        return  # a member was at a JIKP school on the first peildatum (most candidates never)
    member = rules.is_jikp(facts, jikp_year(on))
    if member and not person.jikp:
        writes.jikp_in.append(person.pk)
    elif person.jikp and not member:
        writes.jikp_out.append(person.pk)


def _signal(
    person: Candidate, finding: Finding, on: date, handed_over_from: int | None, *, register: bool
) -> NewSignal:
    return NewSignal(
        person_id=person.pk,
        region_id=person.situation.region_id,
        desk=finding.desk,
        kind=finding.kind,
        reason=finding.reason[:500],
        raised_on=on,
        date_of_birth=person.situation.facts.date_of_birth,
        due_on=on + timedelta(days=person.deadline_days),
        from_register=register,
        school_id=person.school_id,
        priority=person.priority,
        exemption_id=finding.exemption_key,
        handed_over_from_id=handed_over_from,
        rule=finding.rule,
    )
