"""An auditor's hand-worked cases for signalling, worked from DOMAIN.md before the code or
its other tests were read: which signal, at which desk, for concrete young people on
concrete days, and why an open signal closes. Each row's comment is the arithmetic.
"""

import pytest

from doorstroom.deliveries.models import AbsenceKind, ReportKind
from doorstroom.people.choices import Desk, ExemptionArticle, VsoProfile
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.tests.rulefacts import D, certificate, diploma, enrolled, person
from doorstroom.signals import detection
from doorstroom.signals.choices import Resolution, SignalKind
from doorstroom.signals.detection import ExemptionFact, OpenSignal, Situation
from doorstroom.signals.report_rules import report_refusals

ON = D(2026, 3, 2)
ABSENT = (SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)
VSV_DSP = (SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)
ENDED = (SignalKind.EXEMPTION_ENDED, Desk.LEERPLICHT)


def left_on_31_january(born, kind=K.MBO_1, results=(), profile=None, **kwargs):
    return person(
        born, [enrolled(kind, D(2023, 8, 20), D(2026, 1, 31), profile)], results, **kwargs
    )


FEBRUARY, JUNE = D(2026, 2, 1), D(2026, 6, 30)


def exemption(article, start=FEBRUARY, end=JUNE):
    return ExemptionFact(article, start, end, key=1)


# Born 10 November 2010: 15 on 2 March 2026, volledig leerplichtig to 31 July 2027.
PUPIL_15 = left_on_31_january(D(2010, 11, 10), K.VMBO_KB)
# Born 10 November 2015: 10, left primary school on 31 January 2026.
PUPIL_10 = left_on_31_january(D(2015, 11, 10), K.PO)
# Born 10 November 2008: 17, leerplicht ended 31 July 2025, kwalificatieplichtig to 18.
STUDENT_17 = left_on_31_january(D(2008, 11, 10))
# Born 10 November 2006: 19, from 18 the Doorstroompunt.
ADULT_19 = left_on_31_january(D(2006, 11, 10))

# "absoluut verzuim (leerplichtig and not enrolled anywhere: found by the system itself from
#  the register)"; kwalificatieplicht "until the 18th birthday or until an SK"; the vsv'er;
#  "the system routes every signal to the right desk by age on the day of the signal";
#  "Vrijstellingen ... stop signals for that person while valid."
FINDINGS = [
    pytest.param(Situation(PUPIL_15, 1), ON, [ABSENT], id="15-not-enrolled-absoluut-verzuim"),
    pytest.param(Situation(STUDENT_17, 1), ON, [ABSENT], id="17-no-sk-kwalificatieplicht"),
    pytest.param(
        Situation(left_on_31_january(D(2008, 11, 10), results=[diploma(K.HAVO, D(2025, 7, 1))]), 1),
        ON,
        [],
        id="17-with-havo-no-duty-no-vsv",
    ),
    pytest.param(
        Situation(
            left_on_31_january(D(2008, 11, 10), results=[diploma(K.VMBO_GL, D(2025, 7, 1))]), 1
        ),
        ON,
        [ABSENT],
        id="17-with-vmbo-diploma-still-kwalificatieplichtig",
    ),
    pytest.param(Situation(ADULT_19, 1), ON, [VSV_DSP], id="19-vsv-doorstroompunt"),
    # Born 10 November 2000: 25, a vsv'er of the caseload to 27, not of a region to 23.
    pytest.param(
        Situation(left_on_31_january(D(2000, 11, 10)), 1, upper_age=27),
        ON,
        [VSV_DSP],
        id="25-region-to-27",
    ),
    pytest.param(
        Situation(left_on_31_january(D(2000, 11, 10)), 1, upper_age=23),
        ON,
        [],
        id="25-region-to-23",
    ),
    pytest.param(
        Situation(
            left_on_31_january(D(2008, 11, 10), K.PRO, [certificate(K.PRO, D(2026, 1, 31))]), 1
        ),
        ON,
        [],
        id="17-pro-certificate",
    ),
    pytest.param(
        Situation(left_on_31_january(D(2008, 11, 10), K.PRO), 1),
        ON,
        [ABSENT],
        id="17-left-pro-without-certificate",
    ),
    pytest.param(
        Situation(left_on_31_january(D(2008, 11, 10), K.VSO, profile=VsoProfile.ARBEIDSMARKT), 1),
        ON,
        [],
        id="17-vso-arbeidsmarkt",
    ),
    pytest.param(
        Situation(left_on_31_january(D(2006, 11, 10), K.VSO, profile=VsoProfile.DAGBESTEDING), 1),
        ON,
        [],
        id="19-vso-dagbesteding",
    ),
    # Born 5 May 2015, never enrolled: 10 and leerplichtig since 1 June 2020.
    pytest.param(Situation(person(D(2015, 5, 5)), 1), ON, [ABSENT], id="10-never-enrolled"),
    pytest.param(
        Situation(person(D(2015, 5, 5)), 1, known_to_register=False),
        ON,
        [],
        id="only-a-melding-knows-of-them",
    ),
    # Born 5 May 2021: 4, leerplichtig from 1 June 2026.
    pytest.param(Situation(person(D(2021, 5, 5)), 1), ON, [], id="4-not-yet-leerplichtig"),
    pytest.param(Situation(person(D(2021, 5, 5)), 1), D(2026, 6, 1), [ABSENT], id="5-next-month"),
    # Born 2 March 2008, left mbo-1: 18 on 2 March 2026.
    pytest.param(
        Situation(left_on_31_january(D(2008, 3, 2)), 1),
        D(2026, 3, 1),
        [ABSENT],
        id="day-before-18-leerplicht",
    ),
    pytest.param(
        Situation(left_on_31_january(D(2008, 3, 2)), 1),
        D(2026, 3, 2),
        [VSV_DSP],
        id="18th-birthday-doorstroompunt",
    ),
    # The enrolment's last day is 31 January: enrolled then, out of school from 1 February.
    pytest.param(Situation(ADULT_19, 1), D(2026, 1, 31), [], id="last-day-enrolled"),
    pytest.param(Situation(ADULT_19, 1), D(2026, 2, 1), [VSV_DSP], id="first-day-out"),
    pytest.param(
        Situation(left_on_31_january(D(2006, 11, 10), died=ON), 1), ON, [], id="died-today"
    ),
    pytest.param(
        Situation(left_on_31_january(D(2006, 11, 10), emigrated=ON), 1),
        ON,
        [],
        id="emigrated-today",
    ),
    # Vrijstellingen from 1 February to 30 June 2026 for the 10-year-old out of school.
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.PHYSICAL),)),
        ON,
        [],
        id="5a-valid",
    ),
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.DENOMINATION),)),
        ON,
        [],
        id="5b-valid",
    ),
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.ABROAD),)),
        ON,
        [],
        id="5c-valid",
    ),
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.SUBSTITUTE),)),
        ON,
        [],
        id="3a-valid",
    ),
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.PHYSICAL),)),
        D(2026, 6, 30),
        [],
        id="5a-on-its-last-day",
    ),
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.PHYSICAL),)),
        D(2026, 7, 1),
        [ENDED, ABSENT],
        id="5a-day-after-it-ended",
    ),
    pytest.param(
        Situation(
            PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.PHYSICAL, start=D(2026, 3, 3)),)
        ),
        ON,
        [ABSENT],
        id="5a-from-tomorrow",
    ),
    # Art. 11 frees an enrolled pupil from regular attendance; not enrolled stays absoluut.
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.ATTENDANCE),)),
        ON,
        [ABSENT],
        id="11-not-enrolled-still-absoluut-verzuim",
    ),
    # Art. 15 frees from the kwalificatieplicht: not for the 15-year-old, for the 17-year-old.
    pytest.param(
        Situation(PUPIL_15, 1, exemptions=(exemption(ExemptionArticle.QUALIFICATION),)),
        ON,
        [ABSENT],
        id="15-art-15-while-leerplichtig",
    ),
    pytest.param(
        Situation(STUDENT_17, 1, exemptions=(exemption(ExemptionArticle.QUALIFICATION),)),
        ON,
        [],
        id="17-art-15",
    ),
    pytest.param(
        Situation(STUDENT_17, 1, exemptions=(exemption(ExemptionArticle.QUALIFICATION),)),
        D(2026, 7, 1),
        [ENDED, ABSENT],
        id="17-art-15-ended",
    ),
    pytest.param(
        Situation(ADULT_19, 1, exemptions=(exemption(ExemptionArticle.PHYSICAL),)),
        ON,
        [],
        id="19-5a-valid-no-vsv-signal",
    ),
    # A vrijstelling that never stopped the signal does not end it either: art. 11 did not
    # free the 10-year-old from being enrolled, art. 15 not the 15-year-old from volledige
    # leerplicht. Their end leaves the absoluut verzuim it always was, not a second need.
    pytest.param(
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.ATTENDANCE),)),
        D(2026, 7, 1),
        [ABSENT],
        id="11-ended-not-enrolled-no-end-signal",
    ),
    # A 5a vrijstelling to 31 January 2025 ended with a return to school the next day; the
    # pupil left again on 31 January 2026: absoluut verzuim, not the end of a vrijstelling.
    pytest.param(
        Situation(
            person(D(2015, 11, 10), [enrolled(K.PO, D(2025, 2, 1), D(2026, 1, 31))]),
            1,
            exemptions=(exemption(ExemptionArticle.PHYSICAL, D(2024, 2, 1), D(2025, 1, 31)),),
        ),
        ON,
        [ABSENT],
        id="5a-ended-back-at-school-then-left-again",
    ),
    pytest.param(
        Situation(PUPIL_15, 1, exemptions=(exemption(ExemptionArticle.QUALIFICATION),)),
        D(2026, 7, 1),
        [ABSENT],
        id="15-art-15-ended-while-leerplichtig-no-end-signal",
    ),
]


@pytest.mark.parametrize(("situation", "on", "expected"), FINDINGS)
def test_findings(situation, on, expected):
    assert [(f.kind, f.desk) for f in detection.findings(situation, on)] == expected


# "Sluitende melding en registratie: every vsv'er is registered, none is missed, none twice."
# The absoluut verzuim of the 10-year-old out of school is open since February, through an
# art. 11 vrijstelling (February to June) that did not stop it: its end on 1 July raises
# nothing new. A 5a vrijstelling did stop it (the signal closed): its end is the one signal.
def test_the_end_of_a_vrijstelling_that_did_not_stop_an_open_signal_raises_nothing():
    attendance = Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.ATTENDANCE),))
    found = detection.findings(attendance, D(2026, 7, 1))
    assert detection.new_findings(found, {ABSENT}, set()) == []
    physical = Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.PHYSICAL),))
    found = detection.findings(physical, D(2026, 7, 1))
    assert [(f.kind, f.desk) for f in detection.new_findings(found, set(), set())] == [ENDED]


def signal(kind, desk):
    """A signal the register raised on 2 February 2026 in region 1."""
    return OpenSignal(kind, desk, 1, D(2026, 2, 2), True)


ABSENT_OPEN = signal(*ABSENT)
VSV_OPEN = signal(*VSV_DSP)

# Closing: "died (closes everything)", "reaches the upper age", "moved out of the region",
# "turns 18 while open at leerplicht (warm handover to the Doorstroompunt)", back at school,
# a startkwalificatie ends the kwalificatieplicht, a vrijstelling stops the signal.
CLOSING = [
    # Born 2 March 2008: 18 on 2 March 2026, handed over that day, not the day before.
    pytest.param(
        ABSENT_OPEN,
        Situation(left_on_31_january(D(2008, 3, 2)), 1),
        D(2026, 3, 1),
        None,
        id="17-stays-open",
    ),
    pytest.param(
        ABSENT_OPEN,
        Situation(left_on_31_january(D(2008, 3, 2)), 1),
        D(2026, 3, 2),
        Resolution.HANDED_OVER,
        id="18-handed-over",
    ),
    # The need the signal carried ended before the 18th birthday, which the weekly delivery
    # tells only after it: back at school from 25 February, or an mbo-2 diploma on 20
    # February ('back in education (resolves the open signal); startkwalificatie obtained
    # (resolves)'). Nothing is left to hand over: the Doorstroompunt's target group is
    # 'jongeren tot 27 jaar zonder startkwalificatie' (seed 000), a vsv'er is 'not enrolled
    # at any school, no SK'.
    pytest.param(
        ABSENT_OPEN,
        Situation(
            person(
                D(2008, 3, 2),
                [
                    enrolled(K.MBO_1, D(2023, 8, 20), D(2026, 1, 31)),
                    enrolled(K.MBO_2, D(2026, 2, 25)),
                ],
            ),
            1,
        ),
        D(2026, 3, 4),
        Resolution.BACK_IN_EDUCATION,
        id="18-but-back-at-school-before-no-handover",
    ),
    pytest.param(
        ABSENT_OPEN,
        Situation(left_on_31_january(D(2008, 3, 2), results=[diploma(K.MBO_2, D(2026, 2, 20))]), 1),
        D(2026, 3, 4),
        Resolution.STARTKWALIFICATIE,
        id="18-but-sk-before-no-handover",
    ),
    # "Vrijstellingen ... stop signals for that person while valid": a 5a vrijstelling from
    # 20 February, told after the 18th birthday, stops the absoluut verzuim; and an art. 11
    # vrijstelling the verzuimmelding of an mbo student. Nothing is left to hand over.
    pytest.param(
        ABSENT_OPEN,
        Situation(
            left_on_31_january(D(2008, 3, 2)),
            1,
            exemptions=(exemption(ExemptionArticle.PHYSICAL, start=D(2026, 2, 20)),),
        ),
        D(2026, 3, 4),
        Resolution.EXEMPTED,
        id="18-but-exempted-before-no-handover",
    ),
    pytest.param(
        signal(SignalKind.ABSENCE_REPORT, Desk.LEERPLICHT),
        Situation(
            person(D(2008, 3, 2), [enrolled(K.MBO_2, D(2025, 8, 25))]),
            1,
            exemptions=(exemption(ExemptionArticle.ATTENDANCE, start=D(2026, 2, 20)),),
        ),
        D(2026, 3, 4),
        Resolution.EXEMPTED,
        id="18-verzuimmelding-art-11-no-handover",
    ),
    pytest.param(
        ABSENT_OPEN,
        Situation(left_on_31_january(D(2008, 11, 10), died=D(2026, 2, 20)), 1),
        ON,
        Resolution.DIED,
        id="died",
    ),
    pytest.param(
        VSV_OPEN,
        Situation(left_on_31_january(D(2006, 11, 10), emigrated=ON), 1),
        ON,
        Resolution.EMIGRATED,
        id="emigrated-today",
    ),
    # Born 2 March 1999: 27 on 2 March 2026.
    pytest.param(
        VSV_OPEN,
        Situation(left_on_31_january(D(1999, 3, 2)), 1),
        D(2026, 3, 1),
        None,
        id="26-stays-open",
    ),
    pytest.param(
        VSV_OPEN,
        Situation(left_on_31_january(D(1999, 3, 2)), 1),
        ON,
        Resolution.UPPER_AGE,
        id="27-upper-age",
    ),
    pytest.param(
        VSV_OPEN,
        Situation(
            person(
                D(2006, 11, 10),
                [
                    enrolled(K.MBO_1, D(2023, 8, 20), D(2026, 1, 31)),
                    enrolled(K.MBO_2, D(2026, 3, 1)),
                ],
            ),
            1,
        ),
        ON,
        Resolution.BACK_IN_EDUCATION,
        id="back-at-school",
    ),
    pytest.param(
        ABSENT_OPEN,
        Situation(
            left_on_31_january(D(2008, 11, 10), results=[diploma(K.MBO_2, D(2026, 3, 1))]), 1
        ),
        ON,
        Resolution.STARTKWALIFICATIE,
        id="17-mbo-2-diploma",
    ),
    # 15 with a havo diploma: the SK does not end volledige leerplicht (to 31 July 2027).
    pytest.param(
        ABSENT_OPEN,
        Situation(left_on_31_january(D(2010, 11, 10), results=[diploma(K.HAVO, D(2026, 3, 1))]), 1),
        ON,
        None,
        id="15-havo-diploma-still-leerplichtig",
    ),
    pytest.param(
        ABSENT_OPEN,
        Situation(PUPIL_10, 1, exemptions=(exemption(ExemptionArticle.PHYSICAL),)),
        ON,
        Resolution.EXEMPTED,
        id="5a-granted",
    ),
    pytest.param(
        ABSENT_OPEN, Situation(PUPIL_15, 2), ON, Resolution.MOVED_OUT, id="moved-out-of-region"
    ),
]


@pytest.mark.parametrize(("open_signal", "situation", "on", "expected"), CLOSING)
def test_closing(open_signal, situation, on, expected):
    closed = detection.closing(open_signal, situation, on)
    assert (closed and closed.resolution) == expected


def test_handover_at_18_goes_to_the_doorstroompunt():
    closed = detection.closing(ABSENT_OPEN, Situation(left_on_31_january(D(2008, 3, 2)), 1), ON)
    assert (closed.handover.kind, closed.handover.desk) == (
        SignalKind.ADULT_HANDOVER,
        Desk.DOORSTROOMPUNT,
    )


# "JIKP ... on 1 October of T+1": the cohort T is complete once 1 October T+1 has come.
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(D(2026, 9, 30), 2024, id="30-september"),
        pytest.param(D(2026, 10, 1), 2025, id="1-october"),
    ],
)
def test_jikp_year(on, expected):
    assert detection.jikp_year(on) == expected


# "Kinds of verzuim: 16 uur in 4 weken (relatief verzuim, under 18) ... Doorstroompunt
#  18-plus verzuim (mbo student of 18 up to 27) · overig"; a melding goes to "the right desk
#  by age on the day", from leerplicht's start to the upper age. Born 2 March 2008: 18 on
#  2 March 2026; born 15 March 2021: leerplichtig from 1 April 2026.
def refused(born, absence_kind, reported_on, today=None):
    return set(
        report_refusals(
            subject=ReportKind.ABSENCE,
            absence_kind=absence_kind,
            days_absent=None,
            date_of_birth=born,
            reported_on=reported_on,
            today=today or reported_on,
            upper_age=27,
        )
    )


REFUSALS = [
    pytest.param(
        D(2008, 3, 2), AbsenceKind.SIXTEEN_HOURS, D(2026, 3, 1), None, set(), id="16-uur-at-17"
    ),
    pytest.param(
        D(2008, 3, 2), AbsenceKind.SIXTEEN_HOURS, ON, None, {"absence_kind"}, id="16-uur-on-18th"
    ),
    pytest.param(
        D(2008, 3, 2), AbsenceKind.ADULT, D(2026, 3, 1), None, {"absence_kind"}, id="18+-at-17"
    ),
    pytest.param(D(2008, 3, 2), AbsenceKind.ADULT, ON, None, set(), id="18+-on-18th-birthday"),
    pytest.param(D(2008, 3, 2), AbsenceKind.LUXURY, ON, None, {"absence_kind"}, id="luxe-at-18"),
    pytest.param(D(2008, 3, 2), AbsenceKind.OTHER, D(2026, 3, 1), None, set(), id="overig-at-17"),
    pytest.param(D(2008, 3, 2), AbsenceKind.OTHER, ON, None, set(), id="overig-at-18"),
    # The verzuim of 1 March at 17, reported today at 18: its day's age decides the kind.
    pytest.param(
        D(2008, 3, 2), AbsenceKind.SIXTEEN_HOURS, D(2026, 3, 1), ON, set(), id="17-then-18-now"
    ),
    pytest.param(D(1999, 3, 2), AbsenceKind.ADULT, ON, None, {"date_of_birth"}, id="27-today"),
    pytest.param(D(1999, 3, 3), AbsenceKind.ADULT, ON, None, set(), id="26-today"),
    pytest.param(
        D(2021, 3, 15), AbsenceKind.OTHER, D(2026, 3, 31), None, {"date_of_birth"}, id="not-yet-5"
    ),
    pytest.param(
        D(2021, 3, 15), AbsenceKind.OTHER, D(2026, 4, 1), None, set(), id="leerplicht-day-1"
    ),
]


@pytest.mark.parametrize(("born", "absence_kind", "reported_on", "today", "expected"), REFUSALS)
def test_report_refusals(born, absence_kind, reported_on, today, expected):
    assert refused(born, absence_kind, reported_on, today) == expected
