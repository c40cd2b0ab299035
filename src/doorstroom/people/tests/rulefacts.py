"""Plain facts for the rule tests: persons, enrolments and results in one line each.

Every expected value in the test_rules_*.py tables was worked out by hand from the rule
quoted above its table; the boundary rows (a birthday on the peildatum, 31 July against
1 August, leap days, a diploma obtained or an enrolment ending on the peildatum) are the ones
a wrong comparison would get wrong.
"""

from datetime import date

from doorstroom.people.rules import EnrolmentFact, PersonFacts, ResultFact

D = date


def person(dob, enrolments=(), results=(), died=None, emigrated=None) -> PersonFacts:
    return PersonFacts(
        date_of_birth=dob,
        enrolments=tuple(enrolments),
        results=tuple(results),
        date_of_death=died,
        date_of_emigration=emigrated,
    )


def diploma(kind, on):
    return ResultFact(kind=kind, obtained_on=on)


def certificate(kind, on):
    return ResultFact(kind=kind, obtained_on=on, is_diploma=False)


def enrolled(kind, start, end=None, profile=None):
    return EnrolmentFact(kind=kind, start=start, end=end, vso_profile=profile)
