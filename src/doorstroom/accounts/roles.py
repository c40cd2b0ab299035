"""The roles of DOMAIN.md and what each may do: the one permission matrix.

Every view, export and API call asks `access.can(user, action)` (or one of the scoped
helpers in access.py); nothing else in the code compares roles. docs/security.md shows this
table; tests/test_roles.py checks that docs and code agree.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    """A role is a Django group with this name."""

    COACH = "doorstroomcoach", "doorstroomcoach / trajectbegeleider"
    COORDINATOR = "doorstroomcoordinator", "doorstroomcoördinator"
    SUPPORT = "doorstroomondersteuner", "doorstroomondersteuner"
    LEERPLICHT = "leerplichtambtenaar", "leerplichtambtenaar"
    POLICY = "beleidsmedewerker", "beleidsmedewerker"
    PARTNER = "ketenpartner", "ketenpartner / school"
    ADMIN = "functioneel_beheerder", "functioneel beheerder"
    PRIVACY = "privacyfunctionaris", "privacyfunctionaris (FG)"


class Action(models.TextChoices):
    SEARCH_PERSONS = "search_persons", "jongeren zoeken"
    VIEW_PERSON = "view_person", "gegevens van een jongere inzien"
    VIEW_AUDIT_LOG = "view_audit_log", "het auditlog inzien"
    MANAGE_REFERENCE_DATA = "manage_reference_data", "referentiegegevens beheren"


CASEWORK = frozenset({Role.COACH, Role.COORDINATOR, Role.SUPPORT, Role.LEERPLICHT})
"""The roles that work with persons of their region (DOMAIN.md, Who the users are)."""

PERMISSIONS: dict[Action, frozenset[Role]] = {
    # Persons: casework roles only. A beleidsmedewerker sees aggregates, never a person; a
    # ketenpartner only what was shared with it (the sharing itself comes with partners/).
    Action.SEARCH_PERSONS: CASEWORK,
    Action.VIEW_PERSON: CASEWORK,
    # 'reads and exports the audit trail; sees who looked at whom and why; no case work'
    Action.VIEW_AUDIT_LOG: frozenset({Role.PRIVACY}),
    # 'users, roles, reference data, retention'
    Action.MANAGE_REFERENCE_DATA: frozenset({Role.ADMIN}),
}

MULTI_REGION_ROLES = frozenset({Role.ADMIN})
"""'Each user belongs to one region (a functioneel beheerder may have several).'"""
