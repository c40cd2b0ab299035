#!/usr/bin/env python3
"""Reference 2 of the import benchmark: the naive Django import, one `objects.create` per row.

Reads the first --sample data rows of a C-levering with `csv.DictReader` and, per row, looks up
what it needs and creates the model object in autocommit (one transaction per statement), the
way a first version of an import would be written:

- persoon: `Municipality.objects.get(code=...)`, `Person.objects.create(...)` and
  `Residence.objects.create(...)` (a person in the register always has a current address, and
  Doorstroom's own import writes both as well);
- inschrijving: `Person.objects.with_bsn(...).get()`, `School.objects.get(brin=..., vestiging=...)`,
  `Enrolment.objects.create(...)`;
- resultaat: the same lookups, `Result.objects.create(...)`.

No validation beyond what `date.fromisoformat` and the database refuse; a row that fails is
counted and skipped. Same settings as the command (DOORSTROOM_ENV, DOORSTROOM_DATA_DIR,
DATABASE_URL); the database must be migrated and have the reference data. Prints one JSON
object with the rows done, the seconds and the rate.

    python bench/naive_import.py FILE [--sample 20000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from datetime import date
from itertools import islice
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--sample", type=int, default=20_000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstroom.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    from doorstroom.people.models import Enrolment, Person, Residence, Result
    from doorstroom.regions.models import Municipality, School

    def day(value: str) -> date | None:
        return date.fromisoformat(value) if value else None

    delivery_date = date(
        int(args.file.name[-12:-8]), int(args.file.name[-8:-6]), int(args.file.name[-6:-4])
    )
    done = failed = 0
    with args.file.open(encoding="utf-8-sig", newline="") as stream:
        rows = csv.DictReader(stream, delimiter=";")
        started = time.perf_counter()
        for row in islice(rows, args.sample):
            try:
                record = row["record"]
                if record == "persoon":
                    municipality = Municipality.objects.get(code=row["gemeentecode"])
                    person = Person.objects.create(
                        bsn=row["bsn"],
                        given_names=row["voornamen"],
                        surname_prefix=row["voorvoegsel"],
                        surname=row["geslachtsnaam"],
                        date_of_birth=day(row["geboortedatum"]),
                        phone=row["telefoon"],
                        email=row["email"],
                        date_of_death=day(row["overlijdensdatum"]),
                        date_of_emigration=day(row["emigratiedatum"]),
                        municipality=municipality,
                    )
                    Residence.objects.create(
                        person=person,
                        municipality=municipality,
                        street=row["straat"],
                        house_number=int(row["huisnummer"]),
                        house_number_addition=row["huisnummertoevoeging"],
                        postcode=row["postcode"],
                        city=row["woonplaats"],
                        valid_from=delivery_date,
                    )
                elif record == "inschrijving":
                    Enrolment.objects.create(
                        person=Person.objects.with_bsn(row["bsn"]).get(),
                        school=School.objects.get(
                            brin=row["brin"], vestiging=row["vestiging"] or "00"
                        ),
                        kind=row["onderwijssoort"],
                        vso_profile=row["uitstroomprofiel"],
                        mbo_pathway=row["leerweg"],
                        start_date=day(row["begindatum"]),
                        end_date=day(row["einddatum"]),
                        leaving_reason=row["reden_uitschrijving"][:100],
                        source_id=row["inschrijving_id"],
                    )
                elif record == "resultaat":
                    Result.objects.create(
                        person=Person.objects.with_bsn(row["bsn"]).get(),
                        school=School.objects.get(
                            brin=row["brin"], vestiging=row["vestiging"] or "00"
                        )
                        if row["brin"]
                        else None,
                        kind=row["onderwijssoort"],
                        result_type=row["resultaatsoort"],
                        obtained_on=day(row["resultaatdatum"]),
                        source_id=row["resultaat_id"],
                    )
                done += 1
            except (ValueError, DatabaseError, Person.DoesNotExist, School.DoesNotExist,
                    Municipality.DoesNotExist):  # fmt: skip
                failed += 1
        seconds = time.perf_counter() - started
    rows = done + failed
    json.dump(
        {
            "rows": rows,
            "loaded": done,
            "failed": failed,
            "seconds": round(seconds, 3),
            "rows_per_s": round(rows / seconds, 1) if seconds else None,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
