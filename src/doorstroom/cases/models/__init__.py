"""The dossier of a young person at a desk, and everything in it."""

from doorstroom.cases.models.case import (
    Case,
    CaseEntry,
    CaseQuerySet,
    HistoryIsPermanent,
    SealedText,
)
from doorstroom.cases.models.form import FormSubmission
from doorstroom.cases.models.intake import Intake, IntakeSituation, LeavingReason, Plan, PlanGoal
from doorstroom.cases.models.leerplicht import (
    CareReport,
    HaltReferral,
    Hearing,
    OfficialReport,
    ReportClosure,
)
from doorstroom.cases.models.work import ContactAttempt, Document, FollowUp, Task

__all__ = [
    "CareReport",
    "Case",
    "CaseEntry",
    "CaseQuerySet",
    "ContactAttempt",
    "Document",
    "FollowUp",
    "FormSubmission",
    "HaltReferral",
    "Hearing",
    "HistoryIsPermanent",
    "Intake",
    "IntakeSituation",
    "LeavingReason",
    "OfficialReport",
    "Plan",
    "PlanGoal",
    "ReportClosure",
    "SealedText",
    "Task",
]
