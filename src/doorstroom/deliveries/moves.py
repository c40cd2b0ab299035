"""Dated moves: a person's address history kept in date order.

A `verhuisd` row of a P-levering says where a person lives from its `mutatiedatum` on. Most
moves simply follow the current address, and apply.py does those in SQL. This module does
the rest, in plain Python over the few persons concerned: several moves of one person in one
delivery, and a move dated on or before an address the register already holds.

The rules (docs/formats/delivery.md, "Mutations"):
- every move takes effect on its own date, whatever the order of the rows; of two moves on
  the same day the later row counts (the sender corrected itself);
- a move dated before the current address inserts that address into the history, between the
  addresses before and after it; the current address stays current;
- a move on the day an address began corrects that address in place;
- a move to the address already valid on that day changes nothing, and a move to the address
  that follows it moves that address's start earlier (equal addresses in a row merge);
- every address ends the day before the next begins; an address whose successor did not
  change keeps its own end.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

Address = tuple
"""(municipality_id, street, house_number, house_number_addition, postcode, city)"""

ADDRESS_FIELDS = (
    "municipality_id",
    "street",
    "house_number",
    "house_number_addition",
    "postcode",
    "city",
)


@dataclass(frozen=True)
class Period:
    valid_from: date
    valid_to: date | None
    address: Address
    id: int | None = None
    """The register's row, None for an address not yet stored."""


def address_history(existing: list[Period], moves: list[tuple[date, Address]]) -> list[Period]:
    """The periods after `moves` (in the order of their rows), in date order."""
    existing = sorted(existing, key=lambda p: p.valid_from)
    address_from = {p.valid_from: p.address for p in existing}
    for on, address in moves:
        address_from[on] = address
    starts: list[tuple[date, Address]] = []
    for on in sorted(address_from):
        if not starts or starts[-1][1] != address_from[on]:
            starts.append((on, address_from[on]))
    old = {p.valid_from: p for p in existing}
    old_next = {
        p.valid_from: (existing[i + 1].valid_from if i + 1 < len(existing) else None)
        for i, p in enumerate(existing)
    }
    periods = []
    for i, (on, address) in enumerate(starts):
        following = starts[i + 1][0] if i + 1 < len(starts) else None
        before = old.get(on)
        if before is not None and old_next[on] == following:
            periods.append(replace(before, address=address))
        else:
            end = following - timedelta(days=1) if following else None
            periods.append(Period(on, end, address, before.id if before else None))
    return periods


@dataclass
class HistoryChanges:
    """What to write for one person: rows to delete, to update and to add."""

    deleted: list[int]
    updated: list[Period]
    added: list[Period]

    def __bool__(self) -> bool:
        return bool(self.deleted or self.updated or self.added)


def changes(existing: list[Period], history: list[Period]) -> HistoryChanges:
    kept = {p.id for p in history if p.id is not None}
    before = {p.id: p for p in existing}
    return HistoryChanges(
        deleted=[p.id for p in existing if p.id not in kept],
        updated=[p for p in history if p.id is not None and p != before[p.id]],
        added=[p for p in history if p.id is None],
    )


def current(history: list[Period]) -> Period:
    """The address a person lives at after these periods: the open one, else the latest."""
    return next((p for p in history if p.valid_to is None), history[-1])


class DatedMoves:
    """The dated moves of one run: planned from the staged rows before the person rows are
    reduced to one per BSN, written once the persons exist. `cursor` is the apply's cursor;
    a person is known here by the keyed hash of their BSN (`bsn_hash`)."""

    def __init__(self, cursor, run_id: int, staged: str, person: str, residence: str) -> None:
        self.cursor, self.run_id = cursor, run_id
        self.staged, self.person, self.residence = staged, person, residence
        self.plans: dict[str, HistoryChanges] = {}

    def plan(self) -> None:
        """Work out each flagged person's history, and give the last staged row of that
        person the address the person lives at afterwards (so that the person's own
        municipality follows)."""
        run, address = self.run_id, ", ".join(ADDRESS_FIELDS)
        self.cursor.execute(
            f"SELECT bsn_hash, line, mutation, moved_on, {address} FROM {self.staged} "
            f"WHERE run_id = {run} AND dated_moves ORDER BY bsn_hash, line"
        )
        rows: dict[str, list[tuple]] = defaultdict(list)
        for bsn, line, mutation, moved_on, *fields in self.cursor.fetchall():
            rows[bsn].append((line, mutation, moved_on, tuple(fields)))
        if not rows:
            return
        self.cursor.execute(
            f"SELECT p.bsn_hash, r.id, r.valid_from, r.valid_to, "
            f"{', '.join('r.' + f for f in ADDRESS_FIELDS)} FROM {self.residence} r "
            f"JOIN {self.person} p ON p.id = r.person_id WHERE p.bsn_hash IN "
            f"(SELECT bsn_hash FROM {self.staged} WHERE run_id = {run} AND dated_moves)"
        )
        existing: dict[str, list[Period]] = defaultdict(list)
        for bsn, pk, valid_from, valid_to, *fields in self.cursor.fetchall():
            existing[bsn].append(Period(valid_from, valid_to, tuple(fields), pk))
        last_rows = []
        for bsn, staged in rows.items():
            # the moves, and the state of the last row when that is no move: "complete
            # current data" as of the delivery date
            moves = [(on, fields) for _, mutation, on, fields in staged if mutation == "verhuisd"]
            last_line, last_mutation, last_on, last_fields = staged[-1]
            if last_mutation != "verhuisd":
                moves.append((last_on, last_fields))
            history = address_history(existing[bsn], moves)
            self.plans[bsn] = changes(existing[bsn], history)
            last_rows.append((*current(history).address, last_line))
        assignments = ", ".join(f"{f} = %s" for f in ADDRESS_FIELDS)
        self.cursor.executemany(
            f"UPDATE {self.staged} SET {assignments} WHERE run_id = {run} AND line = %s",
            last_rows,
        )

    def write(self) -> list[int]:
        """Store the planned histories; the ids of the persons whose history changed."""
        planned = {bsn: plan for bsn, plan in self.plans.items() if plan}
        if not planned:
            return []
        self.cursor.execute(
            f"SELECT p.bsn_hash, p.id FROM {self.person} p WHERE p.bsn_hash IN "
            f"(SELECT bsn_hash FROM {self.staged} WHERE run_id = {self.run_id} AND dated_moves)"
        )
        person_ids = dict(self.cursor.fetchall())
        deleted = [(pk,) for plan in planned.values() for pk in plan.deleted]
        # Closing first, opening after: one open address per person at every moment
        # (the partial unique index one_current_residence is checked row by row).
        updated = sorted(
            (p for plan in planned.values() for p in plan.updated), key=lambda p: p.valid_to is None
        )
        added = [
            (person_ids[bsn], *p.address, p.valid_from, p.valid_to)
            for bsn, plan in planned.items()
            for p in sorted(plan.added, key=lambda p: p.valid_to is None)
        ]
        if deleted:
            self.cursor.executemany(f"DELETE FROM {self.residence} WHERE id = %s", deleted)
        assignments = ", ".join(f"{f} = %s" for f in (*ADDRESS_FIELDS, "valid_to"))
        self.cursor.executemany(
            f"UPDATE {self.residence} SET {assignments} WHERE id = %s",
            [(*p.address, p.valid_to, p.id) for p in updated],
        )
        columns = ", ".join(("person_id", *ADDRESS_FIELDS, "valid_from", "valid_to"))
        self.cursor.executemany(
            f"INSERT INTO {self.residence} ({columns}) VALUES ({', '.join(['%s'] * 9)})", added
        )
        return [person_ids[bsn] for bsn in planned]
