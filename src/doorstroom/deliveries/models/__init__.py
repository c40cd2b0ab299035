"""Import runs, their rejected rows, the staging tables a delivery passes through, and the
meldingen: one module each, all importable from here (`doorstroom.deliveries.models`)."""

from doorstroom.deliveries.models.reports import (
    EXPLANATION_LIMIT,
    AbsenceKind,
    Report,
    ReportKind,
    ReportSource,
    ReportStatus,
)
from doorstroom.deliveries.models.runs import (
    REGISTER_KINDS,
    STALE_AFTER,
    ChangedPerson,
    DeliveryKind,
    ImportRun,
    ImportRunQuerySet,
    RejectedRow,
    RejectedRowQuerySet,
    RunStatus,
)
from doorstroom.deliveries.models.staged import (
    StagedEnrolment,
    StagedItem,
    StagedPerson,
    StagedResult,
)

__all__ = [
    "EXPLANATION_LIMIT",
    "REGISTER_KINDS",
    "STALE_AFTER",
    "AbsenceKind",
    "ChangedPerson",
    "DeliveryKind",
    "ImportRun",
    "ImportRunQuerySet",
    "RejectedRow",
    "RejectedRowQuerySet",
    "Report",
    "ReportKind",
    "ReportSource",
    "ReportStatus",
    "RunStatus",
    "StagedEnrolment",
    "StagedItem",
    "StagedPerson",
    "StagedResult",
]
