"""The pages and functions of an audit row in words: the logboek stores the route's code (the
URL name, `people:detail`, or a job's name, `retention`), and the privacyfunctionaris reads
and searches it by what the page is called. A test finds every route and every code a
service writes in this table, so a new page cannot reach the logboek as a bare code."""

from __future__ import annotations

SECTIONS = {
    "accounts:": "Inloggen",
    "people:": "Jongeren",
    "deliveries:": "Leveringen",
    "signals:": "Signalen",
    "reports:": "Meldingen",
    "partners:": "Gedeeld met ons",
    "cases:": "Dossiers",
    "privacy:": "Privacy",
    "retention:": "Bewaartermijnen",
    "api:": "API",
    "admin:": "Beheer",
}
"""The parts of the product, by the start of their codes: what the search offers as 'all
pages of'. Beheer's codes are Django's own (`admin:people_person_change`)."""

PAGES = {
    "home": "Startpagina",
    "login": "Inloggen",
    "logout": "Uitloggen",
    "oidc_authentication_init": "Inloggen met de organisatie-inlog (start)",
    "oidc_authentication_callback": "Inloggen met de organisatie-inlog (terug)",
    "accounts:verify": "Inloggen: code uit de app",
    "accounts:enrol": "Inloggen: app koppelen",
    "people:search": "Jongeren zoeken",
    "people:detail": "Gegevens van een jongere",
    "people:exemption_new": "Vrijstelling registreren",
    "people:exemption_end": "Vrijstelling beëindigen",
    "people:export_json": "Inzage: alle gegevens (JSON)",
    "people:export_pdf": "Inzage: alle gegevens (PDF)",
    "people:rectify": "Gegevens corrigeren",
    "deliveries:runs": "Inleesruns",
    "deliveries:upload": "Levering inlezen",
    "deliveries:run": "Inleesrun",
    "deliveries:progress": "Voortgang van een inleesrun",
    "deliveries:rejected": "Geweigerde regels (CSV)",
    "deliveries:import": "Levering ingelezen",
    "deliveries:rejected_cli": "Geweigerde regels naar een bestand (opdrachtregel)",
    "signals:queue": "Werkvoorraad",
    "signals:assign": "Signalen toewijzen",
    "signals:run": "Signalering uitvoeren",
    "signals:save_filter": "Filter bewaren",
    "signals:delete_filter": "Filter verwijderen",
    "signals:detail": "Signaal",
    "signals:take_up": "Signaal oppakken",
    "signals:close": "Signaal afsluiten",
    "signals:register": "Signalering uit het register",
    "reports:list": "Meldingen",
    "reports:new": "Jongere melden",
    "reports:detail": "Melding",
    "partners:shared": "Gedeeld met ons",
    "partners:shared_detail": "Gedeelde verwijzing",
    "cases:mine": "Mijn dossiers",
    "cases:caseloads": "Caseloads",
    "cases:report_status": "Meldingstatus aan DUO",
    "cases:status_export": "Meldingstatus aan DUO (CSV)",
    "cases:detail": "Dossier",
    "cases:assign": "Dossier toewijzen",
    "cases:state": "Dossierstatus wijzigen",
    "cases:contact_attempt": "Contactpoging",
    "cases:note": "Notitie",
    "cases:intake": "Intake",
    "cases:consent": "Toestemming vastleggen",
    "cases:withdraw_consent": "Toestemming intrekken",
    "cases:plan": "Plan",
    "cases:goal_achieved": "Doel behaald",
    "cases:task": "Taak",
    "cases:task_done": "Taak gedaan",
    "cases:document": "Document openen",
    "cases:upload": "Document toevoegen",
    "cases:letter": "Brief",
    "cases:referral": "Verwijzing naar een ketenpartner",
    "cases:referral_status": "Status van een verwijzing",
    "cases:close": "Dossier afsluiten",
    "cases:follow_up": "Nazorg",
    "cases:hearing": "Horen",
    "cases:mas": "Multidisciplinair afstemmingsoverleg (MAS)",
    "cases:halt": "Verwijzing naar Halt",
    "cases:halt_outcome": "Uitkomst van Halt",
    "cases:official_report": "Proces-verbaal",
    "cases:official_report_sent": "Proces-verbaal verstuurd",
    "cases:official_report_outcome": "Afdoening van het proces-verbaal",
    "cases:care_report": "Zorgmelding",
    "cases:close_report": "Verzuimmelding afsluiten",
    "privacy:log": "Logboek",
    "privacy:export": "Logboek exporteren",
    "retention:runs": "Bewaartermijnen",
    "retention": "Bewaartermijnen verlopen (automatisch)",
    "demo": "Demo-gegevens aangemaakt",
    "api:openapi": "API-beschrijving",
    "api:meldingen": "API: meldingen",
    "api:melding": "API: een melding",
    "api:unknown": "API: onbekend adres",
}
"""Each route's name as its page's heading or its button says it."""


def page_name(route: str) -> str:
    """The route in words; a code this table does not have (an old row, a page of Beheer)
    is named by its part of the product, with the code, else shown as it is."""
    if route in PAGES:
        return PAGES[route]
    if route in SECTIONS:
        return f"Alle pagina's van {SECTIONS[route]}"
    for start, section in SECTIONS.items():
        if route.startswith(start):
            return f"{section} ({route[len(start) :]})"
    return route


def route_choices() -> list[tuple[str, object]]:
    """The logboek's search: every page, grouped by its part of the product, with 'all
    pages of' first in each group; the pages without a part last."""
    groups: list[tuple[str, object]] = []
    for start, section in SECTIONS.items():
        pages = sorted(
            ((code, name) for code, name in PAGES.items() if code.startswith(start)),
            key=lambda page: page[1],
        )
        groups.append((section, [(start, f"Alle pagina's van {section}"), *pages]))
    others = sorted(
        ((code, name) for code, name in PAGES.items() if ":" not in code),
        key=lambda page: page[1],
    )
    return [("", "Alle pagina's en functies"), *groups, ("Overige", others)]
