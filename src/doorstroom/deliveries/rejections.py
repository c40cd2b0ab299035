"""The rows of a staged delivery that only the register can refuse, moved to the rejected rows
in set-based SQL before anything is applied (`RegisterRejections`, a part of apply.Applier):
an item whose person is neither in the file nor in the register, an id delivered twice or
belonging to another young person, a date before birth, person rows that contradict each
other, and a region's news about someone who lives elsewhere. The SQL is composed of our own
table and column names and integer ids only, never of delivered text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from doorstroom.deliveries.models import DeliveryKind, ImportRun
from doorstroom.deliveries.tables import (
    ENROLMENT,
    MUNICIPALITY,
    PERSON,
    REGION,
    REJECTED,
    RESULT,
    S_ENROLMENT,
    S_PERSON,
    S_RESULT,
)
from doorstroom.deliveries.validation import (
    BIRTH_AFTER_KEPT_ITEMS,
    ENROLMENT_BEFORE_BIRTH,
    RESULT_BEFORE_BIRTH,
)

if TYPE_CHECKING:
    from doorstroom.deliveries.apply import Counts


class RegisterRejections:
    """The checks of `apply.Applier` that need the register, with its `execute` and
    `scalar`; they run after `resolve_persons` (or in a first load, whose register is
    empty)."""

    run: ImportRun
    run_id: int
    first_load: bool
    counts: Counts

    def _reject(self, staged: str, field: str, message_sql: str, condition: str) -> None:
        """Move the staged rows that meet `condition` (alias s) to the rejected rows, an
        enrolment or result with the text it was staged with, if any (else it is filled in
        after the commit: services._row_texts_of_late_refusals)."""
        run = self.run_id
        newest = self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {REJECTED}")
        texts = "'', ''" if staged == S_PERSON else "s.raw, s.bsn"
        refused = self.execute(
            f"INSERT INTO {REJECTED} (run_id, line, field, message, raw, bsn, bsn_hash) "
            f"SELECT s.run_id, s.line, '{field}', SUBSTR({message_sql}, 1, 300), {texts}, s.bsn_hash "
            f"FROM {staged} s "
            f"WHERE s.run_id = {run} AND {condition}"
        )
        if refused:
            self.counts.rejected += refused
            self.execute(
                f"DELETE FROM {staged} WHERE run_id = {run} AND line IN "
                f"(SELECT r.line FROM {REJECTED} r WHERE r.run_id = {run} AND r.id > {newest})"
            )

    def reject_rows_that_need_the_register(self) -> None:
        self.reject_moves_out_of_the_area_of_strangers()
        self.reject_corrections_of_strangers()
        self.reject_contradicting_person_rows()
        self.reject_births_after_the_registers_items()
        for table, staged, id_field in (
            (ENROLMENT, S_ENROLMENT, "inschrijving_id"),
            (RESULT, S_RESULT, "resultaat_id"),
        ):
            first_line = f"(SELECT MIN(d.line) FROM {staged} d WHERE d.run_id = s.run_id AND d.source_id = s.source_id)"
            twice = (
                f"SELECT d.source_id FROM {staged} d WHERE d.run_id = {self.run_id} "
                f"GROUP BY d.source_id HAVING COUNT(*) > 1"
            )  # one pass in the order of the index, instead of a look-up per row
            self._reject(
                staged,
                id_field,
                f"'{id_field} ' || s.source_id || ' staat al op regel ' || {first_line}",
                f"s.source_id IN ({twice}) AND s.line > {first_line}",
            )
            self._reject(
                staged,
                "bsn",
                "'onbekende persoon: het BSN staat niet in de levering en niet in het register"
                + (" van deze regio" if self.run.area_id else "")
                + "'",
                f"NOT s.with_person AND {self._not_in_the_register('s')} "
                f"AND NOT EXISTS (SELECT 1 FROM {S_PERSON} p WHERE p.run_id = s.run_id AND p.bsn_hash = s.bsn_hash)",
            )
            # (a person not in the register yet has no items: any with this id is another's)
            self._reject(
                staged,
                id_field,
                f"'{id_field} ' || s.source_id || ' hoort bij een andere jongere'",
                f"EXISTS (SELECT 1 FROM {table} i WHERE i.source_id = s.source_id "
                f"AND (s.person_id IS NULL OR i.person_id <> s.person_id))",
            )
        birth = (  # the date that stands: the last person row of the BSN (keep_last_person_rows)
            f"COALESCE((SELECT p.date_of_birth FROM {S_PERSON} p WHERE p.run_id = s.run_id AND p.bsn_hash = s.bsn_hash "
            f"ORDER BY p.line DESC LIMIT 1), "
            f"(SELECT p.date_of_birth FROM {PERSON} p WHERE p.id = s.person_id))"
        )
        # (the rows that follow their person in the file were checked while validating)
        self._reject(
            S_ENROLMENT,
            "begindatum",
            f"'{ENROLMENT_BEFORE_BIRTH}'",
            f"NOT s.with_person AND s.start_date < {birth}",
        )
        self._reject(
            S_RESULT,
            "resultaatdatum",
            f"'{RESULT_BEFORE_BIRTH}'",
            f"NOT s.with_person AND s.obtained_on < {birth}",
        )

    def reject_contradicting_person_rows(self) -> None:
        """Of several person rows for one BSN the last counts (keep_last_person_rows), but not
        over a contradiction: a later row with another date of birth, or that leaves out or
        changes a date of death an earlier row gave, is refused, since which one holds
        cannot be told (and a death would be lost without a word). The enrolments and
        results that followed a row refused for its date of birth were checked against it
        while validating: they are checked again below, against the date that stands."""
        run = self.run_id
        twice = (
            f"SELECT d.bsn_hash FROM {S_PERSON} d WHERE d.run_id = {run} "
            f"GROUP BY d.bsn_hash HAVING COUNT(*) > 1"
        )  # one pass in the order of the index; most deliveries have no person twice
        if not self.scalar(f"SELECT EXISTS ({twice})"):
            return
        earlier = (
            f"FROM {S_PERSON} x WHERE x.run_id = s.run_id AND x.bsn_hash = s.bsn_hash "
            f"AND x.line < s.line"
        )
        other_birth = f"{earlier} AND x.date_of_birth <> s.date_of_birth"
        # A P-levering's 'gewijzigd' row corrects the date of birth: that one stands.
        correction = "s.mutation = 'gewijzigd'"
        newest = self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {REJECTED}")
        self._reject(
            S_PERSON,
            "geboortedatum",
            f"'de geboortedatum verschilt van die op regel ' || (SELECT MIN(x.line) {other_birth}) "
            "|| '; welke geldt, is niet te zeggen'",
            f"s.bsn_hash IN ({twice}) AND NOT {correction} AND EXISTS (SELECT 1 {other_birth})",
        )
        self._check_items_again_after(newest)
        self._check_items_again(  # against the corrected date
            f"SELECT s.bsn_hash FROM {S_PERSON} s WHERE s.run_id = {run} AND {correction} "
            f"AND s.bsn_hash IN ({twice}) AND EXISTS (SELECT 1 {other_birth})"
        )
        death = (
            f"{earlier} AND x.date_of_death IS NOT NULL "
            "AND (s.date_of_death IS NULL OR s.date_of_death <> x.date_of_death)"
        )
        self._reject(
            S_PERSON,
            "overlijdensdatum",
            f"'deze regel spreekt het overlijden op regel ' || (SELECT MIN(x.line) {death}) "
            "|| ' tegen (geen of een andere overlijdensdatum)'",
            f"s.bsn_hash IN ({twice}) AND EXISTS (SELECT 1 {death})",
        )

    def reject_births_after_the_registers_items(self) -> None:
        """A P-levering's person row that moves the date of birth past the start of an
        enrolment, or the date of a result, that the register keeps for that person and this
        file does not replace, is refused: an enrolment before birth would stand in the
        register. (A C-levering brings all of its persons' items, checked against the row.)
        The items of a refused row are checked again against the date that stands."""
        if self.run.kind != DeliveryKind.P or self.first_load:
            return

        def kept_before_birth(table: str, staged: str, column: str) -> str:
            return (
                f"EXISTS (SELECT 1 FROM {table} i WHERE i.person_id = s.person_id "
                f"AND i.{column} < s.date_of_birth AND NOT EXISTS (SELECT 1 FROM {staged} x "
                f"WHERE x.run_id = s.run_id AND x.source_id = i.source_id))"
            )

        later = (
            f"s.date_of_birth > (SELECT p.date_of_birth FROM {PERSON} p WHERE p.id = s.person_id)"
        )
        newest = self.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {REJECTED}")
        self._reject(
            S_PERSON,
            "geboortedatum",
            f"'{BIRTH_AFTER_KEPT_ITEMS}'",
            f"s.person_id IS NOT NULL AND {later} AND ("
            f"{kept_before_birth(ENROLMENT, S_ENROLMENT, 'start_date')} OR "
            f"{kept_before_birth(RESULT, S_RESULT, 'obtained_on')})",
        )
        self._check_items_again_after(newest)

    def _check_items_again_after(self, newest: int) -> None:
        """The staged items whose person row was refused after rejected row `newest`."""
        run = self.run_id
        self._check_items_again(
            f"SELECT r.bsn_hash FROM {REJECTED} r WHERE r.run_id = {run} AND r.id > {newest}"
        )

    def _check_items_again(self, bsn_hashes_sql: str) -> None:
        """The staged items of these BSNs were checked against the date of birth of the row
        before them while reading: the checks of `reject_rows_that_need_the_register` look at
        them again, against the date that stands."""
        for staged in (S_ENROLMENT, S_RESULT):
            self.execute(
                f"UPDATE {staged} SET with_person = FALSE WHERE run_id = {self.run_id} "
                f"AND bsn_hash IN ({bsn_hashes_sql})"
            )

    def reject_moves_out_of_the_area_of_strangers(self) -> None:
        """A move to a municipality outside the importing region (validation lets only a
        `verhuisd` row through) is recorded for a person who lives in the region, or whose
        other rows in this delivery put them there; anyone else's is not this region's news."""
        if not self.run.area_id:
            return
        area = int(self.run.area_id)

        def outside(alias: str) -> str:
            return (
                f"{alias}.municipality_id NOT IN "
                f"(SELECT m.id FROM {MUNICIPALITY} m WHERE m.region_id = {area})"
            )

        municipality = f"(SELECT m.name || ' (' || m.code || ')' FROM {MUNICIPALITY} m WHERE m.id = s.municipality_id)"
        region = self._area_name()
        self._reject(
            S_PERSON,
            "gemeentecode",
            f"'verhuizing naar ' || {municipality} || ', buiten de regio ' || {region} || "
            f"', van iemand die niet in de regio ' || {region} || ' woont'",
            f"{outside('s')} AND {self._not_in_the_register('s')} "
            f"AND NOT EXISTS (SELECT 1 FROM {S_PERSON} x WHERE x.run_id = s.run_id "
            f"AND x.bsn_hash = s.bsn_hash AND NOT {outside('x')})",
        )

    def reject_corrections_of_strangers(self) -> None:
        """In a region's P-levering only a move into the region (`verhuisd`) concerns someone
        who lives in another region: any other person row about them (a correction, a death)
        is that region's news, also when it names a municipality of this region."""
        if not self.run.area_id or self.run.kind != DeliveryKind.P:
            return
        lives_in = (
            f"(SELECT m.name || ' (' || m.code || ')' FROM {PERSON} p "
            f"JOIN {MUNICIPALITY} m ON m.id = p.municipality_id WHERE p.id = s.person_id)"
        )
        region = self._area_name()
        self._reject(
            S_PERSON,
            "mutatie",
            f"'de persoon woont in ' || {lives_in} || ', buiten de regio ' || {region} || "
            f"': alleen een verhuizing (verhuisd) naar de regio betreft iemand van elders'",
            f"s.mutation <> 'verhuisd' AND s.person_id IS NOT NULL "
            f"AND {self._not_in_the_register('s')} "
            f"AND NOT EXISTS (SELECT 1 FROM {S_PERSON} x WHERE x.run_id = s.run_id "
            f"AND x.bsn_hash = s.bsn_hash AND x.mutation = 'verhuisd')",
        )

    def _not_in_the_register(self, staged: str) -> str:
        """SQL that is true when the staged row's person is not in the register (of the
        importing region): `resolve_persons` found no person, or, for a region, one who
        lives elsewhere. Only after `resolve_persons`, or in a first load, whose register is
        empty. (Without a region no person is looked up again: a weekly delivery's items,
        nearly all of persons already known, cost no look-up each.)"""
        if not self.run.area_id:
            return f"{staged}.person_id IS NULL"
        return (
            f"({staged}.person_id IS NULL OR NOT EXISTS (SELECT 1 FROM {PERSON} p "
            f"WHERE p.id = {staged}.person_id{self._in_area('p')}))"
        )

    def _area_name(self) -> str:
        """SQL for the name of the importing region, for a refusal's message."""
        return f"(SELECT g.name FROM {REGION} g WHERE g.id = {int(self.run.area_id)})"

    def _in_area(self, alias: str) -> str:
        """SQL that keeps a person (alias) to the importing region, when the run has one."""
        if not self.run.area_id:
            return ""
        return (
            f" AND {alias}.municipality_id IN (SELECT m.id FROM {MUNICIPALITY} m "
            f"WHERE m.region_id = {int(self.run.area_id)})"
        )
