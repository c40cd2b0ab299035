"""Letters from a case: an invitation to a conversation, a reminder, the notice of a home visit
and, at the leerplicht desk, the oproep voor een gesprek for the parents and the young person.

The wording is a Django template per desk and letter (templates/cases/letters/<desk>/<code>.txt),
so that a region can change it without code: DOORSTROOM_LETTERS_DIR holds its own
<desk>/<code>.txt or <region code>/<desk>/<code>.txt, read at each letter. A template is plain
text: an opening line 'Betreft: ...' is the subject, a blank line starts a paragraph. The
letterhead, the address block, the date and the reference are laid out here, with reportlab
and the inzage's escaping (people/subject_pdf.py).

A letter is stored in the case as a Document through actions.add_document (the one write path:
history line, audit log); a closed case, a deceased young person or one without a known
address gets none, with the reason in Dutch.
"""

from __future__ import annotations

import functools
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

import reportlab
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import Flowable

from doorstroom import dates
from doorstroom.accounts.models import User
from doorstroom.accounts.roles import Role
from doorstroom.cases import actions
from doorstroom.cases.choices import Channel, ContactResult
from doorstroom.cases.models import Case
from doorstroom.cases.services import CaseRefused
from doorstroom.people.choices import Desk
from doorstroom.people.models import Person, Residence
from doorstroom.people.subject_pdf import BODY, escape

BUILT_IN = Path(__file__).resolve().parents[1] / "templates" / "cases" / "letters"
BOTH = frozenset(Desk)


@dataclass(frozen=True)
class Letter:
    code: str
    """The template's name, kept in Document.letter."""
    title: str
    desks: frozenset[Desk]
    at_home: bool = False
    """A home visit takes place at the young person's address unless the form names a place."""


LETTERS = {
    letter.code: letter
    for letter in (
        Letter("uitnodiging", "Uitnodiging voor een gesprek", BOTH),
        Letter("herinnering", "Herinnering: uitnodiging voor een gesprek", BOTH),
        Letter("huisbezoek", "Aankondiging van een huisbezoek", BOTH, at_home=True),
        # 'The leerplichtambtenaar investigates, hears the parents and, from 12, the young
        # person' (DOMAIN.md, Leerplicht): no such step at the Doorstroompunt (18+).
        Letter("oproep", "Oproep voor een gesprek", frozenset({Desk.LEERPLICHT})),
    )
}

DESK_NAMES = {Desk.DOORSTROOMPUNT: "Doorstroompunt", Desk.LEERPLICHT: "Bureau Leerplicht"}
SIGNED_AS = {
    Role.LEERPLICHT: "leerplichtambtenaar",
    Role.COACH: "doorstroomcoach",
    Role.COORDINATOR: "doorstroomcoördinator",
    Role.SUPPORT: "doorstroomondersteuner",
}
OWN_SCHOOL_DUTY_AGE = 12
"""From 12 the young person is responsible too (Leerplichtwet 1969 art. 2(3)) and is heard."""


@dataclass(frozen=True)
class Appointment:
    on: date
    at: time
    place: str = ""


def letters_for(desk: Desk) -> list[Letter]:
    return [letter for letter in LETTERS.values() if desk in letter.desks]


def current_address(person: Person) -> Residence | None:
    return person.residences.filter(valid_to__isnull=True).first()


def refusal(case: Case, address: Residence | None) -> str | None:
    """Why this case gets no letter now, in Dutch, or None when it may."""
    person = case.person
    if person.date_of_death is not None:
        return f"{person.full_name} is overleden; er gaan geen brieven meer uit."
    if not case.is_open:
        return "Dit dossier is afgesloten; er gaan geen brieven meer uit."
    if address is None:
        return (
            f"Van {person.full_name} is geen huidig adres bekend, dus er kan geen brief "
            "worden gemaakt. Zoek contact per telefoon, e-mail of via een ketenpartner, of "
            "vraag het adres na in de BRP."
        )
    parts = (("straat", address.street), ("woonplaats", address.city))
    missing = [what for what, value in parts if not value.strip()]
    if missing:
        return (
            f"Het adres van {person.full_name} is onvolledig: de {' en de '.join(missing)} "
            "ontbreekt. Vraag het adres na in de BRP voordat u een brief maakt."
        )
    return None


def send_letter(
    user: User,
    case: Case,
    *,
    code: str,
    appointment: Appointment,
    count_as_attempt: bool,
    route: str,
) -> Case:
    """Make the letter as a PDF and keep it in the case; with `count_as_attempt` it is also a
    contact attempt by letter (benaderen), not answered yet, whose next step is the
    appointment. Both or neither: one transaction."""
    letter = LETTERS.get(code)
    if letter is None or Desk(case.desk) not in letter.desks:
        raise CaseRefused(f"Deze brief bestaat niet bij het loket {case.get_desk_display()}.")
    address = current_address(case.person)
    reason = refusal(case, address)
    if reason:
        raise CaseRefused(reason)
    signer = case.coach or user
    content = render(case, letter, appointment, address, signer, dated=dates.today())
    day = dates.format_date(appointment.on)
    with transaction.atomic():
        if count_as_attempt:
            actions.record_contact_attempt(
                user, case, on=dates.today(), channel=Channel.LETTER,
                result=ContactResult.NOT_REACHED,
                next_step=f"{letter.title} verstuurd; afspraak op {day} om {_time(appointment.at)}",
                next_on=appointment.on, route=route,
            )  # fmt: skip
        return actions.add_document(
            user,
            case,
            title=f"{letter.title} (afspraak {day})",
            upload=SimpleUploadedFile(f"{uuid.uuid4().hex}.pdf", content, "application/pdf"),
            content_type="application/pdf",
            letter=letter.code,
            route=route,
        )


def _time(at: time) -> str:
    return f"{at:%H.%M} uur"


def _signed_as(signer: User) -> str:
    roles = signer.roles
    return next((word for role, word in SIGNED_AS.items() if role in roles), "")


def context(
    case: Case,
    letter: Letter,
    appointment: Appointment,
    address: Residence,
    signer: User,
    *,
    dated: date,
) -> dict[str, object]:
    """What a letter's template may use; docs/architecture.md lists it for a region's writer."""
    person = case.person
    age = dates.age_on(person.date_of_birth, dated)
    desk_name = f"{DESK_NAMES[Desk(case.desk)]} {case.region.name}"
    home = f"{address.address_line}, {address.city}"
    return {
        "name": person.full_name,
        "first_name": (person.given_names.split() or [person.full_name])[0],
        "age": age,
        "from_twelve": age >= OWN_SCHOOL_DUTY_AGE,
        "address": home,
        "appointment_day": dates.format_day(appointment.on),
        "appointment_time": _time(appointment.at),
        "appointment_place": appointment.place or (home if letter.at_home else ""),
        "signer": signer.display_name,
        "signer_function": _signed_as(signer),
        "desk_name": desk_name,
        "region": case.region.name,
        "case_number": case.number,
        "today": dates.format_date(dated),
    }


def engine() -> Engine:
    """Plain text, so no HTML escaping (the PDF escapes its own markup); read from disk at each
    letter, so that a region's new wording counts at once."""
    dirs = [settings.LETTERS_DIR] if settings.LETTERS_DIR else []
    return Engine(
        dirs=[*dirs, BUILT_IN],
        autoescape=False,
        loaders=["django.template.loaders.filesystem.Loader"],
    )


def wording(case: Case, letter: Letter, values: dict[str, object]) -> tuple[str, list[str]]:
    """The subject and the paragraphs of the letter, from the region's template or ours."""
    names = [f"{case.region.code}/{case.desk}/{letter.code}.txt", f"{case.desk}/{letter.code}.txt"]
    try:
        template = engine().select_template(names)
        text = template.render(Context(values))
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        raise CaseRefused(
            f"Het briefsjabloon '{letter.code}' voor {case.get_desk_display()} kan niet worden "
            f"gelezen ({error}); de functioneel beheerder kan het herstellen."
        ) from error
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
    subject = letter.title
    if paragraphs and paragraphs[0].startswith("Betreft:"):
        subject = paragraphs.pop(0).removeprefix("Betreft:").strip()
    return subject, paragraphs


# Bitstream Vera, shipped inside reportlab: unlike the PDF standard fonts (Latin-1 only) it
# has the letters of many names in Dutch registers: Turkish, Polish, Czech (not yet all).
FONT, BOLD = "Vera", "Vera-Bold"
FONT_FILES = {FONT: "Vera.ttf", BOLD: "VeraBd.ttf"}


@functools.cache
def _register_fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))


LETTER = ParagraphStyle(
    "letter", parent=BODY, fontName=FONT, fontSize=10.5, leading=14, spaceAfter=8
)
SENDER = ParagraphStyle("sender", parent=LETTER, fontName=BOLD, spaceAfter=0)


def _lines(lines: list[str], style: ParagraphStyle = LETTER) -> Paragraph:
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def postal_lines(addressee: str, address: Residence) -> list[str]:
    """The address block as PostNL asks: postcode as 1234 AB, two spaces, the town in capitals."""
    town = f"{address.written_postcode}\u00a0\u00a0{address.city.upper()}"
    return [addressee, address.address_line, town]


def addressee(case: Case, values: dict[str, object]) -> str:
    """Under 18 the parents answer for school attendance (art. 2); from 12 the young person too."""
    if not case.is_leerplicht:
        return str(values["name"])
    if values["from_twelve"]:
        return f"{values['name']} en ouders of verzorgers"
    return f"De ouders of verzorgers van {values['name']}"


def render(
    case: Case,
    letter: Letter,
    appointment: Appointment,
    address: Residence,
    signer: User,
    *,
    dated: date,
) -> bytes:
    """The letter as a PDF: letterhead, address block, date and reference, the wording."""
    values = context(case, letter, appointment, address, signer, dated=dated)
    subject, paragraphs = wording(case, letter, values)
    _register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=subject,
        author=str(values["desk_name"]),
        lang="nl-NL",
    )
    flow: list[Flowable] = [
        _lines([str(values["desk_name"])], SENDER),
        Spacer(1, 25 * mm),
        _lines(postal_lines(addressee(case, values), address)),
        Spacer(1, 12 * mm),
        _lines(
            [
                f"Datum: {values['today']}",
                f"Ons kenmerk: dossier {case.number}",
                f"Betreft: {subject}",
            ]
        ),
        Spacer(1, 6 * mm),
        *(_lines(paragraph.splitlines()) for paragraph in paragraphs),
    ]

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(25 * mm, 10 * mm, f"{values['desk_name']}, dossier {case.number}")
        canvas.drawRightString(A4[0] - 25 * mm, 10 * mm, f"pagina {document.page}")
        canvas.restoreState()

    doc.build(flow, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
