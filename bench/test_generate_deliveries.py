"""Self-check of bench/generate_deliveries.py on a small run (no Django needed).

Run: .venv/bin/python -m pytest -q -p no:cacheprovider bench/test_generate_deliveries.py
"""
# ruff: noqa: S101

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "generate_deliveries.py"
DELIVERY_MD = HERE.parent / "docs" / "formats" / "delivery.md"
PERSONS = 300

KINDS = {
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
}
MBO = {"mbo_1", "mbo_2", "mbo_3", "mbo_4"}
PERSON_MUTATIONS = {
    "gewijzigd",
    "verhuisd",
    "overleden",
    "geemigreerd",
    "vier_jaar",
    "bovengrens_bereikt",
    "sk_behaald",
    "sk_vervallen",
}
OTHER_MUTATIONS = {"toegevoegd", "gewijzigd", "verwijderd"}


def elfproef(number: str) -> bool:
    if len(number) != 9 or not number.isdigit() or number == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, number, strict=True)) % 11 == 0


def parse_date(text: str) -> date | None:
    """A yyyy-mm-dd date that exists, else None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


def generate(out: Path, *args: str) -> Path:
    subprocess.run(
        [sys.executable, str(SCRIPT), str(out), "--persons", str(PERSONS), "--quiet", *args],
        check=True,
        capture_output=True,
    )
    return out


def delivery(out: Path, kind: str) -> Path:
    (path,) = out.glob(f"doorstroom-{kind}-NL-*.csv")
    return path


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


def bad_lines(path: Path) -> set[int]:
    sidecar = path.with_name(path.stem + ".bad-lines.txt")
    return {int(line) for line in sidecar.read_text().split()}


def file_digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("clean"), "--seed", "1", "--jobs", "1")


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("bad"), "--seed", "3", "--bad-fraction", "0.1")


def reference(out: Path) -> tuple[set[str], set[tuple[str, str]]]:
    _, municipalities = read_rows(out / "municipalities.csv")
    _, schools = read_rows(out / "schools.csv")
    return {m["code"] for m in municipalities}, {(s["brin"], s["vestiging"]) for s in schools}


def invalid_lines(rows: list[dict[str, str]], out: Path, kind: str, known: set[str]) -> set[int]:
    """Line numbers (header = 1) of rows that delivery.md says the import refuses.

    `known` holds the BSNs already in the register (the valid persons of the C file).
    """
    municipalities, schools = reference(out)
    file_day = datetime.strptime(delivery(out, kind).stem[-8:], "%Y%m%d").date()
    bad: set[int] = set()
    persons: dict[str, date] = {}
    for line, row in enumerate(rows, 2):
        if row["record"] != "persoon":
            continue
        born = parse_date(row["geboortedatum"])
        ok = (
            elfproef(row["bsn"])
            and born is not None
            and born <= file_day
            and row["gemeentecode"] in municipalities
            and all(
                not row[f] or parse_date(row[f])
                for f in ("overlijdensdatum", "emigratiedatum", "mutatiedatum")
            )
        )
        if ok:
            persons[row["bsn"]] = born
        else:
            bad.add(line)
    for line, row in enumerate(rows, 2):
        record = row["record"]
        if record == "persoon":
            continue
        ok = elfproef(row["bsn"]) and (row["bsn"] in persons or row["bsn"] in known)
        ok = ok and (row["brin"], row["vestiging"]) in schools
        ok = ok and row["onderwijssoort"] in KINDS
        if record == "inschrijving":
            begin, end = parse_date(row["begindatum"]), parse_date(row["einddatum"])
            ok = ok and begin is not None and (not row["einddatum"] or end is not None)
            ok = ok and (end is None or end >= begin)
            ok = ok and (row["leerweg"] in {"bol", "bbl"} if row["leerweg"] else True)
            ok = ok and (not row["leerweg"] or row["onderwijssoort"] in MBO)
            ok = ok and (row["onderwijssoort"] != "vso" or row["uitstroomprofiel"] != "")
            born = persons.get(row["bsn"])
            ok = ok and (born is None or begin is None or begin >= born)
        else:
            ok = ok and row["resultaatsoort"] in {"diploma", "certificaat"}
            ok = ok and parse_date(row["resultaatdatum"]) is not None
        if not ok:
            bad.add(line)
    for line, row in enumerate(rows, 2):
        if kind == "C":
            assert row["mutatie"] == row["mutatiedatum"] == "", line
        else:
            allowed = PERSON_MUTATIONS if row["record"] == "persoon" else OTHER_MUTATIONS
            assert row["mutatie"] in allowed, line
            assert parse_date(row["mutatiedatum"]), line
    return bad


def valid_person_bsns(out: Path) -> set[str]:
    _, rows = read_rows(delivery(out, "C"))
    bad = bad_lines(delivery(out, "C"))
    return {r["bsn"] for i, r in enumerate(rows, 2) if r["record"] == "persoon" and i not in bad}


# The tests ----------------------------------------------------------------------------------


def test_header_is_the_column_order_of_delivery_md(clean):
    section = DELIVERY_MD.read_text(encoding="utf-8").split("## Columns")[1].split("\n## ")[0]
    documented = []
    for line in section.splitlines():
        if line.startswith("| `"):
            documented += re.findall(r"`([a-z_]+)`", line.split("|")[1])
    assert len(documented) == 30
    for kind in ("C", "P"):
        header, rows = read_rows(delivery(clean, kind))
        assert header == documented
        assert rows
    raw = delivery(clean, "C").read_text(encoding="utf-8").splitlines()
    assert all(line.count(";") == 29 for line in raw)


def test_reference_data_is_synthetic_and_complete(clean):
    _, regions = read_rows(clean / "regions.csv")
    _, municipalities = read_rows(clean / "municipalities.csv")
    _, schools = read_rows(clean / "schools.csv")
    assert [r["code"] for r in regions] == [f"R{i:02d}" for i in range(1, 41)]
    assert {r["bovengrens_leeftijd"] for r in regions} == {"27"}
    assert 300 <= len(municipalities) <= 380
    assert all(re.fullmatch(r"GM[5-9]\d{3}", m["code"]) for m in municipalities)
    assert {m["regio"] for m in municipalities} == {r["code"] for r in regions}
    assert 8500 <= len(schools) <= 9500
    assert all(re.fullmatch(r"[5-8]\d[A-Z]{2}", s["brin"]) for s in schools)
    assert {s["vestiging"] for s in schools} <= {"00", "01", "02", "03"}
    assert {s["sector"] for s in schools} == {
        "po",
        "vo",
        "pro",
        "vso",
        "mbo",
        "hbo",
        "wo",
        "vavo",
        "nb",
    }
    codes = {m["code"] for m in municipalities}
    assert all(s["gemeente"] in codes for s in schools)
    assert len({(s["brin"], s["vestiging"]) for s in schools}) == len(schools)


def test_person_bsns_pass_the_elfproef_and_are_unique(clean):
    _, rows = read_rows(delivery(clean, "C"))
    bsns = [r["bsn"] for r in rows if r["record"] == "persoon"]
    assert len(bsns) == PERSONS
    assert len(set(bsns)) == PERSONS
    assert all(elfproef(b) for b in bsns)
    assert not any(b.startswith("9999") for b in bsns)


def test_every_enrolment_and_result_has_its_person(clean):
    _, rows = read_rows(delivery(clean, "C"))
    persons = {r["bsn"] for r in rows if r["record"] == "persoon"}
    others = [r for r in rows if r["record"] != "persoon"]
    assert {r["record"] for r in others} == {"inschrijving", "resultaat"}
    assert all(r["bsn"] in persons for r in others)
    _, delta = read_rows(delivery(clean, "P"))
    assert all(r["bsn"] in persons for r in delta)
    ids = [r["inschrijving_id"] for r in rows if r["inschrijving_id"]]
    ids += [r["resultaat_id"] for r in rows if r["resultaat_id"]]
    assert len(ids) == len(set(ids)) == len(others)


def test_a_clean_run_has_no_invalid_rows(clean):
    for kind in ("C", "P"):
        _, rows = read_rows(delivery(clean, kind))
        known = valid_person_bsns(clean) if kind == "P" else set()
        assert invalid_lines(rows, clean, kind, known) == set()
        assert bad_lines(delivery(clean, kind)) == set()


def test_enrolments_end_on_or_after_they_begin(clean):
    _, rows = read_rows(delivery(clean, "C"))
    enrolments = [r for r in rows if r["record"] == "inschrijving"]
    assert len(enrolments) > PERSONS
    ended = [r for r in enrolments if r["einddatum"]]
    assert ended
    assert all(r["einddatum"] >= r["begindatum"] for r in ended)
    kinds = {r["onderwijssoort"] for r in enrolments}
    assert {"po", "havo", "vwo", "vso", "pro", "mbo_2"} <= kinds


def test_the_delta_changes_what_the_c_file_holds(clean):
    _, rows = read_rows(delivery(clean, "C"))
    ids = {r["inschrijving_id"] for r in rows if r["inschrijving_id"]}
    _, delta = read_rows(delivery(clean, "P"))
    assert len(delta) == PERSONS // 2
    changed = [r for r in delta if r["record"] == "inschrijving" and r["mutatie"] != "toegevoegd"]
    assert changed
    assert all(r["inschrijving_id"] in ids for r in changed)
    added = [r["inschrijving_id"] for r in delta if r["mutatie"] == "toegevoegd"]
    assert added
    assert not ids & set(added)
    assert {r["mutatie"] for r in delta} >= {"verhuisd", "gewijzigd", "toegevoegd"}


def test_same_seed_same_bytes_whatever_the_worker_count(clean, tmp_path):
    again = generate(tmp_path / "again", "--seed", "1", "--jobs", "2")
    assert file_digests(again) == file_digests(clean)
    other = generate(tmp_path / "other", "--seed", "2", "--jobs", "1")
    assert file_digests(other)[delivery(other, "C").name] != file_digests(clean).get(
        delivery(other, "C").name
    )


def test_the_bad_lines_sidecar_lists_exactly_the_refused_rows(corrupted):
    for kind in ("C", "P"):
        path = delivery(corrupted, kind)
        _, rows = read_rows(path)
        known = valid_person_bsns(corrupted) if kind == "P" else set()
        listed = bad_lines(path)
        assert listed == invalid_lines(rows, corrupted, kind, known)
        assert 0.03 * len(rows) <= len(listed) <= 0.2 * len(rows)


def test_corruption_leaves_the_good_rows_as_they_were(corrupted, tmp_path):
    """The same seed without --bad-fraction differs only on the listed lines."""
    clean = generate(tmp_path / "same-seed", "--seed", "3")
    good = delivery(clean, "C").read_text(encoding="utf-8").splitlines()
    path = delivery(corrupted, "C")
    bad = path.read_text(encoding="utf-8").splitlines()
    assert len(good) == len(bad)
    differing = {i for i, (a, b) in enumerate(zip(good, bad, strict=True), 1) if a != b}
    assert differing <= bad_lines(path)
    assert len(differing) > len(bad_lines(path)) / 2
