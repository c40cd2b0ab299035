#!/usr/bin/env python3
"""Synthetic national-scale delivery files for benchmarking the Doorstroom import.

Writes into OUT_DIR, all reproducible from --seed (same arguments, same bytes):
- regions.csv, municipalities.csv, schools.csv: the reference data of a synthetic nation
  (docs/formats/reference-data.md): 40 regions R01..R40, ~340 municipalities GM5000.., ~9,000
  schools with BRIN numbers starting with 5-8 (the demo data use 9xxx and GM0xxx/GM1xxx);
- doorstroom-C-NL-yyyymmdd.csv: a full C-levering (docs/formats/delivery.md) of --persons
  persons with their enrolments and results;
- doorstroom-P-NL-yyyymmdd.csv: the weekly P-levering 7 days later, --delta-events rows about
  persons in the C file;
- one *.bad-lines.txt per delivery: the 1-based line numbers (header = line 1) of the rows
  that were corrupted on purpose (--bad-fraction), one a line; empty without corruption.

Standard library only, no Django: `python3 bench/generate_deliveries.py OUT_DIR`.
The persons are made in chunks, each from its own seeded random.Random, by worker processes
(--jobs); the main process writes the chunks in order, so the bytes do not depend on --jobs.

A corrupted person row makes its person's enrolment and result rows unloadable too ("an
enrolment or result whose person is neither in the file nor in the register"), so those rows
are listed as bad as well; person rows are picked less often so the expected share of bad rows
stays --bad-fraction.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import resource
import sys
import time
import unicodedata
from bisect import bisect
from collections import deque
from datetime import date, timedelta
from pathlib import Path

COLUMNS = (
    "record",
    "mutatie",
    "mutatiedatum",
    "bsn",
    "voornamen",
    "voorvoegsel",
    "geslachtsnaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "gemeentecode",
    "telefoon",
    "email",
    "overlijdensdatum",
    "emigratiedatum",
    "inschrijving_id",
    "brin",
    "vestiging",
    "onderwijssoort",
    "leerweg",
    "uitstroomprofiel",
    "begindatum",
    "einddatum",
    "reden_uitschrijving",
    "resultaat_id",
    "resultaatsoort",
    "resultaatdatum",
)
"""The columns of delivery.md, in its order."""

COL = {name: i for i, name in enumerate(COLUMNS)}
CHUNK = 10_000
"""Persons per chunk (one seeded random.Random and one worker task each)."""
BASE_C_DATE = date(2026, 11, 13)
"""The C-levering of seed 1 is dated Friday 13 November 2026; each next seed a week later."""
ENROLMENT_WINDOW = 3652
"""A C-levering lists the enrolments that were open in the last ten years ..."""
RESULT_WINDOW = 4018
"""... and the results of the last eleven: every diploma obtained from 16 by anyone up to 27."""
NOT_IN_FILE = 100_000
"""Person indexes persons .. persons+NOT_IN_FILE give BSNs that are in no file."""

# Education kinds as small integers -------------------------------------------------------
PO, BB, KB, GL, TL, HAVO, VWO, PRO, VSO, M1, M2, M3, M4, VAVO, HBO, WO = range(16)
KIND_CODE = (
    "po",
    "vmbo_bb",
    "vmbo_kb",
    "vmbo_gl",
    "vmbo_tl",
    "havo",
    "vwo",
    "pro",
    "vso",
    "mbo_1",
    "mbo_2",
    "mbo_3",
    "mbo_4",
    "vavo",
    "hbo",
    "wo",
)
KIND_SECTOR = (
    "po",
    "vo",
    "vo",
    "vo",
    "vo",
    "vo",
    "vo",
    "pro",
    "vso",
    "mbo",
    "mbo",
    "mbo",
    "mbo",
    "vavo",
    "hbo",
    "wo",
)
YEARS = (8, 4, 4, 4, 4, 5, 6, 6, 6, 1, 2, 3, 4, 1, 4, 5)
# Secondary track after po, cumulative shares (demo generator: bb 10, kb 12, gl 6, tl 17,
# havo 23, vwo 20, pro 5, vso 7).
TRACK_CUM = (0.10, 0.22, 0.28, 0.45, 0.68, 0.88, 0.93, 1.0)
TRACK_KIND = (BB, KB, GL, TL, HAVO, VWO, PRO, VSO)
NEXT_MBO = {BB: (M2, M2, M1), KB: (M3, M2, M3), GL: (M4, M3), TL: (M4, M4, M3)}
VSO_PROFILES = ("vervolgonderwijs", "arbeidsmarkt", "arbeidsmarkt", "dagbesteding")

LEAVING_REASONS = (
    "verkeerde studiekeuze",
    "andere verwachtingen van de opleiding",
    "liever aan het werk",
    "persoonlijke of psychische problemen",
    "verhuisd",
    "langdurig ziek",
)
DIPLOMA = "diploma behaald"
SWITCH = "overstap naar een andere opleiding"

# Names, streets (synthetic, in the style of the demo generator) ---------------------------


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


GIVEN = (
    "Daan Sem Lucas Levi Finn Milan Noah Luuk Bram Jesse Thijs Ruben Mohamed Yusuf Adam Ayoub "
    "Mees Jayden Kevin Mats Jens Stijn Emre Kaan Sven Tim Liam Gijs Julian Sami Boaz Teun",
    "Emma Julia Mila Tess Sophie Zoë Sara Nina Lotte Eva Fenna Noor Yara Fatima Amira Lina "
    "Sanne Dewi Anouk Iris Roos Lieke Ilse Hanna Elif Maryam Saar Evi Nora Isa Femke Jasmijn",
)
SECOND = ("Johannes Hendrik Willem Pieter Jan Ali Cornelis", "Maria Anna Cornelia Elisabeth Fatma")
SURNAMES = (
    "Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|"
    "de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|"
    "de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|"
    "ter Horst|Wolters|Hofman|Yılmaz|Kaya|el Amrani|Nguyen|Kowalski|Çelik|Bouzid|Haverkamp|"
    "ten Brinke|Oosterhuis|Nijhof|Lammers|van Beek|Schouten|Hoekstra|van Wijk|Postma|Kuipers|"
    "Prins|Huisman|van der Heijden|Willems|Koster|van Vliet|de Jong|van der Veen|Boersma|"
    "Veenstra|van Dam|Martens|Sahin|Öztürk|el Idrissi|Tahiri|Pinas|Sedney|Wong|de Ruiter"
)
STREETS = _words(
    "Kerkstraat|Dorpsstraat|Molenweg|Stationsstraat|Schoolstraat|Beukenlaan|Eikenlaan|Lindelaan|"
    "Julianastraat|Wilhelminastraat|Marktstraat|Industrieweg|Brinkstraat|Hoofdstraat|Parkweg|"
    "Spoorstraat|Veldweg|Kastanjelaan|Irisstraat|Tulpstraat|Rozenstraat|Prinses Beatrixlaan|"
    "Oranjestraat|Nieuwstraat|Havenstraat|Dijkweg|Sportlaan|Meidoornstraat|Acacialaan|"
    "Vondelstraat|Bilderdijkstraat|Merelstraat|Kievitlaan|Zwaluwstraat|Populierenlaan|"
    "Esdoornlaan|Akkerweg|Weidestraat|Bosweg|Heuvelweg|Ringweg|Burgemeester de Bruinstraat|"
    "Van Goghstraat|Rembrandtlaan|Mozartlaan|Bachstraat|Plein 1944|Korte Gracht|Lange Gracht|"
    "Jachthavenweg",
    "|",
)
PLACE_HEADS = _words(
    "Aal Beek Berg Bos Brug Dal Dijk Doorn Drie Eem Elst Gelder Goor Graven Haar Ham Heer Hel "
    "Hoog Hout Kamp Keer Laar Lang Leer Lin Loo Maas Meer Mol Nieuw Noord Oost Oud Raam Ree Ros "
    "Scher Slot Steen Sterk Stroe Ter Veen Vel Vlier Vos Wa Wes Wild Winter Wol Zand Zee Zuid "
    "Zwaan Ede Alde Bur Hem Lut Rijs Sonder Valk Wier Gram Ens Ast"
)
PLACE_TAILS = _words(
    "dam dijk dorp veen horst wijk hoven loo sum um berg broek rode meer huizen kerk lo brug "
    "haven ingen endaal voorde zande erveen ooi wolde hout mond zijl"
)
PO_NAMES = _words(
    "De Regenboog|Het Kompas|De Wiekslag|De Boomgaard|De Klimop|Het Palet|De Vlieger|"
    "De Springplank|Het Mozaïek|De Zonnewijzer|De Toermalijn|Montessorischool|De Ark|"
    "Sint Jozef|Het Baken|De Wegwijzer|Prins Willem-Alexander|De Fontein|Het Startpunt|De Horizon",
    "|",
)
VO_NAMES = ("College", "Lyceum", "Scholengemeenschap", "Gymnasium", "Vakcollege", "Mavo")
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"

SECTOR_COUNTS = (
    ("po", 6200),
    ("vo", 1330),
    ("pro", 170),
    ("vso", 330),
    ("mbo", 600),
    ("hbo", 180),
    ("wo", 50),
    ("vavo", 70),
    ("nb", 150),
)
"""Schools (BRIN + vestiging) per sector; about 9,080 in all."""
LOCATIONS_PER_BRIN = {
    "po": (1, 1, 1, 1, 1, 1, 2),
    "vo": (1, 1, 2, 2, 3),
    "pro": (1,),
    "vso": (1, 1, 2),
    "mbo": (2, 3, 4),
    "hbo": (1, 2, 3),
    "wo": (1, 2),
    "vavo": (1,),
    "nb": (1,),
}

# Calendar tables: dates as ordinals, strings and school years by table lookup --------------
BASE = date(1988, 1, 1).toordinal()
LAST = date(2045, 12, 31).toordinal()
DSTR = []
SY = []
MONTH = []
YEAR = []
for _o in range(BASE, LAST + 1):
    _d = date.fromordinal(_o)
    DSTR.append(_d.isoformat())
    SY.append(_d.year if _d.month >= 8 else _d.year - 1)
    MONTH.append(_d.month)
    YEAR.append(_d.year)
JUL31 = [0] * 2050
AUG1 = [0] * 2050
FEB1 = [0] * 2050
for _y in range(1988, 2046):
    JUL31[_y] = date(_y, 7, 31).toordinal()
    AUG1[_y] = date(_y, 8, 1).toordinal()
    FEB1[_y] = date(_y, 2, 1).toordinal()
AGE = [round(a * 365.2425) for a in range(40)]

# BSN: a bijection from the person index onto elfproef-valid numbers -----------------------
BSN_LOW = 1_000_000
BSN_MOD = 8_999_000
"""The first 7 digits run over 1000000..9998999: never a leading 0, never the 9999 range."""
BSN_MULT = 7_654_321
if math.gcd(BSN_MULT, BSN_MOD) != 1:
    raise ValueError("BSN_MULT must be coprime to BSN_MOD for the BSNs to be unique")
W4 = [
    9 * (h // 1000) + 8 * (h // 100 % 10) + 7 * (h // 10 % 10) + 6 * (h % 10) for h in range(10000)
]
W3 = [5 * (lo // 100) + 4 * (lo // 10 % 10) + 3 * (lo % 10) for lo in range(1000)]
MAX_PERSONS = BSN_MOD - NOT_IN_FILE


def bsn_of(index: int) -> str:
    """The BSN of person `index`: unique, 9 digits, passes the elfproef.

    The first seven digits are a permutation of the index; the eighth is chosen from the index
    and the ninth makes 9*d1 + 8*d2 + ... + 2*d8 - d9 a multiple of 11 (if that would need a
    '10', the eighth digit moves up by one, which always gives a single check digit).
    """
    q = BSN_LOW + (index * BSN_MULT) % BSN_MOD
    s = W4[q // 1000] + W3[q % 1000]
    d8 = index % 10
    c = (s + 2 * d8) % 11
    if c == 10:
        d8 = (d8 + 1) % 10
        c = (s + 2 * d8) % 11
    return f"{q}{d8}{c}"


def passes_elfproef(number: str) -> bool:
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), number, strict=True))
    return total % 11 == 0 and number != "000000000"


def ascii_key(text: str) -> str:
    text = text.replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def _name_tables() -> tuple[list[tuple[str, str]], ...]:
    """Per sex: (voornamen, e-mail key) with 40% one name, 60% a second name."""
    tables = []
    for sex in (0, 1):
        seconds = SECOND[sex].split()
        rows = []
        for given in GIVEN[sex].split():
            key = ascii_key(given)
            rows += [(given, key)] * 4
            rows += [(f"{given} {seconds[i % len(seconds)]}", key) for i in range(6)]
        tables.append(rows)
    return tuple(tables)


def _surname_table() -> list[tuple[str, str, str]]:
    rows = []
    for full in SURNAMES.split("|"):
        parts = full.split(" ")
        prefix = " ".join(p for p in parts if p.islower())
        name = " ".join(p for p in parts if not p.islower())
        rows.append((prefix, name, ascii_key(name)))
    return rows


# Reference data --------------------------------------------------------------------------


def build_reference(seed: int) -> dict:
    """Regions, municipalities and schools of the synthetic nation, from its own random."""
    rng = random.Random(f"{seed}:reference")
    names = [h + t for h in PLACE_HEADS for t in PLACE_TAILS]
    rng.shuffle(names)
    name_iter = iter(names)

    counts = [8] * 40
    for _ in range(2000):  # vary 4..14 per region, total stays 340
        a, b = rng.randrange(40), rng.randrange(40)
        if counts[a] < 14 and counts[b] > 4:
            counts[a] += 1
            counts[b] -= 1
    for i in rng.sample(range(40), 20):
        counts[i] += 1  # 340 = 40 * 8 + 20

    municipalities = []  # dicts, in code order
    number = 5000
    for region, count in enumerate(counts):
        for _ in range(count):
            weight = rng.lognormvariate(0.0, 1.1)
            places = [next(name_iter) for _ in range(rng.choice((1, 1, 2, 3, 4)))]
            municipalities.append(
                {
                    "code": f"GM{number}",
                    "name": places[0],
                    "region": region,
                    "weight": weight,
                    "places": places,
                }
            )
            number += 1
    # The biggest municipality of a region is about twenty times the median one.
    big = sorted(range(len(municipalities)), key=lambda i: -municipalities[i]["weight"])
    for rank, i in enumerate(big[:12]):
        municipalities[i]["weight"] *= 6 - rank * 0.4
    total = sum(m["weight"] for m in municipalities)
    # Postcode numbers 1000..9999, contiguous per municipality, in proportion to its weight.
    low = 1000
    for i, m in enumerate(municipalities):
        left = len(municipalities) - i - 1
        span = max(3, round(9000 * m["weight"] / total))
        span = min(span, 10000 - low - 3 * left)
        m["pc_low"], m["pc_span"] = low, span
        low += span
    regions = []
    for r in range(40):
        own = [m for m in municipalities if m["region"] == r]
        biggest = max(own, key=lambda m: m["weight"])
        regions.append({"code": f"R{r + 1:02d}", "name": f"{biggest['name']} e.o."})

    brins = [f"{a}{b}{c}{d}" for a in "5678" for b in "0123456789" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for d in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]  # fmt: skip
    rng.shuffle(brins)
    brin_iter = iter(brins)
    weights_all = [m["weight"] for m in municipalities]
    weights_big = [w**1.6 for w in weights_all]
    in_region: list[list[int]] = [[] for _ in regions]
    for i, m in enumerate(municipalities):
        in_region[m["region"]].append(i)
    schools = []
    for sector, wanted in SECTOR_COUNTS:
        weights = weights_all if sector in ("po", "vo", "pro", "vso") else weights_big
        made = 0
        while made < wanted:
            brin = next(brin_iter)
            home = rng.choices(range(len(municipalities)), weights)[0]
            locations = min(rng.choice(LOCATIONS_PER_BRIN[sector]), wanted - made)
            same_region = in_region[municipalities[home]["region"]]
            for vestiging in range(locations):
                where = home if vestiging == 0 else rng.choice(same_region)
                place = municipalities[where]["name"]
                schools.append(
                    {
                        "brin": brin,
                        "vestiging": f"{vestiging:02d}",
                        "name": _school_name(rng, sector, place, vestiging),
                        "sector": sector,
                        "municipality": where,
                    }
                )
            made += locations
    schools.sort(key=lambda s: (s["brin"], s["vestiging"]))
    return {"regions": regions, "municipalities": municipalities, "schools": schools}


def _school_name(rng: random.Random, sector: str, place: str, vestiging: int) -> str:
    suffix = f", locatie {vestiging + 1}" if vestiging else ""
    if sector == "po":
        return f"Basisschool {rng.choice(PO_NAMES)}{suffix}"
    if sector == "vo":
        return f"{rng.choice(VO_NAMES)} {place}{suffix}"
    return {
        "pro": f"Praktijkschool {place}",
        "vso": f"Vso De Brug {place}{suffix}",
        "mbo": f"ROC {place}{suffix}",
        "hbo": f"Hogeschool {place}{suffix}",
        "wo": f"Universiteit {place}{suffix}",
        "vavo": f"Vavo {place}",
        "nb": f"Particuliere school {place}",
    }[sector]


def write_reference(out: Path, ref: dict) -> None:
    municipalities = ref["municipalities"]
    with open(out / "regions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(("code", "naam", "bovengrens_leeftijd"))
        w.writerows((r["code"], r["name"], 27) for r in ref["regions"])
    with open(out / "municipalities.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(("code", "naam", "regio", "geldig_vanaf", "geldig_tot", "opgegaan_in"))
        w.writerows(
            (m["code"], m["name"], ref["regions"][m["region"]]["code"], "", "", "")
            for m in municipalities
        )
    with open(out / "schools.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(("brin", "vestiging", "naam", "sector", "gemeente"))
        w.writerows(
            (
                s["brin"],
                s["vestiging"],
                s["name"],
                s["sector"],
                municipalities[s["municipality"]]["code"],
            )
            for s in ref["schools"]
        )


def worker_context(ref: dict, seed: int, today: int, bad_fraction: float, persons: int) -> dict:
    """What a chunk needs, as flat tuples and lists for fast lookup."""
    municipalities = ref["municipalities"]
    munis = []
    cum, total = [], 0.0
    for m in municipalities:
        # The first place (the municipality's own name) gets most of the addresses.
        places = tuple([m["places"][0]] * 3 + m["places"][1:])
        munis.append((m["code"], m["region"], m["pc_low"], m["pc_span"], places, len(places)))
        total += m["weight"]
        cum.append(total)
    by_sector: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for s in ref["schools"]:
        key = (municipalities[s["municipality"]]["region"], s["sector"])
        by_sector.setdefault(key, []).append((s["brin"], s["vestiging"]))
        by_sector.setdefault((-1, s["sector"]), []).append((s["brin"], s["vestiging"]))
    schools = [
        [
            tuple(by_sector.get((r, KIND_SECTOR[k])) or by_sector[(-1, KIND_SECTOR[k])])
            for k in range(16)
        ]
        for r in range(len(ref["regions"]))
    ]
    region_munis = [
        tuple(i for i, m in enumerate(municipalities) if m["region"] == r)
        for r in range(len(ref["regions"]))
    ]
    return {
        "seed": seed,
        "today": today,
        "bad": bad_fraction,
        "persons": persons,
        "munis": munis,
        "muni_cum": cum,
        "muni_total": total,
        "region_munis": region_munis,
        "schools": schools,
    }


# Careers ----------------------------------------------------------------------------------
# An enrolment is [kind, begin, end, leerweg, uitstroomprofiel, reason]; a result is
# (kind, resultaatsoort, date, position of its enrolment). Dates are ordinals. Built forward
# in time like the demo generator, and stopped at the delivery date.


def _end(start: int, years: int) -> int:
    """31 July that ends the school year `years` - 1 after the one `start` is in."""
    return JUL31[SY[start - BASE] + years]


def _drop_out(r, e: list, reason: str = "") -> int:
    first = max(e[1], AUG1[SY[e[2] - BASE]])
    e[2] = first + 30 + int(r() * 300)
    e[5] = reason or LEAVING_REASONS[int(r() * 4)]
    return e[2]


def _later(r, left: int) -> int:
    """A re-enrolment after a gap, on 1 August or 1 February."""
    gap = left + 60 + int(r() * 440)
    month, year = MONTH[gap - BASE], YEAR[gap - BASE]
    if 3 <= month < 8:
        return AUG1[year]
    return FEB1[year + 1] if month >= 8 else FEB1[year]


def _mbo(r, E: list, R: list, kind: int, start: int, today: int, depth: int = 0) -> None:
    if start > today or depth > 4:
        return
    end = _end(start, YEARS[kind])
    e = [kind, start, end, "bbl" if r() < 0.15 else "bol", "", ""]
    E.append(e)
    x = r()
    if x < 0.68:
        e[5] = DIPLOMA
        R.append((kind, "diploma", end - 33, len(E) - 1))
        if kind == M4:
            if r() < 0.35:
                _higher(r, E, R, HBO, end + 1, today)
        elif kind <= M2 and r() < 0.4:
            _mbo(r, E, R, kind + 1, end + 1, today, depth + 1)
    elif x < 0.93:
        left = _drop_out(r, e)
        if r() < 0.35:
            _mbo(r, E, R, kind, _later(r, left), today, depth + 1)
    else:
        left = _drop_out(r, e, SWITCH)
        _mbo(r, E, R, M1 + int(r() * 3), left + 1, today, depth + 1)


def _higher(r, E: list, R: list, kind: int, start: int, today: int) -> None:
    if start > today:
        return
    end = _end(start, YEARS[kind] + (r() < 0.3))
    e = [kind, start, end, "", "", ""]
    E.append(e)
    if r() < 0.7:
        e[5] = DIPLOMA
        R.append((kind, "diploma", end - 21, len(E) - 1))
    else:
        _drop_out(r, e)


def career(r, dob: int, today: int) -> tuple[list, list]:
    po_end = JUL31[SY[dob + AGE[12] - BASE] + 1]
    E = [[PO, dob + AGE[4], po_end, "", "", "naar vo"]]
    R: list = []
    start = po_end + 1
    if start > today:
        return E, R
    x = r()
    i = 0
    while TRACK_CUM[i] < x:
        i += 1
    track = TRACK_KIND[i]
    if track == PRO:
        end = _end(start, 6)
        E.append([PRO, start, end, "", "", "uitgestroomd"])
        if r() < 0.7:
            R.append((PRO, "certificaat", end - 30, 1))
        if r() < 0.3:
            _mbo(r, E, R, M1, end + 1, today)
        return E, R
    if track == VSO:
        profile = VSO_PROFILES[int(r() * 4)]
        end = _end(start, 6)
        E.append([VSO, start, end, "", profile, "uitgestroomd"])
        if r() < 0.5:
            R.append((VSO, "certificaat", end - 30, 1))
        if profile == "vervolgonderwijs":
            _mbo(r, E, R, M1 + (r() < 0.5), end + 1, today)
        return E, R
    end = _end(start, YEARS[track] + (r() < 0.12))
    e = [track, start, end, "", "", ""]
    E.append(e)
    if r() < 0.08:
        left = _drop_out(r, e)
        x = r()
        if track >= HAVO and x < 0.3:
            _vavo(r, E, R, track, _later(r, left), today)
        elif x < 0.5:
            _mbo(r, E, R, M1 if track < HAVO else M2 + (x < 0.4), _later(r, left), today)
        return E, R
    e[5] = DIPLOMA
    R.append((track, "diploma", end - 26, 1))
    after = end + 1
    if track in NEXT_MBO:
        if track >= GL and r() < 0.12 and after <= today:  # doorstroom vmbo-t/gl to havo 4
            hend = _end(after, 2)
            E.append([HAVO, after, hend, "", "", DIPLOMA])
            R.append((HAVO, "diploma", hend - 26, len(E) - 1))
            _higher(r, E, R, HBO, hend + 1, today)
            return E, R
        options = NEXT_MBO[track]
        _mbo(r, E, R, options[int(r() * len(options))], after, today)
    else:
        x = r()
        if x < 0.85:
            _higher(r, E, R, HBO if track == HAVO or x < 0.25 else WO, after, today)
        elif track == HAVO and x < 0.93:
            _mbo(r, E, R, M4, after, today)
    return E, R


def _vavo(r, E: list, R: list, kind: int, start: int, today: int) -> None:
    """A havo/vwo leaver takes the exam at vavo; the result is a havo/vwo diploma."""
    if start > today:
        return
    end = _end(start, 1)
    e = [VAVO, start, end, "", "", ""]
    E.append(e)
    if r() < 0.55:
        e[5] = DIPLOMA
        R.append((kind, "diploma", end - 26, len(E) - 1))
    else:
        _drop_out(r, e)


# Corruption -------------------------------------------------------------------------------
BAD_KINDS = ("mavo", "lwoo", "mbo_5", "vmbo", "atheneum", "hbo_master")


def _bad_bsn(rb, bsn: str) -> str:
    """Still 9 digits, fails the elfproef: a wrong check digit or two digits swapped."""
    if rb() < 0.5:
        return bsn[:8] + str((int(bsn[8]) + 1 + int(rb() * 9)) % 10)
    for i in (int(rb() * 8), *range(8)):
        if bsn[i] != bsn[i + 1]:
            return bsn[:i] + bsn[i + 1] + bsn[i] + bsn[i + 2 :]
    return bsn[:8] + str((int(bsn[8]) + 1) % 10)


def _bad_date(rb, valid: str) -> str:
    year = valid[:4] if valid else "2025"
    return (
        year + ("-02-30", "-02-31", "-04-31", "-06-31", "-13-01", "-00-10", "-11-31")[int(rb() * 7)]
    )


def corrupt(rb, row: list[str], ctx: dict, region: int) -> list[str]:
    """The same row (a list of fields) made unacceptable in a way delivery.md refuses."""
    v = list(row)
    record = v[0]
    x = rb()
    if record == "persoon":
        if x < 0.4:
            v[3] = _bad_bsn(rb, v[3])
        elif x < 0.7:
            field = COL["overlijdensdatum"] if v[COL["overlijdensdatum"]] else COL["geboortedatum"]
            v[field] = _bad_date(rb, v[field])
        else:
            v[COL["gemeentecode"]] = f"GM4{int(rb() * 1000):03d}"
        return v
    removal = v[1] == "verwijderd"
    if record == "inschrijving" and not removal:
        if x < 0.2:
            v[3] = _bad_bsn(rb, v[3])
        elif x < 0.35:
            field = COL["begindatum"] if rb() < 0.5 or not v[COL["einddatum"]] else COL["einddatum"]
            v[field] = _bad_date(rb, v[field])
        elif x < 0.5:
            v[COL["onderwijssoort"]] = BAD_KINDS[int(rb() * len(BAD_KINDS))]
        elif x < 0.7:
            begin = date.fromisoformat(v[COL["begindatum"]]).toordinal()
            v[COL["einddatum"]] = DSTR[begin - 1 - int(rb() * 200) - BASE]
            v[COL["reden_uitschrijving"]] = v[COL["reden_uitschrijving"]] or LEAVING_REASONS[0]
        elif x < 0.85:
            v[3] = bsn_of(ctx["persons"] + int(rb() * NOT_IN_FILE))
        else:
            vo = ctx["schools"][region][HAVO]
            v[COL["brin"]], v[COL["vestiging"]] = vo[int(rb() * len(vo))]
            v[COL["onderwijssoort"]] = "havo"
            v[COL["leerweg"]] = "bol" if rb() < 0.7 else "bbl"
            v[COL["uitstroomprofiel"]] = ""
        return v
    if removal:
        x *= 0.5  # a removal carries no dates or codes worth checking: only a wrong BSN
    if x < 0.3:
        v[3] = _bad_bsn(rb, v[3])
    elif x < 0.5:
        v[3] = bsn_of(ctx["persons"] + int(rb() * NOT_IN_FILE))
    elif x < 0.75:
        v[COL["resultaatdatum"]] = _bad_date(rb, v[COL["resultaatdatum"]])
    else:
        v[COL["onderwijssoort"]] = BAD_KINDS[int(rb() * len(BAD_KINDS))]
    return v


# One chunk of persons ----------------------------------------------------------------------
_CTX: dict = {}


def _init_worker(ctx: dict) -> None:
    _CTX.clear()
    _CTX.update(ctx)


def make_chunk(job: tuple[int, int, int, tuple[int, ...]]) -> tuple:
    """Rows of persons start .. start+count-1 as CSV bytes, plus the P rows of chosen ones.

    Returns (bytes, rows, enrolments, results, bad row offsets in the chunk, delta rows) where
    a delta row is (mutatiedatum ordinal, person index, line, is bad). Lines are
    built with f-strings, not csv.writer: no value ever holds a ';', a quote or a newline.
    """
    chunk, start, count, chosen = job
    ctx = _CTX
    seed, today, bad = ctx["seed"], ctx["today"], ctx["bad"]
    munis, muni_cum, muni_total = ctx["munis"], ctx["muni_cum"], ctx["muni_total"]
    schools = ctx["schools"]
    r = random.Random(f"{seed}:C:{chunk}").random
    rb = random.Random(f"{seed}:bad:{chunk}").random
    rp = random.Random(f"{seed}:P:{chunk}")
    chosen_set = set(chosen)
    names, nnames = NAMES, len(NAMES[0])
    surnames, nsur = SURNAME_ROWS, len(SURNAME_ROWS)
    streets, nstreets = STREET_LIST, len(STREET_LIST)
    house, nhouse = HOUSE_NUMBERS, len(HOUSE_NUMBERS)
    additions, nadd = ADDITIONS, len(ADDITIONS)
    pcnum, letters, nletters = PC_NUMBERS, PC_LETTERS, len(PC_LETTERS)
    dstr, kind_code, base = DSTR, KIND_CODE, BASE
    p_tail, e_gap, r_gap, r_mid = P_TAIL, E_GAP, R_GAP, R_MID
    span = AGE[31] - AGE[4] - 1
    youngest = today - AGE[4]
    enrol_from = today - ENROLMENT_WINDOW
    result_from = today - RESULT_WINDOW
    lines: list[str] = []
    append = lines.append
    bad_rows: list[int] = []
    delta: list[tuple] = []
    debt = 0
    n_enrol = n_result = 0
    for idx in range(start, start + count):
        # -- the person (bsn_of, inlined)
        q = BSN_LOW + (idx * BSN_MULT) % BSN_MOD
        s = W4[q // 1000] + W3[q % 1000]
        d8 = idx % 10
        c = (s + 2 * d8) % 11
        if c == 10:
            d8 = (d8 + 1) % 10
            c = (s + 2 * d8) % 11
        bsn = f"{q}{d8}{c}"
        given, key = names[r() < 0.5][int(r() * nnames)]
        prefix, surname, skey = surnames[int(r() * nsur)]
        dob = youngest - int(r() * span)
        m = bisect(muni_cum, r() * muni_total)
        code, region, pc_low, pc_span, places, nplaces = munis[m]
        x = r()
        died = emigrated = ""
        if x < 0.0005:
            died = dstr[today - 1 - int(r() * 700) - base]
        elif x < 0.0035:
            emigrated = dstr[today - 1 - int(r() * 700) - base]
        phone = f"06{10_000_000 + int(r() * 89_999_999)}" if r() < 0.7 else ""
        email = f"{key}.{skey}@voorbeeld.invalid" if r() < 0.5 else ""
        first = len(lines)
        append(
            f"persoon;;;{bsn};{given};{prefix};{surname};{dstr[dob - base]};"
            f"{streets[int(r() * nstreets)]};{house[int(r() * nhouse)]};"
            f"{additions[int(r() * nadd)]};{pcnum[pc_low + int(r() * pc_span)]}"
            f"{letters[int(r() * nletters)]};{places[int(r() * nplaces)]};{code};{phone};"
            f"{email};{died};{emigrated}{p_tail}"
        )
        # -- enrolments of the last ten years, results of the last eleven
        E, R = career(r, dob, today)
        sr = schools[region]
        kept = 0
        for pos, e in enumerate(E):
            kind, begin, end, leerweg, profile, reason = e
            if end < enrol_from:
                continue
            opts = sr[kind]
            school = opts[int(r() * len(opts))]
            e.append(school)
            if end >= today:
                end_s = reason = ""
            else:
                end_s = dstr[end - base]
            append(
                f"inschrijving;;;{bsn}{e_gap}I{idx:08d}{pos:02d};{school[0]};{school[1]};"
                f"{kind_code[kind]};{leerweg};{profile};{dstr[begin - base]};{end_s};{reason};;;"
            )
            kept += 1
        for j, (kind, rtype, on, pos) in enumerate(R):
            if on > today or on < result_from:
                continue
            e = E[pos]
            if len(e) == 7:
                school = e[6]
            else:
                opts = sr[e[0]]
                school = opts[int(r() * len(opts))]
                e.append(school)
            append(
                f"resultaat;;;{bsn}{r_gap}{school[0]};{school[1]};{kind_code[kind]}{r_mid}"
                f"R{idx:08d}{j:02d};{rtype};{dstr[on - base]}"
            )
        n_rows = len(lines) - first
        n_enrol += kept
        n_result += n_rows - 1 - kept
        clean = True
        if bad:
            deps = n_rows - 1
            if rb() < bad / (1 + deps - deps * bad):
                lines[first] = ";".join(corrupt(rb, lines[first].split(";"), ctx, region))
                bad_rows.extend(range(first, first + n_rows))
                clean = False
            else:
                for i in range(first + 1, first + n_rows):
                    if rb() < bad:
                        lines[i] = ";".join(corrupt(rb, lines[i].split(";"), ctx, region))
                        bad_rows.append(i)
                        clean = False
        # -- the weekly delta: chosen persons, or the next usable one for a chosen one that
        # is dead, emigrated or corrupted
        selected = idx in chosen_set
        if selected or debt:
            if clean and not died and not emigrated:
                if not selected:
                    debt -= 1
                fields = [line.split(";") for line in lines[first : first + 1 + kept]]
                on, row = delta_event(rp, ctx, idx, fields[0], m, dob, E, fields[1:])
                is_bad = False
                if bad and rp.random() < bad:
                    row = corrupt(rp.random, row, ctx, region)
                    is_bad = True
                delta.append((on, idx, ";".join(row), is_bad))
            elif selected:
                debt += 1
    lines.append("")
    return "\n".join(lines).encode(), len(lines) - 1, n_enrol, n_result, bad_rows, delta


# The weekly delta ---------------------------------------------------------------------------
EVENTS = (
    ("verhuisd", 30),
    ("gewijzigd", 10),
    ("overleden", 0.5),
    ("geemigreerd", 1.5),
    ("inschrijving toegevoegd", 16),
    ("inschrijving gewijzigd", 22),
    ("inschrijving verwijderd", 4),
    ("resultaat toegevoegd", 30),
)
"""Weights; an event that does not fit the person (no open enrolment, say) is left out."""
CERTIFICATE_KINDS = frozenset((BB, KB, GL, TL, HAVO, VWO, PRO, VSO))
"""In November these get a (deel)certificaat; mbo, hbo and wo diplomas come all year."""


def delta_event(
    rng: random.Random,
    ctx: dict,
    idx: int,
    prow: list[str],
    m: int,
    dob: int,
    E: list,
    kept: list[list[str]],
) -> tuple[int, list[str]]:
    """One P-levering row about this person, and its mutatiedatum (an ordinal)."""
    r = rng.random
    today = ctx["today"]
    on = today + 1 + int(r() * 7)
    open_enrolments = [row for row in kept if not row[COL["einddatum"]]]
    last = E[-1]
    fits = {
        "inschrijving gewijzigd": bool(open_enrolments),
        "inschrijving verwijderd": bool(kept),
        "resultaat toegevoegd": last[0] != PO and last[2] >= today,
    }
    events = [(name, weight) for name, weight in EVENTS if fits.get(name, True)]
    x = r() * sum(weight for _, weight in events)
    for event, weight in events:  # noqa: B007  (the loop picks the event)
        x -= weight
        if x < 0:
            break
    v = list(prow)
    if event in ("verhuisd", "gewijzigd", "overleden", "geemigreerd"):
        v[1], v[2] = event, DSTR[on - BASE]
        if event == "verhuisd":
            munis = ctx["munis"]
            y = r()
            if y < 0.2:
                near = ctx["region_munis"][munis[m][1]]
                m = near[int(r() * len(near))]
            elif y < 0.25:
                m = bisect(ctx["muni_cum"], r() * ctx["muni_total"])
            code, _region, pc_low, pc_span, places, nplaces = munis[m]
            v[COL["straat"]] = STREET_LIST[int(r() * len(STREET_LIST))]
            v[COL["huisnummer"]] = HOUSE_NUMBERS[int(r() * len(HOUSE_NUMBERS))]
            v[COL["huisnummertoevoeging"]] = ADDITIONS[int(r() * len(ADDITIONS))]
            v[COL["postcode"]] = PC_NUMBERS[pc_low + int(r() * pc_span)] + PC_LETTERS[int(r() * len(PC_LETTERS))]  # fmt: skip
            v[COL["woonplaats"]] = places[int(r() * nplaces)]
            v[COL["gemeentecode"]] = code
        elif event == "overleden":
            v[COL["overlijdensdatum"]] = DSTR[on - BASE]
        elif event == "geemigreerd":
            v[COL["emigratiedatum"]] = DSTR[on - BASE]
        else:
            y = r()
            if y < 0.4:
                v[COL["telefoon"]] = f"06{10_000_000 + int(r() * 89_999_999)}"
            elif y < 0.7:
                given = v[COL["voornamen"]].split(" ")[0]
                v[COL["email"]] = f"{ascii_key(given)}{int(r() * 100)}@voorbeeld.invalid"
            elif y < 0.9:
                v[COL["voornamen"]] = v[COL["voornamen"]].split(" ")[0] + " Maria"
            else:  # date of birth corrected by a few days
                v[COL["geboortedatum"]] = DSTR[dob + int(r() * 21) - 10 - BASE]
        return on, v
    empty = [""] * len(COLUMNS)
    if event == "inschrijving gewijzigd":
        v = list(open_enrolments[int(r() * len(open_enrolments))])
        begin = date.fromisoformat(v[COL["begindatum"]]).toordinal()
        v[COL["einddatum"]] = DSTR[max(begin, on - int(r() * 7)) - BASE]
        v[COL["reden_uitschrijving"]] = LEAVING_REASONS[int(r() * len(LEAVING_REASONS))]
    elif event == "inschrijving verwijderd":
        v = list(kept[int(r() * len(kept))])
    elif event == "inschrijving toegevoegd":
        age = (today - dob) / 365.2425
        if age < 12:
            kind = PO
        elif age < 16:
            kind = (BB, KB, GL, TL, HAVO, VWO, PRO, VSO)[int(r() * 8)]
        elif age < 18:
            kind = (M1, M2, M2, M3, M4, TL, HAVO, VAVO)[int(r() * 8)]
        else:
            kind = (M1, M2, M3, M4, M4, HBO, WO, VAVO)[int(r() * 8)]
        opts = ctx["schools"][ctx["munis"][m][1]][kind]
        school = opts[int(r() * len(opts))]
        v = empty
        v[0] = "inschrijving"
        v[3] = prow[3]
        v[COL["inschrijving_id"]] = f"I{idx:08d}90"
        v[COL["brin"]], v[COL["vestiging"]] = school
        v[COL["onderwijssoort"]] = KIND_CODE[kind]
        if M1 <= kind <= M4:
            v[COL["leerweg"]] = "bbl" if r() < 0.2 else "bol"
        if kind == VSO:
            v[COL["uitstroomprofiel"]] = VSO_PROFILES[int(r() * 4)]
        v[COL["begindatum"]] = DSTR[on - int(r() * 10) - BASE]
    else:  # resultaat toegevoegd: for the last enrolment (its school kept it)
        kind, begin = last[0], last[1]
        if kind == VAVO:
            kind = HAVO
        v = empty
        v[0] = "resultaat"
        v[3] = prow[3]
        v[COL["brin"]], v[COL["vestiging"]] = last[6]
        v[COL["onderwijssoort"]] = KIND_CODE[kind]
        v[COL["resultaat_id"]] = f"R{idx:08d}90"
        certificate = kind in CERTIFICATE_KINDS or r() < 0.05
        v[COL["resultaatsoort"]] = "certificaat" if certificate else "diploma"
        v[COL["resultaatdatum"]] = DSTR[max(begin, on - int(r() * 5)) - BASE]
    v[1], v[2] = event.split(" ")[1], DSTR[on - BASE]
    return on, v


# Fixed parts of the lines: the empty columns of the other record kinds
P_TAIL = ";" * (len(COLUMNS) - 1 - COL["emigratiedatum"])
E_GAP = ";" * (COL["inschrijving_id"] - COL["bsn"])
R_GAP = ";" * (COL["brin"] - COL["bsn"])
R_MID = ";" * (COL["resultaat_id"] - COL["onderwijssoort"])

# Lookup lists built once ---------------------------------------------------------------------
NAMES = _name_tables()
SURNAME_ROWS = _surname_table()
STREET_LIST = STREETS
HOUSE_NUMBERS = [str(n) for n in range(1, 60) for _ in range(3)] + [str(n) for n in range(60, 260)]
ADDITIONS = [""] * 14 + ["A", "B", "-2", "-1", "bis", "hs"]
PC_NUMBERS = [""] * 1000 + [str(n) for n in range(1000, 10000)]
PC_LETTERS = [a + b for a in POSTCODE_LETTERS for b in POSTCODE_LETTERS if a + b not in ("SS", "SD", "SA")]  # fmt: skip


# Main ----------------------------------------------------------------------------------------


def delivery_date(seed: int) -> date:
    return BASE_C_DATE + timedelta(weeks=(seed - 1) % 8)


def _jobs(persons: int, chosen: list[int]) -> list[tuple[int, int, int, tuple[int, ...]]]:
    jobs = []
    lo = 0
    for chunk, start in enumerate(range(0, persons, CHUNK)):
        end = min(start + CHUNK, persons)
        hi = bisect(chosen, end - 1, lo)
        jobs.append((chunk, start, end - start, tuple(chosen[lo:hi])))
        lo = hi
    return jobs


def _results(jobs: list, ctx: dict, workers: int):
    """make_chunk over the jobs, in order; at most 2 chunks per worker waiting at a time."""
    if workers <= 1:
        _init_worker(ctx)
        for job in jobs:
            yield make_chunk(job)
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers, _init_worker, (ctx,)) as pool:
        pending: deque = deque()
        for job in jobs:
            pending.append(pool.apply_async(make_chunk, (job,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def generate(
    out: Path,
    persons: int,
    seed: int,
    delta_events: int,
    bad_fraction: float,
    workers: int,
    quiet: bool = True,
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ref = build_reference(seed)
    write_reference(out, ref)
    c_date = delivery_date(seed)
    p_date = c_date + timedelta(days=7)
    today = c_date.toordinal()
    ctx = worker_context(ref, seed, today, bad_fraction, persons)
    k = min(delta_events, persons // 2)
    chosen = sorted(random.Random(f"{seed}:delta").sample(range(persons), k))
    jobs = _jobs(persons, chosen)

    c_path = out / f"doorstroom-C-NL-{c_date:%Y%m%d}.csv"
    p_path = out / f"doorstroom-P-NL-{p_date:%Y%m%d}.csv"
    header = (";".join(COLUMNS) + "\n").encode()
    rows = enrolments = results = 0
    line = 1  # the header
    delta: list = []
    with open(c_path, "wb") as f, open(_bad_path(c_path), "w", encoding="utf-8") as bad_file:
        f.write(header)
        for done, (data, n, n_enrol, n_result, bad, chunk_delta) in enumerate(
            _results(jobs, ctx, workers), 1
        ):
            f.write(data)
            if bad:
                bad_file.write("".join(f"{line + 1 + i}\n" for i in bad))
            line += n
            rows += n
            enrolments += n_enrol
            results += n_result
            delta.extend(chunk_delta)
            if not quiet and (done % 20 == 0 or done == len(jobs)):
                elapsed = time.perf_counter() - started
                print(
                    f"  {done}/{len(jobs)} chunks, {rows:,} rows, {rows / elapsed:,.0f} rows/s",
                    file=sys.stderr,
                )
    delta.sort(key=lambda d: (d[0], d[1]))
    with (
        open(p_path, "w", newline="", encoding="utf-8") as f,
        open(_bad_path(p_path), "w", encoding="utf-8") as bad_file,
    ):
        f.write(";".join(COLUMNS) + "\n")
        f.writelines(d[2] + "\n" for d in delta)
        bad_file.write("".join(f"{i}\n" for i, d in enumerate(delta, 2) if d[3]))
    elapsed = time.perf_counter() - started
    return {
        "c_file": c_path,
        "p_file": p_path,
        "persons": persons,
        "c_rows": rows,
        "enrolments": enrolments,
        "results": results,
        "p_rows": len(delta),
        "seconds": elapsed,
    }


def _bad_path(path: Path) -> Path:
    return path.with_name(path.stem + ".bad-lines.txt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--persons", type=int, default=3_500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--delta-events", type=int, default=50_000)
    parser.add_argument("--bad-fraction", type=float, default=0.0)
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="worker processes (default 1; the bytes are the same for any number)",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.persons <= MAX_PERSONS:
        parser.error(f"--persons must be 1 .. {MAX_PERSONS}")
    if not 0.0 <= args.bad_fraction <= 0.5:
        parser.error("--bad-fraction must be 0 .. 0.5")
    if args.delta_events < 0:
        parser.error("--delta-events must be 0 or more")
    s = generate(
        args.out_dir,
        args.persons,
        args.seed,
        args.delta_events,
        args.bad_fraction,
        max(1, args.jobs),
        args.quiet,
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    total_rows = s["c_rows"] + s["p_rows"]
    print(
        f"{s['c_file'].name}: {s['c_rows']:,} rows ({s['persons']:,} persons, "
        f"{s['enrolments']:,} enrolments, {s['results']:,} results), "
        f"{s['c_file'].stat().st_size / 1e6:,.1f} MB\n"
        f"{s['p_file'].name}: {s['p_rows']:,} rows, {s['p_file'].stat().st_size / 1e6:,.1f} MB\n"
        f"{total_rows:,} rows in {s['seconds']:.1f} s: {total_rows / s['seconds']:,.0f} rows/s; "
        f"peak RSS {own:.0f} MB (main), {children:.0f} MB (largest worker)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
