"""The codes of case management, in one place: states, contact, intake, plan, outcome, and the
leerplicht desk's own steps. Models use them as choices; the rules use them as plain values."""

from django.db import models


class CaseState(models.TextChoices):
    """Where a case stands (legal task 2: benaderen en begeleiden, then nazorg)."""

    NEW = "nieuw", "nieuw"
    APPROACH = "benaderen", "benaderen"
    INTAKE = "intake", "intake"
    PLAN = "plan", "plan"
    GUIDANCE = "begeleiding", "begeleiding"
    CLOSED = "afgesloten", "afgesloten"
    AFTERCARE = "nazorg", "nazorg"


class Channel(models.TextChoices):
    """How a contact attempt was made (DOMAIN.md: letter, phone, home visit)."""

    LETTER = "brief", "brief"
    PHONE = "telefoon", "telefoon"
    EMAIL = "email", "e-mail"
    TEXT = "sms", "sms of app-bericht"
    HOME_VISIT = "huisbezoek", "huisbezoek"
    PARTNER = "partner", "via een ketenpartner"


class ContactResult(models.TextChoices):
    REACHED = "bereikt", "bereikt"
    NOT_REACHED = "niet_bereikt", "niet bereikt"
    WRONG_ADDRESS = "onjuist_adres", "onjuist adres of nummer"
    REFUSED = "geweigerd", "wil geen contact"


class Situation(models.TextChoices):
    """The domains of a young person's life an intake asks about."""

    LIVING = "wonen", "wonen"
    INCOME = "inkomen", "inkomen"
    WORK = "werk", "werk"
    HEALTH = "gezondheid", "gezondheid"
    DEBTS = "schulden", "schulden"
    JUSTICE = "justitie", "justitie"
    CARE = "hulpverlening", "hulpverlening al betrokken"


class PlanKind(models.TextChoices):
    """The kind of maatwerktraject (DOMAIN.md legal task 2)."""

    EDUCATION = "onderwijs", "onderwijs"
    WORK = "werk", "werk"
    WORK_AND_LEARN = "leren_werken", "leren en werken (BBL)"
    DAY_ACTIVITY = "dagbesteding", "dagbesteding"
    CARE = "zorg", "zorg"


class Outcome(models.TextChoices):
    """How a case ends: OCW's effect-report categories first (DOMAIN.md legal task 2), then
    the endings of the caseload itself."""

    EDUCATION = "onderwijs", "volledig erkend onderwijs"
    WORK_AND_LEARN = "werken_leren", "combinatie van werken en leren (BBL)"
    WORK = "werk", "werk zonder perspectief op een startkwalificatie"
    CARE = "zorg", "zorg, opvang of detentie"
    NOTHING = "geen", "geen dagbesteding"
    MOVED = "onvindbaar", "verhuisd of onvindbaar"
    OTHER = "anders", "anders"
    STARTKWALIFICATIE = "startkwalificatie", "startkwalificatie behaald"
    AGED_OUT = "bovengrens", "bovengrens leeftijd bereikt"
    REFUSED = "geen_hulp", "wil geen hulp"
    HANDED_OVER = "overgedragen", "overgedragen aan het Doorstroompunt (18 jaar)"
    DIED = "overleden", "overleden"


class EntryKind(models.TextChoices):
    """What a line of a case's history records."""

    OPENED = "geopend", "dossier geopend"
    STATE = "status", "status gewijzigd"
    ASSIGNED = "toegewezen", "begeleider gewijzigd"
    SIGNAL = "signaal", "signaal toegevoegd"
    CONTACT_ATTEMPT = "contactpoging", "contactpoging"
    CONTACT = "contactmoment", "contactmoment"
    NOTE = "notitie", "notitie"
    INTAKE = "intake", "intake"
    CONSENT = "toestemming", "toestemming voor delen"
    CONSENT_WITHDRAWN = "intrekking", "toestemming ingetrokken"
    PLAN = "plan", "plan"
    TASK = "taak", "taak"
    DOCUMENT = "document", "document"
    LETTER = "brief", "brief"
    REFERRAL = "verwijzing", "verwijzing naar een ketenpartner"
    OUTCOME = "uitkomst", "uitkomst"
    FOLLOW_UP = "nazorg", "nazorgcontrole"
    HEARING = "horen", "horen"
    MAS = "mas", "Methodische Aanpak Schoolverzuim"
    HALT = "halt", "Halt-verwijzing"
    OFFICIAL_REPORT = "proces_verbaal", "proces-verbaal"
    CARE_REPORT = "zorgmelding", "zorgmelding of Veilig Thuis"
    REPORT_CLOSED = "melding_afgesloten", "melding afgesloten"


class FollowUpResult(models.TextChoices):
    ON_TRACK = "op_koers", "nog op school of aan het werk"
    DROPPED_OUT = "uitgevallen", "opnieuw uitgevallen"
    UNREACHABLE = "onbereikbaar", "niet bereikt"


# The leerplicht desk (DOMAIN.md 'Leerplicht: the route for those under 18').


class HearingWho(models.TextChoices):
    PARENTS = "ouders", "ouders of verzorgers"
    YOUNG_PERSON = "jongere", "de jongere"
    BOTH = "beiden", "ouders en jongere samen"


class MasPhase(models.TextChoices):
    """Methodische Aanpak Schoolverzuim: the five phases."""

    OBSERVE = "signaleren", "signaleren"
    ANALYSE = "analyseren", "analyseren"
    PLAN = "plannen", "plannen"
    ACT = "uitvoeren", "uitvoeren"
    EVALUATE = "evalueren", "evalueren"


class MasRoute(models.TextChoices):
    """The routes of the MAS."""

    VOLUNTARY = "vrijwillig", "vrijwillige hulp"
    HALT = "halt", "Halt"
    CIVIL = "civiel", "civielrechtelijke drang en dwang"
    CRIMINAL = "strafrecht", "strafrechtelijke drang en dwang"


class HaltOutcome(models.TextChoices):
    COMPLETED = "afgerond", "positief afgerond"
    FAILED = "niet_afgerond", "niet afgerond (terug naar leerplicht)"


class OfficialReportOutcome(models.TextChoices):
    """What the officier van justitie or the court decided."""

    DISMISSED = "sepot", "sepot"
    CONDITIONAL_DISMISSAL = "voorwaardelijk_sepot", "voorwaardelijk sepot"
    COMMUNITY_SERVICE = "taakstraf", "taakstraf of leerstraf"
    FINE = "boete", "geldboete"
    OTHER = "anders", "andere afdoening"


class CareReportKind(models.TextChoices):
    ZORGMELDING = "zorgmelding", "zorgmelding (bijvoorbeeld bij het wijkteam of de GGD)"
    VEILIG_THUIS_ADVICE = "vt_advies", "advies gevraagd bij Veilig Thuis"
    VEILIG_THUIS_REPORT = "vt_melding", "melding bij Veilig Thuis"


class ReportClosingReason(models.TextChoices):
    """DUO's reasons for closing a verzuimmelding (DOMAIN.md 'Leerplicht')."""

    BACK_AT_SCHOOL = "terug_op_school", "terug op school"
    OTHER_COURSE = "andere_opleiding", "inschrijving beëindigd voor een andere opleiding"
    WORK = "werk", "inschrijving beëindigd voor werk"
    ENDED_OTHER = "beeindigd_anders", "inschrijving beëindigd, andere reden"
    DIED = "overleden", "overleden"
    NO_ABSENCE = "geen_verzuim", "geen verzuim (langdurig ziek, geoorloofd afwezig)"
