"""Synthetic young people with education careers that make sense, reproducible from a seed.

Every BSN is a test BSN (9999...). Careers run through po and vo into mbo, havo/vwo into
higher education, with repeated years, drop-outs, re-enrolments, pro and vso pupils, movers,
a few deaths and emigrations. The same seed and peildatum give the same register.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from doorstroom import dates
from doorstroom.demo.data import (
    GIVEN_NAMES,
    POPULATION_WEIGHT,
    POSTCODE_PREFIX,
    SECOND_NAMES,
    STREETS,
    SURNAMES,
)
from doorstroom.people.bsn import reserved_test_bsns
from doorstroom.people.choices import EducationKind as K
from doorstroom.people.choices import MboPathway, ResultType, VsoProfile
from doorstroom.people.models import Enrolment, Person, Residence, Result
from doorstroom.people.names import name_key
from doorstroom.regions.choices import Sector
from doorstroom.regions.models import Municipality, Region, School

LEAVING_REASONS = (
    "verkeerde studiekeuze",
    "andere verwachtingen van de opleiding",
    "liever aan het werk",
    "persoonlijke of psychische problemen",
)
DIPLOMA = "diploma behaald"
SWITCH = "overstap naar een andere opleiding"

SECONDARY_TRACKS = (
    (K.VMBO_BB, 10),
    (K.VMBO_KB, 12),
    (K.VMBO_GL, 6),
    (K.VMBO_TL, 17),
    (K.HAVO, 23),
    (K.VWO, 20),
    (K.PRO, 5),
    (K.VSO, 7),
)
YEARS = {
    K.VMBO_BB: 4,
    K.VMBO_KB: 4,
    K.VMBO_GL: 4,
    K.VMBO_TL: 4,
    K.HAVO: 5,
    K.VWO: 6,
    K.MBO_1: 1,
    K.MBO_2: 2,
    K.MBO_3: 3,
    K.MBO_4: 4,
    K.HBO: 4,
    K.WO: 5,
    K.VAVO: 1,
}
NEXT_MBO = {
    K.VMBO_BB: (K.MBO_2, K.MBO_2, K.MBO_1),
    K.VMBO_KB: (K.MBO_3, K.MBO_2, K.MBO_3),
    K.VMBO_GL: (K.MBO_4, K.MBO_3),
    K.VMBO_TL: (K.MBO_4, K.MBO_4, K.MBO_3),
}


@dataclass
class Career:
    """One person's education, built forward in time and cut off at the peildatum."""

    enrolments: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)


@dataclass
class Counts:
    persons: int = 0
    enrolments: int = 0
    results: int = 0
    residences: int = 0


MAX_PERSONS = sum(1 for _ in reserved_test_bsns())
"""The most young people the demo can make: each gets a BSN of the test range (9999...) that
passes the elfproef, and there are 9,091 of those."""


class DemoRegister:
    """Builds the register for the demo regions into plain rows, then writes them in bulk."""

    def __init__(self, seed: int, peildatum: date) -> None:
        self.rng = random.Random(seed)
        self.peildatum = peildatum
        self.schools: dict[tuple[int, str], list[School]] = {}
        self.bsns = reserved_test_bsns()

    # Schools ----------------------------------------------------------------------------

    def _school(self, region: Region, sector: Sector) -> School:
        options = self.schools.get((region.pk, sector)) or self.schools.get((0, sector))
        return self.rng.choice(options)

    def _load_schools(self) -> None:
        for school in School.objects.select_related("municipality"):
            self.schools.setdefault((school.municipality.region_id, school.sector), []).append(
                school
            )
            self.schools.setdefault((0, school.sector), []).append(school)

    # Careers ----------------------------------------------------------------------------

    def _enrol(self, career: Career, kind: K, start: date, years: int, **extra) -> date:
        """Enrol for `years` school years; returns the last day (31 July of the last year)."""
        end = date(start.year + years if start.month >= 8 else start.year + years - 1, 7, 31)
        career.enrolments.append({"kind": kind, "start": start, "end": end, **extra})
        return end

    def _drop_out(self, career: Career, reason: str | None = None) -> date:
        """Cut the last enrolment short somewhere in its final year, with a reason."""
        last = career.enrolments[-1]
        first_day = max(last["start"], date(last["end"].year - 1, 8, 1))
        last["end"] = first_day + timedelta(days=self.rng.randrange(30, 330))
        last["reason"] = reason or self.rng.choice(LEAVING_REASONS)
        return last["end"]

    def _diploma(self, career: Career, kind: K, on: date, certificate: bool = False) -> None:
        career.enrolments[-1]["reason"] = DIPLOMA
        career.results.append(
            {
                "kind": kind,
                "on": on,
                "type": ResultType.CERTIFICATE if certificate else ResultType.DIPLOMA,
            }
        )

    def _career(self, dob: date) -> Career:
        rng, career = self.rng, Career()
        po_end = dates.school_year_end(dates.date_of_age(dob, 12))
        career.enrolments.append(
            {"kind": K.PO, "start": dates.date_of_age(dob, 4), "end": po_end, "reason": "naar vo"}
        )
        start = dates.day_after(po_end)
        track = rng.choices([t for t, _ in SECONDARY_TRACKS], [w for _, w in SECONDARY_TRACKS])[0]
        if track == K.PRO:
            end = self._enrol(career, K.PRO, start, 6)
            if rng.random() < 0.7:
                self._diploma(career, K.PRO, date(end.year, 7, 1), certificate=True)
            if rng.random() < 0.3:
                self._mbo(career, K.MBO_1, dates.day_after(end))
            return career
        if track == K.VSO:
            profile = rng.choice(list(VsoProfile))
            end = self._enrol(career, K.VSO, start, 6, vso_profile=profile)
            career.enrolments[-1]["reason"] = "uitgestroomd"
            if profile == VsoProfile.VERVOLGONDERWIJS:
                self._mbo(career, rng.choice([K.MBO_1, K.MBO_2]), dates.day_after(end))
            return career
        years = YEARS[track] + (1 if rng.random() < 0.12 else 0)
        end = self._enrol(career, track, start, years)
        if rng.random() < 0.08:
            left = self._drop_out(career)
            if rng.random() < 0.5:
                self._mbo(
                    career, K.MBO_1 if track.startswith("vmbo") else K.MBO_2, self._later(left)
                )
            return career
        self._diploma(career, track, date(end.year, 7, 5))
        after = dates.day_after(end)
        if track in NEXT_MBO:
            self._mbo(career, rng.choice(NEXT_MBO[track]), after)
        elif rng.random() < 0.85:
            self._higher(career, K.HBO if track == K.HAVO or rng.random() < 0.3 else K.WO, after)
        return career

    def _later(self, left: date) -> date:
        """A re-enrolment after a gap, at the start of a school year or a half year."""
        gap = left + timedelta(days=self.rng.randrange(60, 500))
        return (
            date(gap.year, 8, 1)
            if gap.month >= 3 and gap.month < 8
            else date(gap.year + (gap.month >= 8), 2, 1)
        )

    def _mbo(self, career: Career, kind: K, start: date) -> None:
        rng = self.rng
        pathway = MboPathway.BBL if rng.random() < 0.15 else MboPathway.BOL
        end = self._enrol(career, kind, start, YEARS[kind], mbo_pathway=pathway)
        outcome = rng.random()
        if outcome < 0.68:
            self._diploma(career, kind, date(end.year, 6, 28))
            if kind == K.MBO_4 and rng.random() < 0.35:
                self._higher(career, K.HBO, dates.day_after(end))
            elif kind in (K.MBO_1, K.MBO_2) and rng.random() < 0.4:
                higher = K.MBO_2 if kind == K.MBO_1 else K.MBO_3
                self._mbo(career, higher, dates.day_after(end))
        elif outcome < 0.93:
            left = self._drop_out(career)
            if rng.random() < 0.35:
                self._mbo(career, kind, self._later(left))
        else:
            self._drop_out(career, SWITCH)
            self._mbo(
                career,
                rng.choice([K.MBO_1, K.MBO_2, K.MBO_3]),
                dates.day_after(career.enrolments[-1]["end"]),
            )

    def _higher(self, career: Career, kind: K, start: date) -> None:
        end = self._enrol(career, kind, start, YEARS[kind])
        if self.rng.random() < 0.7:
            self._diploma(career, kind, date(end.year, 7, 10))
        else:
            self._drop_out(career)

    def _cut(self, career: Career) -> Career:
        """Only what has happened by the peildatum: later starts vanish, later ends are open."""
        today = self.peildatum
        enrolments = []
        for row in career.enrolments:
            if row["start"] > today:
                continue
            if row["end"] >= today:
                row = {**row, "end": None, "reason": ""}
            enrolments.append(row)
        results = [r for r in career.results if r["on"] <= today]
        return Career(enrolments, results)

    # Persons ----------------------------------------------------------------------------

    def _address(self, municipality: Municipality, city: str) -> dict:
        low, high = POSTCODE_PREFIX.get(municipality.code, (1000, 9999))
        letters = "".join(self.rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
        return {
            "street": self.rng.choice(STREETS),
            "house_number": self.rng.randrange(1, 240),
            "house_number_addition": self.rng.choice(["", "", "", "", "A", "-2"]),
            "postcode": f"{self.rng.randrange(low, high + 1)}{letters}",
            "city": city,
        }

    def generate(self, count: int, progress: Callable[[int], None] | None = None) -> Counts:
        """Create `count` persons: 95% in the demo region, the rest in its neighbour."""
        self._load_schools()
        regions = list(Region.objects.order_by("code"))
        home, other = regions[0], regions[-1]
        municipalities = {
            region.pk: list(Municipality.objects.filter(region=region).order_by("code"))
            for region in regions
        }
        everywhere = [m for ms in municipalities.values() for m in ms]
        counts = Counts()
        batch: list[tuple] = []
        for index in range(count):
            region = home if index % 20 else other
            batch.append(self._person(region, municipalities[region.pk], everywhere))
            if len(batch) == 1000 or index == count - 1:
                self._write(batch, counts)
                if progress:
                    progress(len(batch))
                batch = []
        return counts

    def _person(
        self, region: Region, municipalities: list[Municipality], everywhere: list[Municipality]
    ) -> tuple:
        rng, today = self.rng, self.peildatum
        age_days = rng.randrange(4 * 365, 30 * 365)
        dob = today - timedelta(days=age_days)
        weights = [POPULATION_WEIGHT.get(m.code, 20) for m in municipalities]
        municipality = rng.choices(municipalities, weights)[0]
        prefix, surname = rng.choice(SURNAMES)
        sex = rng.randrange(2)
        second = f" {rng.choice(SECOND_NAMES[sex])}" if rng.random() < 0.6 else ""
        given = rng.choice(GIVEN_NAMES[sex]) + second
        person = Person(
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            bsn=next(self.bsns),
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
            surname_key=name_key(surname),
            date_of_birth=dob,
            phone=f"06{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.7 else "",
            email=f"{name_key(given.split()[0])}.{name_key(surname)}@voorbeeld.invalid"
            if rng.random() < 0.5
            else "",
            municipality=municipality,
        )
        person.hash_bsn()  # bulk_create does not call save()
        residences = []
        moved_on = None
        if rng.random() < 0.12:
            previous = rng.choice(everywhere)
            moved_on = today - timedelta(days=rng.randrange(30, min(age_days, 3650)))
            residences.append(
                {
                    "municipality": previous,
                    "from": dob,
                    "to": moved_on - timedelta(days=1),
                    **self._address(previous, previous.name),
                }
            )
        residences.append(
            {
                "municipality": municipality,
                "from": moved_on or dob,
                "to": None,
                **self._address(municipality, municipality.name),
            }
        )
        roll = rng.random()
        if roll < 0.001:
            person.date_of_death = today - timedelta(days=rng.randrange(1, 700))
        elif roll < 0.006:
            person.date_of_emigration = today - timedelta(days=rng.randrange(1, 700))
        career = self._cut(self._career(dob))
        return person, residences, career, region

    def _write(self, batch: list[tuple], counts: Counts) -> None:
        with transaction.atomic():
            persons = Person.objects.bulk_create([p for p, *_ in batch], batch_size=500)
            residences, enrolments, results = [], [], []
            for person, (_, residence_rows, career, region) in zip(persons, batch, strict=True):
                for r in residence_rows:
                    residences.append(
                        Residence(
                            person=person,
                            municipality=r["municipality"],
                            street=r["street"],
                            house_number=r["house_number"],
                            house_number_addition=r["house_number_addition"],
                            postcode=r["postcode"],
                            city=r["city"],
                            valid_from=r["from"],
                            valid_to=r["to"],
                        )
                    )
                # The sender's ids, as DUO would give them, so that deliveries can update them.
                for number, e in enumerate(career.enrolments):
                    enrolments.append(
                        Enrolment(
                            person=person,
                            school=self._school(region, e["kind"].sector),
                            kind=e["kind"],
                            vso_profile=e.get("vso_profile", ""),
                            mbo_pathway=e.get("mbo_pathway", ""),
                            start_date=e["start"],
                            end_date=e["end"],
                            leaving_reason=e.get("reason", ""),
                            source_id=f"I{person.bsn}-{number}",
                        )
                    )
                for number, r in enumerate(career.results):
                    results.append(
                        Result(
                            person=person,
                            kind=r["kind"],
                            result_type=r["type"],
                            obtained_on=r["on"],
                            source_id=f"R{person.bsn}-{number}",
                        )
                    )
            Residence.objects.bulk_create(residences, batch_size=500)
            Enrolment.objects.bulk_create(enrolments, batch_size=500)
            Result.objects.bulk_create(results, batch_size=500)
        counts.persons += len(persons)
        counts.residences += len(residences)
        counts.enrolments += len(enrolments)
        counts.results += len(results)
