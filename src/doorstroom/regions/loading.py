"""Loading reference data (regions, municipalities, schools) from CSV, all or nothing.

Every row is checked first; one bad row means nothing is written and every problem is
reported with its line and field. Valid files are applied as set-based upserts, so loading
the same file again changes nothing, and a changed name or region is updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from doorstroom import csvfiles
from doorstroom.csvfiles import RowError
from doorstroom.lengths import too_long
from doorstroom.people.rules import ADULT_AGE, DEFAULT_UPPER_AGE
from doorstroom.regions.choices import Sector
from doorstroom.regions.models import (
    BRIN_CODE,
    MUNICIPALITY_CODE,
    VESTIGING_CODE,
    Municipality,
    Region,
    School,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_FILES = {
    "regions": DATA_DIR / "regions.csv",
    "municipalities": DATA_DIR / "municipalities.csv",
    "schools": DATA_DIR / "schools.csv",
}

REGION_COLUMNS = ("code", "naam"), ("bovengrens_leeftijd",)
MUNICIPALITY_COLUMNS = ("code", "naam", "regio"), ("geldig_vanaf", "geldig_tot", "opgegaan_in")
SCHOOL_COLUMNS = ("brin", "naam", "sector", "gemeente"), ("vestiging",)
"""The columns each file must have and those it may leave out (docs/formats/reference-data.md);
any other is refused: a misspelt 'opgegaan_in' or 'bovengrens_leeftijd' would go unread."""
DOC = "docs/formats/reference-data.md"


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)


class ReferenceDataError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _check(validator, value: str) -> str | None:
    try:
        validator(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


REGION_LIMITS = {"code": 10, "naam": 100}
MUNICIPALITY_LIMITS = {"naam": 100}
SCHOOL_LIMITS = {"naam": 200}
"""The longest free text each column may hold (the model fields' max_length); codes are
checked against their pattern or the known codes instead."""


def _unfit(line: int, row: dict[str, str], limits: dict[str, int], errors: list[RowError]) -> bool:
    """A row with a value that holds a control or invisible character (a right-to-left
    override in a school's name, as in a delivery: csvfiles.odd_field) or that is longer
    than its column: the error noted, True."""
    odd = csvfiles.odd_field(row.values(), row.keys())
    if odd:
        errors.append(RowError(line, *odd))
        return True
    for column, limit in limits.items():
        length = len(row.get(column, ""))
        if length > limit:
            errors.append(RowError(line, column, too_long(column, length, limit)))
            return True
    return False


def _optional_date(value: str) -> date | None:
    return csvfiles.parse_cell_date(value) if value else None


def _parse_regions(data: bytes, errors: list[RowError]) -> list[Region]:
    found: dict[str, Region] = {}
    for line, row in csvfiles.records(
        data, *REGION_COLUMNS, "het bestand met regio's", DOC, errors=errors
    ):
        if _unfit(line, row, REGION_LIMITS, errors):
            continue
        if not row["code"]:
            errors.append(RowError(line, "code", "de regiocode ontbreekt"))
            continue
        if not row["naam"]:
            errors.append(RowError(line, "naam", "de naam van de regio ontbreekt"))
        try:
            upper_age = int(row.get("bovengrens_leeftijd") or DEFAULT_UPPER_AGE)
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "bovengrens_leeftijd",
                    f"'{row.get('bovengrens_leeftijd')}' is geen leeftijd",
                )
            )
            continue
        if not ADULT_AGE < upper_age <= DEFAULT_UPPER_AGE:
            message = f"de bovengrens ligt tussen {ADULT_AGE + 1} en {DEFAULT_UPPER_AGE} jaar"
            errors.append(RowError(line, "bovengrens_leeftijd", message))
        if row["code"] in found:
            errors.append(
                RowError(line, "code", f"regio {row['code']} staat twee keer in het bestand")
            )
        found[row["code"]] = Region(code=row["code"], name=row["naam"], upper_age=upper_age)
    return list(found.values())


def _parse_municipalities(data: bytes, errors: list[RowError]) -> list[tuple[int, dict]]:
    parsed = []
    seen: set[str] = set()
    for line, row in csvfiles.records(
        data, *MUNICIPALITY_COLUMNS, "het bestand met gemeenten", DOC, errors=errors
    ):
        if _unfit(line, row, MUNICIPALITY_LIMITS, errors):
            continue
        problem = _check(MUNICIPALITY_CODE, row["code"])
        if problem:
            errors.append(RowError(line, "code", f"'{row['code']}': {problem}"))
            continue
        if row["code"] in seen:
            errors.append(
                RowError(line, "code", f"gemeente {row['code']} staat twee keer in het bestand")
            )
        seen.add(row["code"])
        if not row["naam"]:
            errors.append(RowError(line, "naam", "de naam van de gemeente ontbreekt"))
        try:
            valid_from = _optional_date(row.get("geldig_vanaf", ""))
            valid_to = _optional_date(row.get("geldig_tot", ""))
        except ValueError as error:
            errors.append(RowError(line, "geldig_vanaf/geldig_tot", str(error)))
            continue
        if valid_from and valid_to and valid_to < valid_from:
            errors.append(RowError(line, "geldig_tot", "de einddatum ligt vóór de begindatum"))
        successor = row.get("opgegaan_in", "")
        if successor and not valid_to:
            errors.append(
                RowError(line, "geldig_tot", "een opgeheven gemeente heeft een einddatum")
            )
        parsed.append(
            (
                line,
                {
                    "code": row["code"],
                    "name": row["naam"],
                    "region": row["regio"],
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                    "successor": successor,
                },
            )
        )
    return parsed


def _parse_schools(data: bytes, errors: list[RowError]) -> list[tuple[int, dict]]:
    parsed = []
    seen: set[tuple[str, str]] = set()
    for line, row in csvfiles.records(
        data, *SCHOOL_COLUMNS, "het bestand met scholen", DOC, errors=errors
    ):
        if _unfit(line, row, SCHOOL_LIMITS, errors):
            continue
        brin, vestiging = row["brin"].upper(), row.get("vestiging") or "00"
        for name, validator, value in (
            ("brin", BRIN_CODE, brin),
            ("vestiging", VESTIGING_CODE, vestiging),
        ):
            problem = _check(validator, value)
            if problem:
                errors.append(RowError(line, name, f"'{value}': {problem}"))
        if row["sector"] not in Sector.values:
            errors.append(
                RowError(
                    line,
                    "sector",
                    f"'{row['sector']}' is onbekend; kies uit {', '.join(Sector.values)}",
                )
            )
        if not row["naam"]:
            errors.append(RowError(line, "naam", "de naam van de school ontbreekt"))
        if (brin, vestiging) in seen:
            errors.append(
                RowError(line, "brin", f"school {brin}{vestiging} staat twee keer in het bestand")
            )
        seen.add((brin, vestiging))
        parsed.append(
            (
                line,
                {
                    "brin": brin,
                    "vestiging": vestiging,
                    "name": row["naam"],
                    "sector": row["sector"],
                    "municipality": row["gemeente"],
                },
            )
        )
    return parsed


def _read(path: Path, label: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ReferenceDataError([f"{label}: kan {path} niet lezen ({error.strerror})"]) from None


def load_reference_data(
    regions: Path | None = None,
    municipalities: Path | None = None,
    schools: Path | None = None,
) -> LoadReport:
    """Check all given files, then write them in one transaction; raise with every problem."""
    report = LoadReport()
    problems: list[str] = []

    def parse(path: Path | None, label: str, parser):
        if path is None:
            return []
        errors: list[RowError] = []
        try:
            result = parser(_read(path, label), errors)
        except csvfiles.FileFormatError as error:
            problems.append(f"{label} ({path.name}): {error}")
            return []
        problems.extend(_problem(label, path, e.line, e.field, e.message) for e in errors)
        if not result and not errors:
            # a file given but empty loads nothing: most often the export went wrong
            problems.append(
                f"{label} ({path.name}): het bestand heeft geen regels onder de kopregel"
            )
        return result

    region_rows = parse(regions, "regio's", _parse_regions)
    municipality_rows = parse(municipalities, "gemeenten", _parse_municipalities)
    school_rows = parse(schools, "scholen", _parse_schools)
    if problems:
        raise ReferenceDataError(problems)

    with transaction.atomic():
        if region_rows:
            Region.objects.bulk_create(
                region_rows,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "upper_age"],
            )
        report.counts["regio's"] = len(region_rows)
        _write_municipalities(municipality_rows, municipalities, problems)
        report.counts["gemeenten"] = len(municipality_rows)
        _write_schools(school_rows, schools, problems)
        report.counts["scholen"] = len(school_rows)
        if problems:
            transaction.set_rollback(True)
            raise ReferenceDataError(problems)
    return report


def _problem(label: str, path: Path, line: int, field: str, message: str) -> str:
    return f"{label} ({path.name}), {RowError(line, field, message)}"


def _write_municipalities(
    rows: list[tuple[int, dict]], path: Path | None, problems: list[str]
) -> None:
    if not rows:
        return
    region_ids = dict(Region.objects.values_list("code", "id"))
    objects = []
    for line, row in rows:
        if row["region"] not in region_ids:
            problems.append(
                _problem("gemeenten", path, line, "regio", f"regio '{row['region']}' is onbekend")
            )
            continue
        objects.append(
            Municipality(
                code=row["code"],
                name=row["name"],
                region_id=region_ids[row["region"]],
                valid_from=row["valid_from"],
                valid_to=row["valid_to"],
            )
        )
    if problems:
        return
    Municipality.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region", "valid_from", "valid_to"],
    )
    saved = {
        m.code: m for m in Municipality.objects.filter(code__in=[row["code"] for _, row in rows])
    }
    ids = dict(Municipality.objects.values_list("code", "id"))
    merged = []
    for line, row in rows:
        if row["successor"] and row["successor"] not in ids:
            message = f"gemeente '{row['successor']}' is onbekend"
            problems.append(_problem("gemeenten", path, line, "opgegaan_in", message))
        elif row["successor"]:
            saved[row["code"]].successor_id = ids[row["successor"]]
            merged.append(saved[row["code"]])
    Municipality.objects.bulk_update(merged, ["successor"])


def _write_schools(rows: list[tuple[int, dict]], path: Path | None, problems: list[str]) -> None:
    if not rows:
        return
    municipality_ids = dict(Municipality.objects.values_list("code", "id"))
    objects = []
    for line, row in rows:
        if row["municipality"] not in municipality_ids:
            message = f"gemeente '{row['municipality']}' is onbekend"
            problems.append(_problem("scholen", path, line, "gemeente", message))
            continue
        objects.append(
            School(
                brin=row["brin"],
                vestiging=row["vestiging"],
                name=row["name"],
                sector=row["sector"],
                municipality_id=municipality_ids[row["municipality"]],
            )
        )
    if not problems:
        School.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=["brin", "vestiging"],
            update_fields=["name", "sector", "municipality"],
        )
