"""A weekly P-levering for the demo region, to try the upload page with (synthetic data)."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from doorstroom.deliveries.adapters.base import COLUMNS
from doorstroom.people.models import Enrolment, Person


def write_sample_p_levering(folder: Path, region_code: str, on: date, seed: int = 7) -> Path:
    """Moves, drop-outs, a diploma and a few faulty rows, about persons of the demo register."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"doorstroom-P-{region_code}-{on:%Y%m%d}.csv"
    persons = list(
        Person.objects.filter(municipality__region__code=region_code, date_of_death__isnull=True)
        .select_related("municipality")
        .order_by("id")[:400]  # the BSN is encrypted: no order
    )
    open_enrolments = list(
        Enrolment.objects.filter(person__in=persons, end_date__isnull=True, kind__startswith="mbo")
        .select_related("person", "school")
        .order_by("id")[:30]
    )
    rows = []
    for person in rng.sample(persons, min(20, len(persons))):
        residence = person.residences.filter(valid_to__isnull=True).first()
        rows.append({
            "record": "persoon", "mutatie": "verhuisd", "mutatiedatum": (on - timedelta(days=rng.randrange(1, 7))).isoformat(),
            "bsn": person.bsn, "voornamen": person.given_names, "voorvoegsel": person.surname_prefix,
            "geslachtsnaam": person.surname, "geboortedatum": person.date_of_birth.isoformat(),
            "straat": "Nieuwstraat", "huisnummer": str(rng.randrange(1, 120)),
            "postcode": residence.postcode if residence else "7411AB", "woonplaats": person.municipality.name,
            "gemeentecode": person.municipality.code, "telefoon": person.phone, "email": person.email,
        })  # fmt: skip
    for enrolment in open_enrolments:
        rows.append({
            "record": "inschrijving", "mutatie": "gewijzigd", "bsn": enrolment.person.bsn,
            "inschrijving_id": enrolment.source_id, "brin": enrolment.school.brin,
            "vestiging": enrolment.school.vestiging, "onderwijssoort": enrolment.kind, "leerweg": enrolment.mbo_pathway,
            "begindatum": enrolment.start_date.isoformat(),
            "einddatum": (on - timedelta(days=rng.randrange(3, 20))).isoformat(),
            "reden_uitschrijving": rng.choice(["liever werken", "verkeerde studiekeuze", "persoonlijke problemen"]),
        })  # fmt: skip
    rows.append({"record": "persoon", "mutatie": "verhuisd", "mutatiedatum": on.isoformat(), "bsn": "123456789",
                 "geslachtsnaam": "Fout", "geboortedatum": "2008-01-01", "huisnummer": "1", "postcode": "7411AB",
                 "gemeentecode": "GM0150"})  # fmt: skip
    rows.append({"record": "inschrijving", "mutatie": "toegevoegd", "bsn": persons[0].bsn, "inschrijving_id": "DEMO-X",
                 "brin": "94AA", "vestiging": "01", "onderwijssoort": "havo", "leerweg": "bol",
                 "begindatum": on.isoformat()})  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerows([row.get(c, "") for c in COLUMNS] for row in rows)
    return path
