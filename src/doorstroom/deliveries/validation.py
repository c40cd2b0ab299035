"""Checking one delivery row and turning it into a staging tuple, or a Dutch reason why not.

Plain Python over plain values, fast enough for millions of rows: no model objects, no
queries (the reference data comes in as dictionaries). Checks that need the register (an
enrolment of an unknown person, a date before birth) are made in SQL when applying.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from operator import gt, itemgetter

from doorstroom.crypto import Sealer, lookup_hasher
from doorstroom.csvfiles import RowError, may_be_odd, odd_field, parse_cell_date
from doorstroom.deliveries.adapters.base import COLUMNS, INDEX, Misfit
from doorstroom.deliveries.models import DeliveryKind
from doorstroom.lengths import too_long
from doorstroom.people import bsn as bsn_rules
from doorstroom.people.choices import EducationKind, MboPathway, ResultType, VsoProfile
from doorstroom.people.models import MBO_KINDS, Enrolment, Person, Residence
from doorstroom.people.names import name_key
from doorstroom.regions.models import school_code

PERSON, ENROLMENT, RESULT = "persoon", "inschrijving", "resultaat"
RECORDS = (PERSON, ENROLMENT, RESULT)
PERSON_MUTATIONS = frozenset(
    {
        "gewijzigd",
        "verhuisd",
        "overleden",
        "geemigreerd",
        "vier_jaar",
        "bovengrens_bereikt",
        "sk_behaald",
        "sk_vervallen",
    }
)
ITEM_MUTATIONS = frozenset({"toegevoegd", "gewijzigd", "verwijderd"})
REMOVED = "verwijderd"
MOVED = "verhuisd"
DIED = "overleden"
KINDS = frozenset(EducationKind.values)
PATHWAYS = frozenset(MboPathway.values)
PROFILES = frozenset(VsoProfile.values)
RESULT_TYPES = frozenset(ResultType.values)
OLDEST_AGE = 100
TOO_OLD = (
    f"de geboortedatum {{}} maakt de jongere meer dan {OLDEST_AGE} jaar oud; staat hier de lege "
    "datum van het bronsysteem (zoals 01-01-1900)? Lever de echte geboortedatum"
)
"""A delivery is about young people of 4 to 27 (DOMAIN.md): a birth date a century back is
a source system's stand-in for 'unknown', which would put the person outside every rule."""
# also said by rejections.py, of the rows whose person is not just before them in the file
ENROLMENT_BEFORE_BIRTH = "de inschrijving begint vóór de geboortedatum"
RESULT_BEFORE_BIRTH = "het resultaat ligt vóór de geboortedatum"
BIRTH_AFTER_KEPT_ITEMS = (
    "de geboortedatum ligt na het begin van een inschrijving of de datum van een resultaat "
    "dat het register van deze jongere heeft; lever die inschrijving of dat resultaat "
    "gecorrigeerd mee"
)
POSTCODE = re.compile(r"^\d{4}[A-Z]{2}$", re.ASCII)

(
    I_RECORD, I_MUTATION, I_MUTATION_DATE, I_BSN, I_GIVEN, I_PREFIX, I_SURNAME, I_BIRTH,
    I_STREET, I_NUMBER, I_ADDITION, I_POSTCODE, I_CITY, I_MUNICIPALITY, I_PHONE, I_EMAIL,
    I_DEATH, I_EMIGRATION, I_ENROLMENT_ID, I_BRIN, I_VESTIGING, I_KIND, I_PATHWAY, I_PROFILE,
    I_START, I_END, I_REASON, I_RESULT_ID, I_RESULT_TYPE, I_RESULT_DATE,
) = range(len(INDEX))  # fmt: skip


class Invalid(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message


EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def check_date(value: str, field: str) -> date:
    """A date in a delivery (csvfiles.parse_cell_date), between 1900 and 2100."""
    if not value:
        raise Invalid(field, missing(field, "verwacht jjjj-mm-dd of dd-mm-jjjj"))
    try:
        day = parse_cell_date(value)
    except ValueError as error:
        raise Invalid(field, str(error)) from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise Invalid(field, f"{value} ligt niet tussen {EARLIEST_YEAR} en {LATEST_YEAR}")
    return day


def dutch(iso: str) -> str:
    """An ISO date as dd-mm-jjjj, for messages."""
    return f"{iso[8:]}-{iso[5:7]}-{iso[:4]}"


class IsoDates:
    """`check_date` as ISO text, remembered: a delivery has a few thousand distinct dates in
    millions of rows, and ISO text is what the staging tables take and compares like dates."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def __call__(self, value: str, field: str) -> str:
        known = self.known.get(value)
        if known is None:
            known = check_date(value, field).isoformat()
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            self.known[value] = known
        return known

    def optional(self, value: str, field: str) -> str | None:
        return self(value, field) if value else None

    @staticmethod
    @functools.lru_cache(maxsize=LIMIT)
    def day_before(iso: str) -> str:
        """The day before an ISO date, as ISO text (a move's last day at the old address),
        remembered: a P-levering's moves share a few dates."""
        return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


ELFPROEF_OFFSET = 48 * (9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 - 1)  # the weights times ord("0")


def missing(field: str, expected: str) -> str:
    """The message for a required value left empty: its column and what belongs there, not
    "'' is geen ..." or advice to load reference data."""
    return f"{field} ontbreekt ({expected})"


def unknown_school(code: str) -> str:
    return f"school {code} is onbekend; laad eerst de referentiegegevens"


def check_bsn(value: str) -> str:
    """The one check of a delivered BSN: the verdict and words of `people.bsn.problem`, its
    elfproef on the bytes at once (this runs for every row). Its messages do not repeat the
    value: they are stored in the clear, the row itself only encrypted (RejectedRow)."""
    if len(value) != 9 or not value.isdigit() or not value.isascii():
        raise Invalid("bsn", bsn_rules.not_nine_digits(value))
    d = value.encode()
    total = (
        9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]
    )
    if (total - ELFPROEF_OFFSET) % 11 or value == "000000000":
        raise Invalid("bsn", bsn_rules.ELFPROEF)
    return value


def random_uuids() -> Iterator[str]:
    """Version-4 UUIDs as hex, from os.urandom like uuid.uuid4, 4,096 at a time."""
    variant_clear, version_set = ~(0xF000 << 64 | 0xC000 << 48), 0x4000 << 64 | 0x8000 << 48
    while True:
        block = os.urandom(16 * 4096)
        for start in range(0, len(block), 16):
            number = int.from_bytes(block[start : start + 16]) & variant_clear | version_set
            yield f"{number:032x}"


ID_LIMIT = 40
"""The longest identifier a sender's enrolment, result or melding may have."""


def check_identifier(value: str, field: str, what: str) -> str:
    """A sender's identifier (inschrijving_id, resultaat_id, meldingnummer): present and at
    most `ID_LIMIT` characters, each told apart."""
    if not value:
        raise Invalid(field, f"{what} ontbreekt")
    if len(value) > ID_LIMIT:
        raise Invalid(field, too_long(field, len(value), ID_LIMIT))
    return value


def check_choice(value: str, allowed: frozenset[str], field: str, what: str) -> str:
    if value not in allowed:
        if not value:
            raise Invalid(field, missing(what, f"kies uit {', '.join(sorted(allowed))}"))
        raise Invalid(
            field, f"'{value}' is geen bekende {what}; kies uit {', '.join(sorted(allowed))}"
        )
    return value


FREE_TEXT = frozenset({"reden_uitschrijving"})
"""The one field of a register row that may hold line breaks and tabs (a school's own words)."""

TEXT_LIMITS = tuple(
    (index, column, model._meta.get_field(field).max_length)
    for index, column, model, field in (
        (I_GIVEN, "voornamen", Person, "given_names"),
        (I_PREFIX, "voorvoegsel", Person, "surname_prefix"),
        (I_SURNAME, "geslachtsnaam", Person, "surname"),
        (I_STREET, "straat", Residence, "street"),
        (I_ADDITION, "huisnummertoevoeging", Residence, "house_number_addition"),
        (I_CITY, "woonplaats", Residence, "city"),
        (I_PHONE, "telefoon", Person, "phone"),
        (I_EMAIL, "email", Person, "email"),
    )
)
"""A person row's texts and what the register holds of each (the field of Person or its
Residence the column lands in): a longer one is refused."""
TEXT_VALUES = itemgetter(*(index for index, _, _ in TEXT_LIMITS))
TEXT_MAXIMA = tuple(limit for _, _, limit in TEXT_LIMITS)
REASON_LIMIT = Enrolment._meta.get_field("leaving_reason").max_length


def row_problem(
    values: list[str], columns: tuple[str, ...], free_text: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """(field, Dutch message) for a row of any delivery that cannot be read field by field:
    more or fewer fields than the header or the header once more (`Misfit`), or a value with
    a NUL, control,
    invisible or unreadable character (`csvfiles.odd_field`, after its quick test; only the
    `free_text` columns may hold line breaks and tabs). None for nearly every row."""
    if values.__class__ is Misfit:
        return "", values.message
    if may_be_odd("".join(values)):
        return odd_field(values, columns, free_text)
    return None


class RowValidator:
    """Validates rows of one delivery against the reference data and the importing area."""

    def __init__(
        self,
        *,
        kind: DeliveryKind,
        delivery_date: date,
        municipalities: dict[str, tuple[int, int, str]],
        area_region_ids: frozenset[int] | None,
        area_name: str,
        schools: dict[str, int],
    ) -> None:
        self.kind = kind
        self.delivery_date = delivery_date
        self.municipalities = municipalities  # code -> (id, region_id, name)
        self.area_region_ids = area_region_ids  # None: every region
        self.area_name = area_name
        self.schools = schools  # brin + vestiging -> id
        self.day = IsoDates()
        self.delivery_day = delivery_date.isoformat()
        self.oldest_birth = f"{delivery_date.year - OLDEST_AGE:04d}{self.delivery_day[4:]}"
        self.delivery_eve = (delivery_date - timedelta(days=1)).isoformat()
        self.uuids = random_uuids()
        self.seal = Sealer()  # the person's BSN, encrypted as the register stores it
        self.lookup_hash = lookup_hasher()
        self.name_keys: dict[str, str] = {}
        # A person's rows come together: check and hash each BSN once in a row. (None
        # before the first row: an empty BSN there is checked and refused like any other.)
        self.last_bsn: str | None = None
        self.last_hash = ""
        # The person row just read (when it stays in the area) and its date of birth: the
        # enrolments and results that follow it are checked against it here, not in SQL.
        self.person_bsn = ""
        self.person_birth = ""
        # The BSN (as written) of the person row just refused: that person's enrolments and
        # results are refused while applying unless the register knows them (`keeps_text`).
        self.refused_bsn = ""

    def _bsn(self, value: str) -> str:
        """The BSN's keyed hash, which the import stages and joins on (apply.py, moves.py):
        no BSN is staged in the clear."""
        if value != self.last_bsn:
            check_bsn(value)
            self.last_bsn, self.last_hash = value, self.lookup_hash(value)
        return self.last_hash

    def hash_of(self, bsn: str) -> str:
        """The keyed hash of a BSN as written, valid or not (a refused row's), the last
        one computed when it is the same."""
        return self.last_hash if bsn == self.last_bsn else self.lookup_hash(bsn)

    def keeps_text(self, kind: str, staged: tuple) -> bool:
        """True for a valid enrolment or result (`record`, just now) that the apply refuses
        unless the register knows its person: in a C-levering, which lists every person's
        rows together, one that does not follow its person's row; in any delivery, one of
        the person whose row was just refused. It is staged with its text
        (staging.Stager.add_keeping_text), so that most rows refused while applying need no
        second pass over the file. (A P-levering's items for persons already in the
        register, most of its rows, keep none.)"""
        with_person = staged[-1]  # the last value of an enrolment's or result's tuple
        return (
            kind != PERSON
            and not with_person
            and (self.kind == DeliveryKind.C or self.last_bsn == self.refused_bsn)
        )

    def record(self, line: int, values: list[str]) -> tuple[str, tuple] | RowError:
        """('persoon' | 'inschrijving' | 'resultaat', staging tuple) or the reason to refuse."""
        problem = row_problem(values, COLUMNS, FREE_TEXT)
        if problem:
            if values.__class__ is not Misfit and values[I_RECORD].lower() == PERSON:
                self.refused_bsn = values[I_BSN]
            return RowError(line, *problem)
        record = values[I_RECORD].lower()
        try:
            if record == PERSON:
                return PERSON, self.person(line, values)
            if record == ENROLMENT:
                return ENROLMENT, self.enrolment(line, values)
            if record == RESULT:
                return RESULT, self.result(line, values)
            raise Invalid(
                "record", f"'{values[I_RECORD]}' is geen recordsoort; kies uit {', '.join(RECORDS)}"
            )
        except Invalid as problem:
            if record == PERSON:
                self.refused_bsn = values[I_BSN]
            return RowError(line, problem.field, problem.message)

    def _mutation(self, values: list[str], allowed: frozenset[str]) -> str:
        mutation = values[I_MUTATION].lower()
        if self.kind == DeliveryKind.C:
            if mutation:
                raise Invalid("mutatie", "een C-levering bevat de stand van zaken, geen mutaties")
            return ""
        return check_choice(mutation, allowed, "mutatie", "mutatie")

    def person(self, line: int, v: list[str]) -> tuple:
        mutation = self._mutation(v, PERSON_MUTATIONS)
        bsn = self._bsn(v[I_BSN])
        surname = v[I_SURNAME]
        if not surname:
            raise Invalid("geslachtsnaam", "de geslachtsnaam ontbreekt")
        day = self.day
        birth = day(v[I_BIRTH], "geboortedatum")  # ISO text, which compares like the dates
        if birth > self.delivery_day:
            raise Invalid("geboortedatum", "de geboortedatum ligt na de leveringsdatum")
        if birth < self.oldest_birth:
            raise Invalid("geboortedatum", TOO_OLD.format(dutch(birth)))
        death = day.optional(v[I_DEATH], "overlijdensdatum")
        emigration = day.optional(v[I_EMIGRATION], "emigratiedatum")
        for field, value in (("overlijdensdatum", death), ("emigratiedatum", emigration)):
            if value is not None and value < birth:
                raise Invalid(field, "deze datum ligt vóór de geboortedatum")
        # A death is registered after it happened (an emigration may be told days before)
        if death is not None and death > self.delivery_day:
            raise Invalid("overlijdensdatum", "de overlijdensdatum ligt na de leveringsdatum")
        code = v[I_MUNICIPALITY].upper()
        municipality = self.municipalities.get(code)
        if municipality is None:
            if not code:
                raise Invalid("gemeentecode", missing("gemeentecode", "de CBS-code, zoals GM0150"))
            raise Invalid(
                "gemeentecode",
                f"gemeente '{v[I_MUNICIPALITY]}' is onbekend; laad eerst de referentiegegevens",
            )
        # A move out of the area is the losing region's news to give: apply.py accepts it
        # for a person who lives in the area, and refuses it for anyone else.
        leaves = self.area_region_ids is not None and municipality[1] not in self.area_region_ids
        if leaves and mutation != MOVED:
            raise Invalid(
                "gemeentecode",
                f"de persoon woont in {municipality[2]} ({code}), buiten {self.area_name}",
            )
        number = v[I_NUMBER]
        if not number:
            raise Invalid("huisnummer", missing("huisnummer", "alleen cijfers"))
        if not (number.isascii() and number.isdigit()) or not 0 < int(number) < 100_000:
            raise Invalid(
                "huisnummer",
                f"'{number}' is geen huisnummer (alleen cijfers; letters horen in huisnummertoevoeging)",
            )
        postcode = v[I_POSTCODE].replace(" ", "").upper()
        if not POSTCODE.match(postcode):
            if not postcode:
                raise Invalid("postcode", missing("postcode", "4 cijfers en 2 letters"))
            raise Invalid(
                "postcode", f"'{v[I_POSTCODE]}' is geen postcode (4 cijfers en 2 letters)"
            )
        if mutation == DIED and death is None:
            raise Invalid("overlijdensdatum", "een overlijden zonder overlijdensdatum")
        moved_on, moved_on_eve = self.delivery_day, self.delivery_eve
        if mutation == MOVED:
            moved_on = day(v[I_MUTATION_DATE], "mutatiedatum")
            moved_on_eve = day.day_before(moved_on)
        if any(map(gt, map(len, TEXT_VALUES(v)), TEXT_MAXIMA)):  # one test, nearly always False
            for index, field, limit in TEXT_LIMITS:
                if len(v[index]) > limit:
                    raise Invalid(field, too_long(field, len(v[index]), limit))
        key = self.name_keys.get(surname)
        if key is None:
            if len(self.name_keys) >= IsoDates.LIMIT:
                self.name_keys.clear()
            key = self.name_keys[surname] = name_key(surname)
        self.person_bsn, self.person_birth = ("", "") if leaves else (bsn, birth)
        self.refused_bsn = ""
        return (
            line, bsn, self.seal(v[I_BSN]), next(self.uuids), v[I_GIVEN], v[I_PREFIX], surname, key, birth, v[I_PHONE],
            v[I_EMAIL], death, emigration, municipality[0], v[I_STREET], int(number),
            v[I_ADDITION], postcode, v[I_CITY], moved_on, moved_on_eve, mutation,
        )  # fmt: skip

    def _school(self, v: list[str]) -> int:
        code = school_code(v[I_BRIN], v[I_VESTIGING])
        school = self.schools.get(code)
        if school is None:
            if not v[I_BRIN]:
                raise Invalid("brin", missing("brin", "het BRIN-nummer van de school, zoals 94AA"))
            raise Invalid("brin", unknown_school(code))
        return school

    def enrolment(self, line: int, v: list[str]) -> tuple:
        mutation = self._mutation(v, ITEM_MUTATIONS)
        bsn = self._bsn(v[I_BSN])
        source_id = check_identifier(
            v[I_ENROLMENT_ID], "inschrijving_id", "het kenmerk van de inschrijving"
        )
        with_person = bsn == self.person_bsn
        if mutation == REMOVED:
            return (line, mutation, bsn, source_id, None, "", "", "", None, None, "", with_person)
        kind = check_choice(v[I_KIND].lower(), KINDS, "onderwijssoort", "onderwijssoort")
        pathway = v[I_PATHWAY].lower()
        profile = v[I_PROFILE].lower()
        if kind in MBO_KINDS:
            check_choice(pathway, PATHWAYS, "leerweg", "leerweg voor mbo")
        elif pathway:
            raise Invalid("leerweg", f"alleen mbo heeft een leerweg, {kind} niet")
        if kind == EducationKind.VSO:
            check_choice(profile, PROFILES, "uitstroomprofiel", "uitstroomprofiel voor vso")
        elif profile:
            raise Invalid("uitstroomprofiel", f"alleen vso heeft een uitstroomprofiel, {kind} niet")
        start = self.day(v[I_START], "begindatum")
        end = self.day.optional(v[I_END], "einddatum")
        if end is not None and end < start:
            raise Invalid(
                "einddatum",
                f"de inschrijving eindigt ({dutch(end)}) vóór zij begint ({dutch(start)})",
            )
        school = self._school(v)
        if with_person and start < self.person_birth:
            raise Invalid("begindatum", ENROLMENT_BEFORE_BIRTH)
        reason = v[I_REASON]
        if len(reason) > REASON_LIMIT:
            raise Invalid(
                "reden_uitschrijving", too_long("reden_uitschrijving", len(reason), REASON_LIMIT)
            )
        return (
            line, mutation, bsn, source_id, school, kind, profile, pathway, start, end,
            reason, with_person,
        )  # fmt: skip

    def result(self, line: int, v: list[str]) -> tuple:
        mutation = self._mutation(v, ITEM_MUTATIONS)
        bsn = self._bsn(v[I_BSN])
        source_id = check_identifier(
            v[I_RESULT_ID], "resultaat_id", "het kenmerk van het resultaat"
        )
        with_person = bsn == self.person_bsn
        if mutation == REMOVED:
            return (line, mutation, bsn, source_id, None, "", "", None, with_person)
        kind = check_choice(v[I_KIND].lower(), KINDS, "onderwijssoort", "onderwijssoort")
        result_type = check_choice(
            v[I_RESULT_TYPE].lower(), RESULT_TYPES, "resultaatsoort", "resultaatsoort"
        )
        obtained = self.day(v[I_RESULT_DATE], "resultaatdatum")
        if obtained > self.delivery_day:
            raise Invalid("resultaatdatum", "het resultaat ligt na de leveringsdatum")
        school = self._school(v) if v[I_BRIN] else None
        if with_person and obtained < self.person_birth:
            raise Invalid("resultaatdatum", RESULT_BEFORE_BIRTH)
        return (line, mutation, bsn, source_id, school, kind, result_type, obtained, with_person)
