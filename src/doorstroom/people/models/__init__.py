"""The register: young people, where they live(d), their enrolments and their results, the
Inlichtingenbureau's priority, vrijstellingen and corrections: one module each, all
importable from here (`doorstroom.people.models`)."""

from doorstroom.people.models.education import MBO_KINDS, Enrolment, Result
from doorstroom.people.models.exemption import Exemption
from doorstroom.people.models.income import IncomeMatch, IncomePriority
from doorstroom.people.models.person import (
    EARLIEST_BIRTH,
    POSTCODE,
    Person,
    PersonQuerySet,
    Residence,
)
from doorstroom.people.models.rectification import (
    Rectification,
    RectificationPurgePermit,
    RectificationQuerySet,
)

__all__ = [
    "EARLIEST_BIRTH",
    "MBO_KINDS",
    "POSTCODE",
    "Enrolment",
    "Exemption",
    "IncomeMatch",
    "IncomePriority",
    "Person",
    "PersonQuerySet",
    "Rectification",
    "RectificationPurgePermit",
    "RectificationQuerySet",
    "Residence",
    "Result",
]
