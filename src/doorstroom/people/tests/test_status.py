"""The person page's status: each finding of the rules in the words of the issue."""

from datetime import date

from doorstroom.people.choices import Desk
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.rules import EnrolmentFact, PersonFacts, ResultFact
from doorstroom.people.status import describe_status

ON = date(2026, 11, 25)


def test_19_year_old_dropout_with_vmbo_kb_is_a_vsv_at_the_doorstroompunt():
    facts = PersonFacts(
        date_of_birth=date(2007, 1, 10),
        enrolments=(
            EnrolmentFact(K.VMBO_KB, date(2020, 8, 1), date(2024, 7, 31)),
            EnrolmentFact(K.MBO_2, date(2024, 8, 1), date(2026, 2, 28)),
        ),
        results=(ResultFact(K.VMBO_KB, date(2024, 7, 5)),),
    )
    status = describe_status(facts, ON, upper_age=27)
    assert status.desk == Desk.DOORSTROOMPUNT
    assert status.is_vsv
    assert status.lines == [
        "valt onder het Doorstroompunt: 19 jaar, niet ingeschreven sinds 1 maart 2026",
        "geen startkwalificatie: hoogste diploma vmbo-kb (2024)",
        "voortijdig schoolverlater (vsv'er)",
    ]


def test_15_year_old_in_vmbo_is_leerplichtig_until_the_school_year_of_16():
    facts = PersonFacts(
        date_of_birth=date(2011, 3, 3),
        enrolments=(EnrolmentFact(K.VMBO_TL, date(2023, 8, 1)),),
    )
    status = describe_status(facts, ON, upper_age=27)
    assert status.lines == [
        "valt onder leerplicht: 15 jaar, ingeschreven (vmbo-tl)",
        "volledig leerplichtig tot en met 31 juli 2027",
        "geen startkwalificatie: geen diploma bekend",
    ]


def test_17_year_old_kwalificatieplichtig_with_the_end_date():
    facts = PersonFacts(
        date_of_birth=date(2009, 5, 20),
        enrolments=(EnrolmentFact(K.MBO_3, date(2025, 8, 1)),),
        results=(ResultFact(K.VMBO_GL, date(2025, 7, 4)),),
    )
    status = describe_status(facts, ON, upper_age=27)
    assert (
        status.lines[1]
        == "kwalificatieplichtig tot 20 mei 2027 (18e verjaardag) of tot een startkwalificatie"
    )


def test_pro_leaver_needs_no_startkwalificatie_and_is_no_vsv():
    facts = PersonFacts(
        date_of_birth=date(2006, 6, 1),
        enrolments=(EnrolmentFact(K.PRO, date(2018, 8, 1), date(2024, 7, 31)),),
        results=(ResultFact(K.PRO, date(2024, 7, 1), is_diploma=False),),
    )
    status = describe_status(facts, ON, upper_age=27)
    assert not status.is_vsv
    assert (
        "geen startkwalificatie nodig: komt uit het praktijkonderwijs, met certificaat"
        in status.lines
    )


def test_pro_leaver_without_certificate_is_told_apart():
    facts = PersonFacts(
        date_of_birth=date(2009, 6, 1),
        enrolments=(EnrolmentFact(K.PRO, date(2021, 8, 1), date(2025, 12, 31)),),
    )
    status = describe_status(facts, ON, upper_age=27)
    assert status.lines[1:] == [
        "kwalificatieplichtig tot 1 juni 2027 (18e verjaardag) of tot een startkwalificatie",
        "geen startkwalificatie nodig na het praktijkonderwijs, maar zonder pro-certificaat",
    ]


def test_vsv_of_24_is_outside_the_legal_count_but_in_the_caseload():
    facts = PersonFacts(
        date_of_birth=date(2002, 1, 1),
        enrolments=(EnrolmentFact(K.MBO_1, date(2019, 8, 1), date(2020, 1, 31)),),
    )
    status = describe_status(facts, ON, upper_age=27)
    assert (
        status.lines[-1]
        == "voortijdig schoolverlater (vsv'er), buiten de wettelijke telling (23 jaar of ouder)"
    )


def test_above_the_upper_age_is_outside_the_target_group():
    status = describe_status(PersonFacts(date_of_birth=date(1998, 1, 1)), ON, upper_age=27)
    assert status.desk is None
    assert status.lines[0] == "buiten de doelgroep: 28 jaar (de regio volgt jongeren tot 27 jaar)"


def test_death_replaces_every_other_finding():
    facts = PersonFacts(date_of_birth=date(2006, 1, 1), date_of_death=date(2026, 5, 4))
    status = describe_status(facts, ON, upper_age=27)
    assert (status.desk, status.is_vsv, status.lines) == (None, False, ["overleden op 4 mei 2026"])


def test_startkwalificatie_is_named_with_its_year():
    facts = PersonFacts(
        date_of_birth=date(2005, 1, 1),
        enrolments=(EnrolmentFact(K.HAVO, date(2017, 8, 1), date(2022, 7, 31)),),
        results=(ResultFact(K.HAVO, date(2022, 7, 5)),),
    )
    assert "startkwalificatie: diploma havo (2022)" in describe_status(facts, ON, 27).lines
