"""The roles of DOMAIN.md and what each may do: the one permission matrix.

Every view, export and API call asks `access.can(user, action)` (or one of the scoped
helpers in access.py); nothing else in the code compares roles. accounts/tests/test_access.py
checks every route against a hand-written copy of this table.
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
    VIEW_DELIVERIES = "view_deliveries", "inleesruns van leveringen inzien"
    IMPORT_DELIVERIES = "import_deliveries", "leveringen inlezen en geweigerde regels downloaden"


CASEWORK = frozenset({Role.COACH, Role.COORDINATOR, Role.SUPPORT, Role.LEERPLICHT})
"""The roles that work with persons of their region (DOMAIN.md, Who the users are)."""

PERMISSIONS: dict[Action, frozenset[Role]] = {
    # Persons: casework roles only. A beleidsmedewerker sees aggregates, never a person; a
    # ketenpartner only what was shared with it (the sharing itself comes with partners/).
    Action.SEARCH_PERSONS: CASEWORK,
    Action.VIEW_PERSON: CASEWORK,
    # 'doorstroomondersteuner: administrative: imports DUO deliveries, fixes data problems';
    # the coordinator follows what came in. Rejected rows hold personal data: importer only.
    Action.VIEW_DELIVERIES: frozenset({Role.SUPPORT, Role.COORDINATOR}),
    Action.IMPORT_DELIVERIES: frozenset({Role.SUPPORT}),
}
# The functioneel beheerder ('users, roles, reference data, retention') works in Django's
# admin with the model permissions of accounts/groups.py; the privacyfunctionaris' audit
# pages come with the security issue.

TWO_FACTOR_ROLES = CASEWORK | {Role.PARTNER, Role.PRIVACY, Role.ADMIN}
"""The roles that must pass a second step (TOTP) after the password: every role that sees
persons (casework; a ketenpartner what was shared with it; the privacyfunctionaris who looked
at whom) and the functioneel beheerder, who creates the accounts that see them (issue 5)."""

MULTI_REGION_ROLES = frozenset({Role.ADMIN})
"""'Each user belongs to one region (a functioneel beheerder may have several).'"""
