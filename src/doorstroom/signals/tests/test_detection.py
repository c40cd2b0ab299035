"""The signalling rules, table by table. Each expected value was worked out by hand from the
rule quoted above its table (issue 4 and DOMAIN.md); the peildatum is 25 November 2026 unless
a row says otherwise."""

from datetime import date

import pytest

from doorstroom.people.choices import Desk, EducationKind, ExemptionArticle, VsoProfile
from doorstroom.people.tests.rulefacts import certificate, diploma, enrolled, person
from doorstroom.signals.choices import Resolution, SignalKind
from doorstroom.signals.detection import (
    ExemptionFact,
    Finding,
    OpenSignal,
    Situation,
    closing,
    findings,
    jikp_year,
    new_findings,
)

D = date
ON = D(2026, 11, 25)
HERE, THERE = 1, 2
K = EducationKind

LEFT_MBO = enrolled(K.MBO_2, D(2023, 8, 1), D(2026, 6, 30))
AT_MBO = enrolled(K.MBO_2, D(2025, 8, 1))
VSV_20 = person(D(2006, 3, 1), [LEFT_MBO], [diploma(K.VMBO_KB, D(2023, 7, 5))])
LEFT_VMBO_16 = person(
    D(2010, 5, 10),
    [enrolled(K.VMBO_KB, D(2022, 8, 1), D(2026, 7, 31))],
    [diploma(K.VMBO_KB, D(2026, 7, 10))],
)


def situation(
    facts, region=HERE, exemptions=(), town="Deventer", region_name="Stedendriehoek", upper_age=27
):
    return Situation(facts, region, upper_age, tuple(exemptions), town, region_name)


def kinds(facts, on=ON, **kw):
    return [(f.kind, f.desk) for f in findings(situation(facts, **kw), on)]


# 'new vsv'er' / 'absoluut verzuim (leerplichtig or kwalificatieplichtig and not enrolled)':
# a finding needs the person in the target group (leerplicht start up to the upper age) and
# not enrolled on the day; under 18 the leerplicht desk, from 18 the Doorstroompunt.
FINDINGS = [
    (
        "20, left mbo-2 without diploma: vsv at the Doorstroompunt",
        VSV_20,
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "20 with an mbo-2 diploma has a startkwalificatie",
        person(D(2006, 3, 1), [LEFT_MBO], [diploma(K.MBO_2, D(2026, 6, 30))]),
        ON,
        [],
    ),
    ("enrolled today: nothing", person(D(2006, 3, 1), [AT_MBO]), ON, []),
    (
        "enrolment ends today (last day inclusive): still enrolled",
        person(D(2006, 3, 1), [enrolled(K.MBO_2, D(2025, 8, 1), ON)]),
        ON,
        [],
    ),
    (
        "enrolment ended yesterday: vsv today",
        person(D(2006, 3, 1), [enrolled(K.MBO_2, D(2025, 8, 1), D(2026, 11, 24))]),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "16, vmbo diploma, left school: kwalificatieplichtig, absoluut verzuim",
        LEFT_VMBO_16,
        ON,
        [(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)],
    ),
    (
        "6 and never enrolled: volledig leerplichtig, absoluut verzuim",
        person(D(2020, 5, 1)),
        ON,
        [(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)],
    ),
    ("4 years old: not yet leerplichtig", person(D(2022, 5, 1)), ON, []),
    (
        "leerplicht starts the first of the month after the 5th birthday: 1 Nov 2026",
        person(D(2021, 10, 20)),
        ON,
        [(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)],
    ),
    ("5th birthday this month: not yet leerplichtig", person(D(2021, 11, 2)), ON, []),
    ("turns 27 today: out of the target group", person(D(1999, 11, 25), [LEFT_MBO]), ON, []),
    (
        "27 tomorrow: still a vsv'er at the Doorstroompunt",
        person(D(1999, 11, 26), [LEFT_MBO]),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "18 today, left school: the Doorstroompunt, no longer kwalificatieplichtig",
        person(D(2008, 11, 25), [LEFT_MBO]),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "18 tomorrow: still kwalificatieplichtig, the leerplicht desk",
        person(D(2008, 11, 26), [LEFT_MBO]),
        ON,
        [(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)],
    ),
    (
        "pro with certificate needs no startkwalificatie",
        person(
            D(2006, 3, 1),
            [enrolled(K.PRO, D(2018, 8, 1), D(2024, 7, 31))],
            [certificate(K.PRO, D(2024, 7, 5))],
        ),
        ON,
        [],
    ),
    (
        "17, left pro without its certificate: kwalificatieplichtig, absoluut verzuim",
        person(D(2009, 5, 10), [enrolled(K.PRO, D(2021, 8, 1), D(2025, 7, 31))]),
        ON,
        [(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)],
    ),
    (
        "vso arbeidsmarkt needs no startkwalificatie",
        person(
            D(2006, 3, 1), [enrolled(K.VSO, D(2018, 8, 1), D(2024, 7, 31), VsoProfile.ARBEIDSMARKT)]
        ),
        ON,
        [],
    ),
    ("died: no signal", person(D(2006, 3, 1), [LEFT_MBO], died=D(2026, 10, 1)), ON, []),
    ("emigrated: no signal", person(D(2006, 3, 1), [LEFT_MBO], emigrated=D(2026, 10, 1)), ON, []),
    (
        "20, never enrolled in the register: not a vsv'er (who has not left a school)",
        person(D(2006, 3, 1)),
        ON,
        [],
    ),
    # An auditor's boundary rows (DOMAIN.md, 'Voortijdig schoolverlater', 'Who is responsible').
    (
        "23 today: outside the legal count, still a vsv'er of the caseload up to 27",
        person(D(2003, 11, 25), [LEFT_MBO]),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    ("died today: no signal", person(D(2006, 3, 1), [LEFT_MBO], died=ON), ON, []),
    (
        "dies tomorrow: a vsv'er today",
        person(D(2006, 3, 1), [LEFT_MBO], died=D(2026, 11, 26)),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    ("emigrated today: no signal", person(D(2006, 3, 1), [LEFT_MBO], emigrated=ON), ON, []),
    (
        "13, left vmbo: absoluut verzuim at leerplicht, not a second signal as vsv'er",
        person(D(2013, 3, 1), [enrolled(K.VMBO_KB, D(2025, 8, 1), D(2026, 10, 31))]),
        ON,
        [(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)],
    ),
    (
        "vso vervolgonderwijs needs a startkwalificatie: a vsv'er",
        person(
            D(2006, 3, 1),
            [enrolled(K.VSO, D(2018, 8, 1), D(2024, 7, 31), VsoProfile.VERVOLGONDERWIJS)],
        ),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "17, left vso dagbesteding: neither kwalificatieplichtig nor a vsv'er",
        person(
            D(2009, 5, 10),
            [enrolled(K.VSO, D(2021, 8, 1), D(2026, 7, 31), VsoProfile.DAGBESTEDING)],
        ),
        ON,
        [],
    ),
    (
        "an entree (mbo-1) diploma is no startkwalificatie",
        person(
            D(2007, 3, 1),
            [enrolled(K.MBO_1, D(2024, 8, 1), D(2025, 7, 31))],
            [diploma(K.MBO_1, D(2025, 7, 1))],
        ),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "an mbo-2 certificate is no diploma",
        person(D(2006, 3, 1), [LEFT_MBO], [certificate(K.MBO_2, D(2026, 6, 1))]),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "mbo-2 diploma tomorrow: a vsv'er today",
        person(D(2006, 3, 1), [LEFT_MBO], [diploma(K.MBO_2, D(2026, 11, 26))]),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
    (
        "17, havo diploma, left school: the SK ends the kwalificatieplicht, under 18 no vsv'er",
        person(
            D(2009, 3, 1),
            [enrolled(K.HAVO, D(2021, 8, 1), D(2026, 7, 31))],
            [diploma(K.HAVO, D(2026, 7, 1))],
        ),
        ON,
        [],
    ),
    (
        "16, havo diploma, not enrolled on 31 July of the 16th birthday's school year: leerplichtig",
        person(
            D(2010, 3, 1),
            [enrolled(K.HAVO, D(2022, 8, 1), D(2026, 6, 30))],
            [diploma(K.HAVO, D(2026, 6, 15))],
        ),
        D(2026, 7, 31),
        [(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)],
    ),
    (
        "the same on 1 August: volledige leerplicht over, the SK frees from the rest",
        person(
            D(2010, 3, 1),
            [enrolled(K.HAVO, D(2022, 8, 1), D(2026, 6, 30))],
            [diploma(K.HAVO, D(2026, 6, 15))],
        ),
        D(2026, 8, 1),
        [],
    ),
    (
        "19, left pro without its certificate: 'not coming from pro', no vsv'er",
        person(D(2007, 5, 10), [enrolled(K.PRO, D(2019, 8, 1), D(2025, 7, 31))]),
        ON,
        [],
    ),
    (
        "20, enrolled in hbo only: at a school, nothing",
        person(D(2006, 3, 1), [LEFT_MBO, enrolled(K.HBO, D(2026, 9, 1))]),
        ON,
        [],
    ),
    (
        "20, enrolled in vavo: at a school, nothing",
        person(D(2006, 3, 1), [LEFT_MBO, enrolled(K.VAVO, D(2026, 8, 1))]),
        ON,
        [],
    ),
    (
        "left hbo without any startkwalificatie diploma: a vsv'er",
        person(D(2002, 1, 1), [enrolled(K.HBO, D(2024, 9, 1), D(2026, 6, 30))]),
        ON,
        [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)],
    ),
]


@pytest.mark.parametrize(
    ("case", "facts", "on", "expected"), FINDINGS, ids=[r[0] for r in FINDINGS]
)
def test_findings(case, facts, on, expected):
    assert kinds(facts, on) == expected


# 'make the upper age a setting per region, default 27 for the Doorstroompunt caseload, 23
# for the legal vsv count': a region that works up to 23 signals nobody from the 23rd birthday.
@pytest.mark.parametrize(
    ("born", "upper_age", "expected"),
    [
        (D(2003, 11, 25), 23, []),
        (D(2003, 11, 26), 23, [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)]),
        (D(2001, 11, 25), 25, []),
        (D(2001, 11, 26), 25, [(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)]),
    ],
)
def test_the_regions_upper_age_ends_signalling_on_that_birthday(born, upper_age, expected):
    assert kinds(person(born, [LEFT_MBO]), upper_age=upper_age) == expected


def test_a_finding_says_why_in_dutch_and_names_its_rule():
    (vsv,) = findings(situation(VSV_20), ON)
    assert vsv.reason == (
        "20 jaar, niet ingeschreven sinds 1 juli 2026 (laatst mbo-2), geen startkwalificatie "
        "(hoogste diploma vmbo-kb)"
    )
    assert "Leerplichtwet 1969 art. 1" in vsv.rule
    (absent,) = findings(situation(LEFT_VMBO_16), ON)
    assert (
        absent.reason
        == "kwalificatieplichtig, niet ingeschreven sinds 1 augustus 2026 (laatst vmbo-kb)"
    )


def test_a_vsv_reason_says_when_the_person_is_outside_the_legal_count():
    (vsv,) = findings(situation(person(D(2002, 3, 1), [LEFT_MBO])), ON)
    assert vsv.reason.endswith("buiten de wettelijke telling (23 jaar of ouder)")


# 'Vrijstellingen: while valid it suppresses the signals it covers, and its expiry raises a
# signal.' Art. 5 and 15 cover not being at school; art. 11 only verzuimmeldingen.
EXEMPT_FROM = D(2025, 8, 1)


def exemption(article, start=EXEMPT_FROM, end=None, key=7):
    return ExemptionFact(article, start, end, key)


EXEMPTIONS = [
    ("art. 5a valid: no absoluut verzuim", [exemption(ExemptionArticle.PHYSICAL)], []),
    # art. 3a/3b (vervangende leerplicht): the leerplicht is met by a programme, not a school
    (
        "vervangende leerplicht valid: no absoluut verzuim",
        [exemption(ExemptionArticle.SUBSTITUTE)],
        [],
    ),
    (
        "vervangende leerplicht ended yesterday: its end is a signal, with the need it leaves",
        [exemption(ExemptionArticle.SUBSTITUTE, end=D(2026, 11, 24))],
        [SignalKind.EXEMPTION_ENDED, SignalKind.ABSOLUTE_ABSENCE],
    ),
    (
        "art. 15 valid until today: still covered",
        [exemption(ExemptionArticle.QUALIFICATION, end=ON)],
        [],
    ),
    (
        "art. 11 does not cover not being enrolled",
        [exemption(ExemptionArticle.ATTENDANCE)],
        [SignalKind.ABSOLUTE_ABSENCE],
    ),
    (
        "art. 5a ended yesterday: its end is a signal, with the need it leaves",
        [exemption(ExemptionArticle.PHYSICAL, end=D(2026, 11, 24))],
        [SignalKind.EXEMPTION_ENDED, SignalKind.ABSOLUTE_ABSENCE],
    ),
    (
        "an ended one and a valid one: covered",
        [
            exemption(ExemptionArticle.PHYSICAL, end=D(2026, 1, 1), key=1),
            exemption(ExemptionArticle.ABROAD, start=D(2026, 1, 2), key=2),
        ],
        [],
    ),
    (
        "starts tomorrow: not yet valid",
        [exemption(ExemptionArticle.PHYSICAL, start=D(2026, 11, 26))],
        [SignalKind.ABSOLUTE_ABSENCE],
    ),
]


@pytest.mark.parametrize(
    ("case", "exemptions", "expected"), EXEMPTIONS, ids=[r[0] for r in EXEMPTIONS]
)
def test_exemptions(case, exemptions, expected):
    found = findings(situation(LEFT_VMBO_16, exemptions=exemptions), ON)
    assert [f.kind for f in found] == expected


# 'Leerplichtwet 1969 articles ... 15 (vrijstelling from kwalificatieplicht)': art. 15 frees
# from the kwalificatieplicht only, so a pupil still volledig leerplichtig and not enrolled is
# absoluut verzuim ('leerplichtig or kwalificatieplichtig and not enrolled') in spite of it.
LEFT_VMBO_15 = person(D(2011, 5, 10), [enrolled(K.VMBO_KB, D(2023, 8, 1), D(2026, 7, 31))])
"""16 on 10 May 2027: volledig leerplichtig to 31 July 2027, then kwalificatieplichtig."""

BY_DUTY = [
    (
        "15, art. 15 valid: still volledig leerplichtig, absoluut verzuim",
        ON,
        [exemption(ExemptionArticle.QUALIFICATION)],
        [SignalKind.ABSOLUTE_ABSENCE],
    ),
    (
        "the last day of volledige leerplicht, art. 15 valid: absoluut verzuim",
        D(2027, 7, 31),
        [exemption(ExemptionArticle.QUALIFICATION)],
        [SignalKind.ABSOLUTE_ABSENCE],
    ),
    (
        "the first day of kwalificatieplicht, art. 15 valid: covered",
        D(2027, 8, 1),
        [exemption(ExemptionArticle.QUALIFICATION)],
        [],
    ),
    ("15, art. 5a valid: covered", ON, [exemption(ExemptionArticle.PHYSICAL)], []),
    ("15, art. 5b valid: covered", ON, [exemption(ExemptionArticle.DENOMINATION)], []),
    ("15, art. 5c valid: covered", ON, [exemption(ExemptionArticle.ABROAD)], []),
]


@pytest.mark.parametrize(
    ("case", "on", "exemptions", "expected"), BY_DUTY, ids=[r[0] for r in BY_DUTY]
)
def test_an_exemption_covers_only_the_duty_it_frees_from(case, on, exemptions, expected):
    found = findings(situation(LEFT_VMBO_15, exemptions=exemptions), on)
    assert [f.kind for f in found] == expected


# 'Volledige leerplicht ... until the end of the school year in which the young person turns
# 16 or has followed 12 full school years, whichever comes first': 8 years of primary school
# from 4 and 4 of vmbo end it on 31 July 2026, a year before the school year of the 16th
# birthday (15 August 2026); from then art. 15 covers the young person of 15.
TWELVE_YEARS_AT_15 = person(
    D(2010, 8, 15),
    [
        enrolled(K.PO, D(2014, 8, 15), D(2022, 7, 31)),
        enrolled(K.VMBO_KB, D(2022, 8, 1), D(2026, 7, 15)),
    ],
)


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(2026, 7, 31), [SignalKind.ABSOLUTE_ABSENCE]), (D(2026, 8, 1), [])],
)
def test_art_15_covers_from_the_end_of_the_12th_full_school_year_before_16(on, expected):
    qualification = [exemption(ExemptionArticle.QUALIFICATION, start=D(2026, 7, 1))]
    found = findings(situation(TWELVE_YEARS_AT_15, exemptions=qualification), on)
    assert [f.kind for f in found] == expected


# From 18 the need is a vsv signal: art. 5 (no duty to be enrolled) and art. 15 stop it; art. 11
# (attendance) and vervangende leerplicht (art. 3a/3b, a programme instead of school under 18)
# do not.
@pytest.mark.parametrize(
    ("article", "expected"),
    [
        (ExemptionArticle.PHYSICAL, []),
        (ExemptionArticle.ABROAD, []),
        (ExemptionArticle.QUALIFICATION, []),
        (ExemptionArticle.ATTENDANCE, [SignalKind.NEW_VSV]),
        (ExemptionArticle.SUBSTITUTE, [SignalKind.NEW_VSV]),
    ],
)
def test_which_vrijstelling_stops_a_vsv_signal(article, expected):
    found = findings(situation(VSV_20, exemptions=[exemption(article)]), ON)
    assert [f.kind for f in found] == expected


def test_art_15_does_not_close_absoluut_verzuim_under_volledige_leerplicht():
    at_leerplicht = signal(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)
    art_15 = situation(LEFT_VMBO_15, exemptions=[exemption(ExemptionArticle.QUALIFICATION)])
    assert closing(at_leerplicht, art_15, ON) is None
    assert closing(at_leerplicht, art_15, D(2027, 8, 1)).resolution == Resolution.EXEMPTED


def test_an_ended_exemption_raises_nothing_for_someone_back_at_school():
    at_school = person(D(2010, 5, 10), [enrolled(K.MBO_1, D(2026, 8, 1))])
    ended = [exemption(ExemptionArticle.PHYSICAL, end=D(2026, 7, 31))]
    assert findings(situation(at_school, exemptions=ended), ON) == []


def test_the_end_signal_names_the_article_and_the_day():
    ended = [exemption(ExemptionArticle.QUALIFICATION, end=D(2026, 11, 1))]
    first = findings(situation(LEFT_VMBO_16, exemptions=ended), ON)[0]
    assert first.reason.startswith(
        "vrijstelling art. 15 is geëindigd op 1 november 2026; kwalificatieplichtig"
    )
    assert first.exemption_key == 7


# 'Re-running signalling on unchanged data creates nothing new'; 'never two for one need'.
NEW = [
    ("nothing open: all findings are new", set(), set(), [SignalKind.NEW_VSV]),
    ("the same need open: nothing new", {(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT)}, set(), []),
    (
        "an open 18-handover carries the vsv need",
        {(SignalKind.ADULT_HANDOVER, Desk.DOORSTROOMPUNT)},
        set(),
        [],
    ),
    (
        "a vsv signal at the other desk is another need",
        {(SignalKind.NEW_VSV, Desk.LEERPLICHT)},
        set(),
        [SignalKind.NEW_VSV],
    ),
]


@pytest.mark.parametrize(("case", "open_kinds", "seen", "expected"), NEW, ids=[r[0] for r in NEW])
def test_new_findings(case, open_kinds, seen, expected):
    found = [Finding(SignalKind.NEW_VSV, Desk.DOORSTROOMPUNT, str)]
    assert [f.kind for f in new_findings(found, open_kinds, seen)] == expected


def test_a_fresh_exemption_end_replaces_the_need_and_a_seen_one_gives_way_to_it():
    found = [
        Finding(SignalKind.EXEMPTION_ENDED, Desk.LEERPLICHT, str, exemption_key=7),
        Finding(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT, str),
    ]
    assert [f.kind for f in new_findings(found, set(), set())] == [SignalKind.EXEMPTION_ENDED]
    assert [f.kind for f in new_findings(found, set(), {7})] == [SignalKind.ABSOLUTE_ABSENCE]
    open_end = {(SignalKind.EXEMPTION_ENDED, Desk.LEERPLICHT)}
    assert new_findings(found, open_end, {7}) == []


# Closing: 'back in education (resolves the open signal); startkwalificatie obtained
# (resolves); turns 18 while open at leerplicht (warm handover); reaches the upper age;
# moved out of the region; died (closes everything).'
RAISED = D(2026, 9, 1)


def signal(
    kind=SignalKind.NEW_VSV,
    desk=Desk.DOORSTROOMPUNT,
    region=HERE,
    raised=RAISED,
    register=True,
):
    return OpenSignal(kind, desk, region, raised, register)


BORN = D(2006, 3, 1)
CLOSINGS = [
    ("still a vsv'er: stays open", signal(), person(BORN, [LEFT_MBO]), HERE, None),
    (
        "enrolled again",
        signal(),
        person(BORN, [LEFT_MBO, enrolled(K.MBO_2, D(2026, 11, 1))]),
        HERE,
        Resolution.BACK_IN_EDUCATION,
    ),
    (
        "enrolled from tomorrow: not yet",
        signal(),
        person(BORN, [LEFT_MBO, enrolled(K.MBO_2, D(2026, 11, 26))]),
        HERE,
        None,
    ),
    (
        "diploma mbo-2 obtained today",
        signal(),
        person(BORN, [LEFT_MBO], [diploma(K.MBO_2, ON)]),
        HERE,
        Resolution.STARTKWALIFICATIE,
    ),
    (
        "15, havo diploma, no school: still volledig leerplichtig, absoluut verzuim stays open",
        signal(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT),
        person(
            D(2011, 9, 1),
            [enrolled(K.HAVO, D(2023, 8, 1), D(2026, 7, 31))],
            [diploma(K.HAVO, D(2026, 7, 10))],
        ),
        HERE,
        None,
    ),
    ("died, whatever else", signal(), person(BORN, [LEFT_MBO], died=ON), HERE, Resolution.DIED),
    (
        "emigrated",
        signal(),
        person(BORN, [LEFT_MBO], emigrated=D(2026, 11, 1)),
        HERE,
        Resolution.EMIGRATED,
    ),
    ("turns 27 today", signal(), person(D(1999, 11, 25), [LEFT_MBO]), HERE, Resolution.UPPER_AGE),
    ("27 tomorrow: stays open", signal(), person(D(1999, 11, 26), [LEFT_MBO]), HERE, None),
    (
        "lives in another region now",
        signal(),
        person(BORN, [LEFT_MBO]),
        THERE,
        Resolution.MOVED_OUT,
    ),
    (
        "a verzuimmelding is not ended by being enrolled",
        signal(SignalKind.ABSENCE_REPORT),
        person(BORN, [AT_MBO]),
        HERE,
        None,
    ),
    (
        "a zorgsignaal is closed by the desk, not the register",
        signal(SignalKind.CONCERN),
        person(BORN, [AT_MBO], [diploma(K.MBO_2, D(2026, 7, 1))]),
        HERE,
        None,
    ),
    (
        "a melding of uitschrijving before DUO ends the enrolment: stays open",
        signal(register=False, raised=D(2026, 11, 10)),
        person(BORN, [AT_MBO]),
        HERE,
        None,
    ),
    (
        "after that melding, a new enrolment: back in education",
        signal(register=False, raised=D(2026, 11, 10)),
        person(BORN, [AT_MBO, enrolled(K.MBO_3, D(2026, 11, 12))]),
        HERE,
        Resolution.BACK_IN_EDUCATION,
    ),
    (
        "died and moved out on the same day: closed as died",
        signal(),
        person(BORN, [LEFT_MBO], died=ON),
        THERE,
        Resolution.DIED,
    ),
    (
        "17 at leerplicht, moved out on the day of the 18th birthday: the new region hands over",
        signal(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT),
        person(D(2008, 11, 25), [LEFT_MBO]),
        THERE,
        Resolution.MOVED_OUT,
    ),
    (
        "a verzuimmelding at the Doorstroompunt, 27 today: the upper age closes it",
        signal(SignalKind.ABSENCE_REPORT, register=False),
        person(D(1999, 11, 25), [AT_MBO]),
        HERE,
        Resolution.UPPER_AGE,
    ),
    (
        "from the register, no longer a vsv'er (pro certificate entered late)",
        signal(),
        person(
            BORN,
            [enrolled(K.PRO, D(2018, 8, 1), D(2024, 7, 31))],
            [certificate(K.PRO, D(2024, 7, 5))],
        ),
        HERE,
        Resolution.NO_LONGER_APPLIES,
    ),
]


@pytest.mark.parametrize(
    ("case", "open_signal", "facts", "region", "expected"), CLOSINGS, ids=[r[0] for r in CLOSINGS]
)
def test_closing(case, open_signal, facts, region, expected):
    ended = closing(open_signal, situation(facts, region=region), ON)
    assert (ended.resolution if ended else None) == expected


def test_moving_out_names_the_new_municipality_and_its_desk():
    ended = closing(
        signal(), situation(VSV_20, region=THERE, town="Doetinchem", region_name="Achterhoek"), ON
    )
    assert ended.reason == "verhuisd naar Doetinchem; overgedragen aan het loket van Achterhoek"


def test_turning_18_hands_an_open_leerplicht_signal_over_to_the_doorstroompunt():
    at_leerplicht = signal(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT, raised=D(2026, 8, 15))
    eighteen_today = person(D(2008, 11, 25), [LEFT_MBO])
    ended = closing(at_leerplicht, situation(eighteen_today), ON)
    assert ended.resolution == Resolution.HANDED_OVER
    assert ended.handover.kind == SignalKind.ADULT_HANDOVER
    assert ended.handover.desk == Desk.DOORSTROOMPUNT
    assert "open absoluut verzuim bij leerplicht (gemeld 15 augustus 2026)" in ended.handover.reason
    day_before = closing(at_leerplicht, situation(eighteen_today), D(2026, 11, 24))
    assert day_before is None


# 'turns 18 while open at leerplicht (warm handover to the Doorstroompunt)': a verzuimmelding
# or a zorgsignaal is handed over too, for a young person who is still at school.
@pytest.mark.parametrize("kind", [SignalKind.ABSENCE_REPORT, SignalKind.CONCERN])
def test_the_handover_at_18_says_the_young_person_is_enrolled(kind):
    at_leerplicht = signal(kind, Desk.LEERPLICHT, raised=D(2026, 10, 1), register=False)
    at_school = person(
        D(2008, 11, 25),
        [enrolled(K.VMBO_KB, D(2020, 8, 1), D(2024, 7, 31)), enrolled(K.MBO_2, D(2024, 8, 1))],
    )
    ended = closing(at_leerplicht, situation(at_school), ON)
    assert ended.resolution == Resolution.HANDED_OVER
    assert ended.handover.reason.endswith("(gemeld 1 oktober 2026); ingeschreven (mbo-2)")


def test_a_valid_exemption_closes_the_signals_it_covers():
    at_leerplicht = signal(SignalKind.ABSOLUTE_ABSENCE, Desk.LEERPLICHT)
    covered = situation(LEFT_VMBO_16, exemptions=[exemption(ExemptionArticle.PHYSICAL, start=ON)])
    assert closing(at_leerplicht, covered, ON).resolution == Resolution.EXEMPTED


# Art. 11 frees from regular attendance, not from being enrolled: it closes a verzuimmelding
# and leaves a vsv signal open.
def test_article_11_closes_a_verzuimmelding_and_not_a_vsv_signal():
    attendance = [exemption(ExemptionArticle.ATTENDANCE, start=ON)]
    at_school = situation(person(BORN, [AT_MBO]), exemptions=attendance)
    report = signal(SignalKind.ABSENCE_REPORT, register=False)
    assert closing(report, at_school, ON).resolution == Resolution.EXEMPTED
    assert closing(signal(), situation(VSV_20, exemptions=attendance), ON) is None


def test_a_region_working_up_to_23_closes_a_vsv_signal_on_the_23rd_birthday():
    at_23 = person(D(2003, 11, 25), [LEFT_MBO])
    ended = closing(signal(), situation(at_23, upper_age=23), ON)
    assert ended.reason == "23 jaar: de regio volgt jongeren tot 23 jaar"
    assert closing(signal(), situation(at_23), ON) is None


# JIKP: 'enrolled on 1 October of year T ... and on 1 October of T+1': the latest complete
# cohort on a day is the one whose second peildatum has passed.
@pytest.mark.parametrize(
    ("on", "year"), [(D(2026, 9, 30), 2024), (D(2026, 10, 1), 2025), (D(2027, 1, 1), 2025)]
)
def test_jikp_year(on, year):
    assert jikp_year(on) == year
