"""The roles of DOMAIN.md and what each may do: the one permission matrix.

Every view, export and API call asks `access.can(user, action)` (or one of the scoped
helpers in access.py); nothing else in the code compares roles. accounts/tests/test_access.py
checks every route against a hand-written copy of this table.
"""

from __future__ import annotations

from django.db import models

from doorstroom.people.choices import Desk


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
    VIEW_QUEUE = "view_queue", "werkvoorraad van signalen inzien"
    ASSIGN_SIGNALS = "assign_signals", "signalen toewijzen aan een begeleider"
    OPEN_SIGNALS = "open_signals", "signalen oppakken en afsluiten"
    RUN_SIGNALLING = "run_signalling", "de signalering voor de regio uitvoeren"
    REPORT_PERSON = "report_person", "een jongere melden"
    MANAGE_EXEMPTIONS = "manage_exemptions", "vrijstellingen registreren"
    VIEW_AUDIT = "view_audit", "het logboek (auditlog) doorzoeken en exporteren"
    EXPORT_SUBJECT = "export_subject", "alle gegevens van een jongere exporteren (inzageverzoek)"
    RECTIFY_PERSON = "rectify_person", "persoonsgegevens van een jongere corrigeren"
    VIEW_RETENTION = "view_retention", "bewaartermijnen en wat er is verwijderd inzien"
    VIEW_CASES = "view_cases", "dossiers inzien"
    WORK_CASES = (
        "work_cases",
        "in een dossier werken: contact, intake, plan, begeleiding, afsluiten",
    )
    ASSIGN_CASES = "assign_cases", "dossiers toewijzen aan een begeleider"
    VIEW_CASELOADS = "view_caseloads", "de caseload van elke begeleider inzien"
    SEND_LETTERS = "send_letters", "brieven maken vanuit een dossier"
    ENFORCE_LEERPLICHT = (
        "enforce_leerplicht",
        "horen, Halt, proces-verbaal en meldingen afsluiten (leerplicht)",
    )
    EXPORT_REPORT_STATUS = "export_report_status", "de status van meldingen exporteren voor DUO"
    VIEW_SHARED = "view_shared", "inzien wat met de eigen organisatie is gedeeld (verwijzingen)"
    USE_API = "use_api", "met een API-sleutel melden en de eigen meldingen volgen (koppeling)"


CASEWORK = frozenset({Role.COACH, Role.COORDINATOR, Role.SUPPORT, Role.LEERPLICHT})
"""The roles that work with persons of their region (DOMAIN.md, Who the users are)."""

PERMISSIONS: dict[Action, frozenset[Role]] = {
    # Persons: casework roles only. A beleidsmedewerker sees aggregates, never a person; a
    # ketenpartner only what was shared with it (VIEW_SHARED below), never the register.
    Action.SEARCH_PERSONS: CASEWORK,
    Action.VIEW_PERSON: CASEWORK,
    # 'doorstroomondersteuner: administrative: imports DUO deliveries, fixes data problems';
    # the coordinator follows what came in. Rejected rows hold personal data: importer only.
    Action.VIEW_DELIVERIES: frozenset({Role.SUPPORT, Role.COORDINATOR}),
    Action.IMPORT_DELIVERIES: frozenset({Role.SUPPORT}),
    # Signals: the desks' work. The coordinator 'divides new signals over coaches'; at the
    # leerplicht desk the leerplichtambtenaren divide their own work.
    Action.VIEW_QUEUE: CASEWORK,
    Action.ASSIGN_SIGNALS: frozenset({Role.COORDINATOR, Role.LEERPLICHT}),
    Action.OPEN_SIGNALS: frozenset({Role.COACH, Role.COORDINATOR, Role.LEERPLICHT}),
    Action.RUN_SIGNALLING: frozenset({Role.COORDINATOR, Role.SUPPORT}),
    # 'ketenpartner / school: reports (meldt) a young person'; the ondersteuner registers a
    # melding that came in by mail or phone.
    Action.REPORT_PERSON: frozenset({Role.PARTNER, Role.SUPPORT}),
    # Vrijstellingen are leerplicht decisions; the ondersteuner records them from the letter.
    Action.MANAGE_EXEMPTIONS: frozenset({Role.LEERPLICHT, Role.SUPPORT}),
    # 'privacyfunctionaris (FG): reads and exports the audit trail; sees who looked at whom
    # and why; no case work' (AVG art. 5(2), 30, 32).
    Action.VIEW_AUDIT: frozenset({Role.PRIVACY}),
    # An inzageverzoek (AVG art. 15) is answered by letter: the ondersteuner does 'letters',
    # the coordinator stands in. Not the FG ('no case work') and not every coach.
    Action.EXPORT_SUBJECT: frozenset({Role.SUPPORT, Role.COORDINATOR}),
    # A correction (AVG art. 16): the ondersteuner 'fixes data problems'.
    Action.RECTIFY_PERSON: frozenset({Role.SUPPORT}),
    # What retention deleted, in counts (no personal data): the FG, who checks that data is
    # 'kept no longer than the retention period', and the beheerder, who sets the periods.
    Action.VIEW_RETENTION: frozenset({Role.PRIVACY, Role.ADMIN}),
    # Cases (legal task 2): the desks read their dossiers; the ondersteuner too, for the
    # letters. Who may change which case, and how, is access.case_actors with workflow.py.
    Action.VIEW_CASES: CASEWORK,
    Action.WORK_CASES: frozenset({Role.COACH, Role.COORDINATOR, Role.LEERPLICHT}),
    # 'doorstroomcoördinator: divides new signals over coaches, watches deadlines'; the
    # leerplichtambtenaren divide their own work.
    Action.ASSIGN_CASES: frozenset({Role.COORDINATOR, Role.LEERPLICHT}),
    Action.VIEW_CASELOADS: frozenset({Role.COORDINATOR, Role.LEERPLICHT}),
    # 'doorstroomondersteuner: administrative: ... letters'; a caseworker writes their own.
    Action.SEND_LETTERS: CASEWORK,
    # Enforcement is the leerplichtambtenaar's alone, and only under 18 (Leerplichtwet art.
    # 16-22; from 18 'help is offered, not imposed').
    Action.ENFORCE_LEERPLICHT: frozenset({Role.LEERPLICHT}),
    # 'The municipality reports each melding's status back to DUO' through its package.
    Action.EXPORT_REPORT_STATUS: frozenset({Role.LEERPLICHT, Role.SUPPORT}),
    # 'ketenpartner / school: ... receives a referral; sees only what was shared with it',
    # and only while the sharing is valid (access.shared_referrals_of).
    Action.VIEW_SHARED: frozenset({Role.PARTNER}),
    # 'Schools and partners report a young person by a form and by the API' (issue 4): the
    # administration system of a school or partner, with a key of its account. Staff of the
    # Doorstroompunt log in with two steps and get no key.
    Action.USE_API: frozenset({Role.PARTNER}),
}

DESKS: dict[Role, frozenset[Desk]] = {
    Role.COACH: frozenset({Desk.DOORSTROOMPUNT}),
    Role.COORDINATOR: frozenset({Desk.DOORSTROOMPUNT, Desk.LEERPLICHT}),
    Role.SUPPORT: frozenset({Desk.DOORSTROOMPUNT, Desk.LEERPLICHT}),
    Role.LEERPLICHT: frozenset({Desk.LEERPLICHT}),
}
"""The desks whose signals a role sees: 'under 18, the leerplichtambtenaar; from 18, the
Doorstroompunt' (DOMAIN.md, Who is responsible)."""

WORKS_DESK: dict[Desk, frozenset[Role]] = {
    Desk.DOORSTROOMPUNT: frozenset({Role.COACH, Role.COORDINATOR}),
    Desk.LEERPLICHT: frozenset({Role.LEERPLICHT}),
}
"""Who a signal at a desk can be assigned to."""
# The functioneel beheerder ('users, roles, reference data, retention') works in Django's
# admin with the model permissions of accounts/groups.py.

TWO_FACTOR_ROLES = CASEWORK | {Role.PARTNER, Role.PRIVACY, Role.ADMIN}
"""The roles that must pass a second step (TOTP) after the password: every role that sees
persons (casework; a ketenpartner what was shared with it; the privacyfunctionaris who looked
at whom) and the functioneel beheerder, who creates the accounts that see them (issue 5)."""

MULTI_REGION_ROLES = frozenset({Role.ADMIN})
"""'Each user belongs to one region (a functioneel beheerder may have several).'"""
