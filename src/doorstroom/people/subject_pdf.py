"""The inzage (AVG art. 15) as a PDF for the young person: plain Dutch, dates as 1 maart 2026.

Renders what `subject_export.gather` collected; it reads nothing from the database itself.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from doorstroom import dates
from doorstroom.people.subject_export import Record

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontSize=9.5, leading=12)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5)
H1 = STYLES["Title"]
H2 = ParagraphStyle("h2", parent=STYLES["Heading2"], spaceBefore=10)
NONE = "\N{EN DASH}"

# (section title, key in the data, explanation, [(column label, field), ...])
SECTIONS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("Adressen", "residences", "Waar u woonde en woont, volgens de BRP via DUO.", [
        ("Straat", "street"), ("Nummer", "house_number"), ("Toevoeging", "house_number_addition"),
        ("Postcode", "postcode"), ("Woonplaats", "city"), ("Gemeente", "municipality"),
        ("Vanaf", "valid_from"), ("Tot en met", "valid_to"),
    ]),
    ("Inschrijvingen op school", "enrolments", "Uw inschrijvingen, volgens DUO.", [
        ("School", "school"), ("Onderwijs", "kind_label"), ("Vanaf", "start_date"),
        ("Tot en met", "end_date"), ("Reden uitschrijving", "leaving_reason"),
    ]),
    ("Diploma's en certificaten", "results", "Wat u behaalde, volgens DUO.", [
        ("Soort", "result_type_label"), ("Onderwijs", "kind_label"),
        ("Behaald op", "obtained_on"), ("School", "school"),
    ]),
    ("Vrijstellingen", "exemptions", "Besluiten van de leerplichtambtenaar.", [
        ("Artikel", "article_label"), ("Vanaf", "start_date"), ("Tot en met", "end_date"),
        ("Kenmerk besluit", "decision_reference"), ("Vastgelegd op", "registered_at"),
    ]),
    ("Meldingen over u", "reports", "Meldingen van scholen, DUO of partners.", [
        ("Nummer", "report_number"), ("Soort", "subject_label"), ("Verzuim", "absence_kind_label"),
        ("Gemeld op", "reported_at"), ("School", "school"), ("Contactpersoon", "contact_person"),
        ("Toelichting", "explanation"), ("Status", "status_label"),
    ]),
    ("Signalen", "signals", "Wanneer wij vonden dat u misschien hulp nodig had, en waarom.", [
        ("Soort", "kind_label"), ("Loket", "desk_label"), ("Reden", "reason"),
        ("Op", "raised_on"), ("Bronnen", "sources"), ("Status", "status_label"),
        ("Afgesloten", "closed_on"), ("Afsluiting", "resolution_label"),
    ]),
    ("Dossiers", "cases", "Dossiers waarin een begeleider met u werkt of werkte.", [
        ("Nummer", "number"), ("Loket", "desk_label"), ("Status", "state_label"),
        ("Begeleider", "coach"), ("Geopend", "opened_at"), ("Uitkomst", "outcome_label"),
        ("Gesloten", "closed_on"), ("Toelichting", "closing_reason"),
    ]),
    ("Wat er in uw dossier gebeurde", "case_history",
     "Elke stap, elk gesprek en elke notitie in uw dossiers, ook vertrouwelijke.", [
        ("Dossier", "case"), ("Op", "on"), ("Door", "by"), ("Wat", "kind_label"),
        ("Samenvatting", "summary"), ("Tekst", "text"),
    ]),
    ("Contactpogingen", "contact_attempts", "Wanneer en hoe wij u probeerden te bereiken.", [
        ("Dossier", "case"), ("Op", "on"), ("Hoe", "channel_label"), ("Resultaat", "result_label"),
        ("Vervolgstap", "next_step"),
    ]),
    ("Intake", "intakes", "Wat u in het intakegesprek vertelde.", [
        ("Dossier", "case"), ("Op", "held_on"), ("Redenen", "reasons"), ("Toelichting", "reason_note"),
        ("Situatie", "situation"), ("Uw doel", "goal"),
    ]),
    ("Plannen", "plans", "Uw plan en de doelen, elke versie.", [
        ("Dossier", "case"), ("Versie", "version"), ("Op", "made_on"), ("Soort", "kind_label"),
        ("Afspraken", "agreements"), ("Doelen", "goals"), ("Partners", "partners"),
    ]),
    ("Toestemming om te delen", "consents", "Met wie u ons liet delen, en wat.", [
        ("Dossier", "case"), ("Partner", "organisation"), ("Wat", "scope"), ("Gegeven", "given_on"),
        ("Door", "given_by_label"), ("Geldig tot", "valid_until"), ("Ingetrokken", "withdrawn_on"),
    ]),
    ("Verwijzingen", "referrals", "Naar welke partner wij u verwezen en wat wij deelden.", [
        ("Dossier", "case"), ("Partner", "organisation"), ("Op", "referred_on"), ("Vraag", "reason"),
        ("Grondslag", "legal_basis_label"), ("Gedeeld", "shared"), ("Tot en met", "shared_until"),
        ("Status", "status_label"),
    ]),
    ("Nazorg", "follow_ups", "Wanneer wij nagingen hoe het met u ging.", [
        ("Dossier", "case"), ("Gepland", "due_on"), ("Gedaan", "done_on"), ("Resultaat", "result_label"),
        ("Vervallen", "lapsed_on"), ("Waarom vervallen", "lapse_reason"),
    ]),
    ("Leerplicht", "leerplicht", "Gesprekken, Halt, proces-verbaal en zorgmeldingen.", [
        ("Dossier", "case"), ("Op", "on"), ("Wat", "what"), ("Toelichting", "detail"),
    ]),
    ("Documenten en brieven", "documents", "Brieven en documenten in uw dossiers.", [
        ("Dossier", "case"), ("Titel", "title"), ("Toegevoegd", "added_at"),
    ]),
    ("Telling voor de monitor", "cohorts", "Groepen waarin u voor de regionale cijfers meetelt.", [
        ("Groep", "cohort_label"), ("Jaar", "year"),
    ]),
    ("Correcties", "rectifications", "Gegevens die op uw verzoek of door ons zijn verbeterd.", [
        ("Op", "at"), ("Door", "by"), ("Gegeven", "field_label"), ("Was", "old_value"),
        ("Werd", "new_value"), ("Reden", "reason"),
    ]),
    ("Leveringen die uw gegevens brachten of wijzigden", "deliveries",
     "Bestanden van DUO en scholen waaruit wij uw gegevens hebben overgenomen.", [
        ("Bestand", "file_name"), ("Soort", "kind_label"), ("Leveringsdatum", "delivery_date"),
        ("Ingelezen op", "applied_at"), ("Door", "by"),
    ]),
    ("Geweigerde regels over u", "refused_rows",
     "Regels uit leveringen over u die wij niet hebben overgenomen, omdat er iets niet klopte; "
     "wij bewaren ze tot de bewaartermijn verloopt.", [
        ("Bestand", "file_name"), ("Soort", "kind_label"), ("Leveringsdatum", "delivery_date"),
        ("Regel", "line"),
        ("Veld", "field"), ("Reden", "reason"), ("Zoals geleverd", "row"),
    ]),
    ("Wie uw gegevens bekeek of gebruikte", "access_log",
     "Elke keer dat een medewerker uw gegevens zag, zocht, wijzigde of exporteerde.", [
        ("Op", "at"), ("Door", "by"), ("Wat", "action_label"), ("Waarom", "reason"),
    ]),
]  # fmt: skip


def text(value: Any) -> str:
    """A value as the person reads it: Dutch dates, ja/nee, a dash for nothing."""
    if value is None or value == "":
        return NONE
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return f"{dates.format_date(local.date())} om {local:%H:%M}"
    if isinstance(value, date):
        return dates.format_date(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):  # the sources of a signal
        return ", ".join(f"{s['kind_label']} {s['report_number']}".strip() for s in value) or NONE
    return str(value)


def escape(value: str) -> str:
    """Text for reportlab's paragraph markup, where <, > and & mean something."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(value: Any, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text(value)), style)


MARGIN = 15 * mm
"""The page's left and right margins (`render`)."""
WIDTH = A4[0] - 2 * MARGIN
"""The width of the text on a page, between those margins."""
LABEL_WIDTH = 45 * mm
"""The labels' column of the person's own data."""


def _table(rows: list[list[Any]], header: bool) -> Table:
    """Columns of fixed widths, so that a long word is broken inside its column (reportlab
    sizes a column by its longest word, and fails when the others get less than none); a row
    taller than a page (a melding's toelichting of 4,000 characters) goes on over the next."""
    columns = len(rows[0])
    widths = (
        [WIDTH / columns] * columns
        if header
        else [LABEL_WIDTH, *[(WIDTH - LABEL_WIDTH) / (columns - 1)] * (columns - 1)]
    )
    table = Table(
        [[_para(cell) for cell in row] for row in rows],
        colWidths=widths,
        repeatRows=1 if header else 0,
        hAlign="LEFT",
        splitInRow=1,
    )
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")))
    table.setStyle(TableStyle(style))
    return table


def _person(data: Record) -> list[Flowable]:
    p = data["person"]
    income = data["income_match"]
    rows = [
        ["BSN", p["bsn"]],
        ["Voornamen", p["given_names"]],
        ["Voorvoegsel", p["surname_prefix"]],
        ["Geslachtsnaam", p["surname"]],
        ["Geboortedatum", p["date_of_birth"]],
        ["Telefoon", p["phone"]],
        ["E-mail", p["email"]],
        ["Woongemeente", f"{p['municipality']} ({p['municipality_code']})"],
        ["Alleen bekend uit een melding", p["reported_only"]],
        [
            "Prioriteit Inlichtingenbureau",
            f"{income['priority_label']} (peildatum {text(income['reported_on'])})"
            if income
            else None,
        ],
    ]
    if p["date_of_death"]:
        rows.append(["Overleden", p["date_of_death"]])
    if p["date_of_emigration"]:
        rows.append(["Geëmigreerd", p["date_of_emigration"]])
    return [Paragraph("Uw persoonsgegevens", H2), _table(rows, header=False)]


def _section(data: Record, title: str, key: str, intro: str, columns) -> list[Flowable]:
    items = data[key]
    flow: list[Flowable] = [Paragraph(escape(title), H2), Paragraph(escape(intro), BODY)]
    if not items:
        return [*flow, Paragraph("Hierover hebben wij niets van u.", BODY)]
    rows = [[label for label, _ in columns]]
    rows += [[item[field] for _, field in columns] for item in items]
    return [*flow, Spacer(1, 2 * mm), _table(rows, header=True)]


def render(data: Record) -> bytes:
    """The PDF: a header, the person's data, then one section per kind of record."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Inzage in uw gegevens",
        author=f"Doorstroompunt {data['region']}",
        lang="nl-NL",
    )
    p = data["person"]
    name = " ".join(x for x in (p["given_names"], p["surname_prefix"], p["surname"]) if x)
    flow: list[Flowable] = [
        Paragraph("Inzage in uw gegevens", H1),
        Paragraph(
            escape(
                f"Voor {name}, gemaakt op {text(data['generated_at'])} door het Doorstroompunt "
                f"{data['region']}. Dit zijn alle gegevens die wij over u hebben (AVG artikel 15). "
                "Klopt er iets niet? Dan kunt u vragen om het te verbeteren (AVG artikel 16)."
            ),
            BODY,
        ),
        *_person(data),
    ]
    for section in SECTIONS:
        flow += _section(data, *section)

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(15 * mm, 10 * mm, f"Inzage in uw gegevens, {name}")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"pagina {document.page}")
        canvas.restoreState()

    doc.build(flow, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
