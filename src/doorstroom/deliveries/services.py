"""Importing a delivery: one function for the command line, the upload page and the worker.

stream the file -> validate each row -> stage in short batches -> apply in one transaction
-> tell signalling which persons changed. Refusals (the same file again, an older delivery
after a newer one, a file that is no delivery) are recorded as runs too, with their reason.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Max, Q
from django.utils import timezone

from doorstroom import dates
from doorstroom.accounts.audit import record_for
from doorstroom.accounts.models import AuditAction, User
from doorstroom.csvfiles import FileFormatError, RowError
from doorstroom.deliveries import events
from doorstroom.deliveries.apply import Applier
from doorstroom.deliveries.models import (
    REGISTER_KINDS,
    DeliveryKind,
    ImportRun,
    RunStatus,
    StagedEnrolment,
    StagedPerson,
    StagedResult,
)
from doorstroom.deliveries.reading import OpenRows, inspect, open_rows
from doorstroom.deliveries.side_files import READERS
from doorstroom.deliveries.staging import (
    STAGING_TABLES,
    Stager,
    delivered_bsn,
    fill_in_row_texts,
    lines_without_text,
    private_staging,
    row_text,
)
from doorstroom.deliveries.validation import EARLIEST_YEAR, I_BSN, RowValidator
from doorstroom.numbers import thousands
from doorstroom.operations import lookup_hashes
from doorstroom.regions.models import Municipality, Region, school_ids_by_code

logger = logging.getLogger(__name__)

FILE_NAME = re.compile(
    r"doorstroom-(?P<kind>[CP])-(?P<area>[A-Za-z0-9]+)-(?P<date>\d{8})", re.IGNORECASE
)
HEARTBEAT_ROWS = 50_000
FAILED = "Er ging iets mis bij het inlezen; niets is gewijzigd. Zie het serverlog."
SIGNALLING_FAILED = (
    "Het register is bijgewerkt, maar de signalering van de gewijzigde jongeren liep niet af "
    "(zie het serverlog); de volgende nachtelijke run van de regio kijkt hen opnieuw na."
)

Progress = Callable[[int, int], None]
"""Called now and then with (bytes read, rows read)."""


@dataclass(frozen=True)
class DeliveryName:
    kind: DeliveryKind | None
    delivery_date: date | None
    lacking: str = "de bestandsnaam heeft niet de vorm doorstroom-P-RMC11-20261120.csv"
    """Why the name gives no kind or date, in words for the refusal that asks for them."""


def read_file_name(name: str) -> DeliveryName:
    """Kind and date from a name like doorstroom-P-RMC11-20261120.csv, where present."""
    match = FILE_NAME.search(name)
    if not match:
        return DeliveryName(None, None)
    kind = DeliveryKind(match["kind"].upper())
    try:
        day = date(int(match["date"][:4]), int(match["date"][4:6]), int(match["date"][6:]))
    except ValueError:
        return DeliveryName(
            kind, None, f"de datum {match['date']} in de bestandsnaam bestaat niet (jjjjmmdd)"
        )
    return DeliveryName(kind, day)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_alive(run: ImportRun) -> bool:
    """A run still being read by a live process (on this machine), or recently heard from."""
    host, _, pid = run.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return not run.is_stale


def discard_staging(run: ImportRun) -> None:
    for model in (StagedPerson, StagedEnrolment, StagedResult):
        model.objects.filter(run=run).delete()


def delivery_date_problem(delivery_date: date) -> str | None:
    """Why a delivery cannot be of this date, or None: DUO delivers what it knew on that day,
    so never of a day to come (a date in the future would also refuse every real delivery
    after it as older, and let in persons born after today), nor of before 1900, the earliest
    date its rows may hold (year 1 failed the run: the day before it does not exist)."""
    if delivery_date > dates.today():
        return (
            f"De leveringsdatum {delivery_date:%d-%m-%Y} ligt in de toekomst; een levering is "
            "van vandaag of eerder."
        )
    if delivery_date.year < EARLIEST_YEAR:
        day = f"{delivery_date.day:02}-{delivery_date.month:02}-{delivery_date.year:04}"
        return (
            f"De leveringsdatum {day} ligt vóór {EARLIEST_YEAR}; vul de dag in waarop de "
            "levering is gemaakt."
        )
    return None


def other_area_problem(file_name: str, area: Region | None) -> str | None:
    """Why a file whose name names an area (doorstroom-C-RMC12-20261120.csv: a region's or a
    municipality's code) is not a delivery for `area`, or None. DUO delivers per region or
    municipality; another region's file would leave its persons' rows, refused, in this
    region's run, and its moves into this region would be taken as news."""
    match = FILE_NAME.search(file_name)
    if area is None or match is None or match["area"].upper() == area.code.upper():
        return None
    code = match["area"].upper()
    region = Region.objects.filter(code__iexact=code).first()
    municipality = (
        None
        if region
        else Municipality.objects.filter(code__iexact=code).select_related("region").first()
    )
    named = region or (municipality.region if municipality else None)
    if named is None or named.pk == area.pk:
        return None
    what = (
        f"de regio {region.name} ({code})"
        if region
        else f"de gemeente {municipality.name} ({code}) in de regio {named.name}"
    )
    return (
        f"De bestandsnaam noemt {what}: dit is geen levering voor de regio {area.name}. "
        "Er is niets gewijzigd; lees het bestand in bij die regio."
    )


def queue_delivery(
    path: Path,
    *,
    file_name: str,
    kind: DeliveryKind,
    delivery_date: date,
    area: Region | None,
    user: User | None,
    force: bool = False,
) -> ImportRun:
    """Record a delivery to be read (by the worker, or at once by `run_import`)."""
    return ImportRun.objects.create(
        file_name=file_name[:255],
        stored_path=str(path),
        checksum="",
        size=path.stat().st_size,
        kind=kind,
        delivery_date=delivery_date,
        area=area,
        user=user,
        forced=force,
    )


EMPTY_FULL_DELIVERY = (
    "Deze C-levering heeft geen regels onder de kopregel: een volledige levering zonder "
    "jongeren is een afgebroken export. Er is niets ingelezen, en hij telt niet als de "
    "nieuwste levering."
)
"""A header-only P-levering is a week without news and is applied; a C-levering of nobody
would stand as the newest full delivery and push back the real one as older."""


def _refuse(run: ImportRun, status: RunStatus, message: str) -> ImportRun:
    run.status, run.message, run.finished_at = status, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return run


def _refusal(run: ImportRun) -> tuple[RunStatus, str] | None:
    """Why this run may not go ahead, if it may not."""
    same_area = Q(area=run.area) if run.area_id else Q(area__isnull=True)
    same_file = ImportRun.objects.filter(same_area, checksum=run.checksum).exclude(pk=run.pk)
    applied = same_file.filter(status=RunStatus.APPLIED).first()
    if applied:
        return RunStatus.DUPLICATE, (
            f"Dit bestand is al ingelezen op {timezone.localtime(applied.finished_at):%d-%m-%Y %H:%M} "
            f"(inleesrun {applied.pk}); er is niets gewijzigd."
        )
    for other in same_file.filter(status=RunStatus.RUNNING):
        if _is_alive(other):
            return RunStatus.REFUSED, f"Dit bestand wordt al ingelezen (inleesrun {other.pk})."
        discard_staging(other)
        _refuse(
            other, RunStatus.FAILED, "Afgebroken: het inlezen is onderbroken en opnieuw gestart."
        )
    wrong_date = delivery_date_problem(run.delivery_date)
    if wrong_date:
        return RunStatus.REFUSED, wrong_date
    elsewhere = other_area_problem(run.file_name, run.area)
    if elsewhere:
        return RunStatus.REFUSED, elsewhere
    key_problem = lookup_hashes.key_problem()
    if key_problem:
        return RunStatus.REFUSED, key_problem
    if not run.forced:
        stream = REGISTER_KINDS if run.kind in REGISTER_KINDS else (run.kind,)
        applied = ImportRun.objects.filter(same_area, kind__in=stream, status=RunStatus.APPLIED)
        newest = applied.aggregate(day=Max("delivery_date"))["day"]
        if newest and run.delivery_date < newest:
            return RunStatus.REFUSED, (
                f"Deze levering van {run.delivery_date:%d-%m-%Y} is ouder dan de al ingelezen levering van "
                f"{newest:%d-%m-%Y}; inlezen zou nieuwere gegevens overschrijven. Forceer het als dat de bedoeling is."
            )
    return None


def _validator(run: ImportRun) -> RowValidator:
    municipalities = {
        code: (pk, region_id, name)
        for code, pk, region_id, name in Municipality.objects.values_list(
            "code", "id", "region_id", "name"
        )
    }
    return RowValidator(
        kind=DeliveryKind(run.kind),
        delivery_date=run.delivery_date,
        municipalities=municipalities,
        area_region_ids=frozenset({run.area_id}) if run.area_id else None,
        area_name=f"de regio {run.area.name}" if run.area_id else "de bekende regio's",
        schools=school_ids_by_code(),
    )


def run_import(run: ImportRun, progress: Progress | None = None) -> ImportRun:
    """Read, check and apply one queued delivery; the run records what happened. Whatever
    goes wrong, the run ends refused or failed with its reason, never left 'bezig'."""
    run.status, run.started_at, run.worker = RunStatus.RUNNING, timezone.now(), this_worker()
    run.save(update_fields=["status", "started_at", "worker"])
    try:
        return _read(run, progress)
    except FileFormatError as error:
        discard_staging(run)
        return _refuse(run, RunStatus.REFUSED, str(error))
    except Exception as error:
        # The type only: a database error's message can quote delivered personal data.
        logger.error("inleesrun %s mislukt: %s", run.pk, type(error).__name__)
        discard_staging(run)
        return _refuse(run, RunStatus.FAILED, FAILED)


def _read(run: ImportRun, progress: Progress | None) -> ImportRun:
    path = Path(run.stored_path)
    try:
        facts = inspect(path)
    except OSError as error:
        return _refuse(
            run, RunStatus.REFUSED, f"Het bestand kan niet worden gelezen ({error.strerror})."
        )
    opened = open_rows(path, facts.encoding)
    adapter = opened.adapter
    try:
        run.checksum, run.size = facts.checksum, facts.size
        if adapter.delivery_kind is not None:
            run.kind = adapter.delivery_kind
        elif run.kind not in REGISTER_KINDS:
            return _refuse(
                run,
                RunStatus.REFUSED,
                "Dit is een levering voor het register: kies een C- of P-levering.",
            )
        run.save(update_fields=["checksum", "size", "kind"])
        refusal = _refusal(run)
        if refusal:
            return _refuse(run, *refusal)
        if run.kind in REGISTER_KINDS:
            with _bulk_connection(), private_staging() as staged:
                _stage(run, opened, progress)
                if run.kind == DeliveryKind.C and not run.rows_read:
                    return _refuse(run, RunStatus.REFUSED, EMPTY_FULL_DELIVERY)
                staged.index()
                with transaction.atomic():
                    counts = Applier(run).apply()
                    run.rows_rejected += counts.rejected
                    _finish(run, counts.new, counts.changed)
                    _record_moves_into_the_region(run, counts.moved_in)
            if counts.rejected:
                _row_texts_of_late_refusals(run, path, facts.encoding)
        else:
            with transaction.atomic():
                counts = READERS[DeliveryKind(run.kind)](run, opened.rows, opened.delimiter)
                run.rows_read, run.rows_rejected = counts.read, counts.rejected
                _finish(run, counts.new, counts.changed)
        if run.status != RunStatus.APPLIED:
            return run  # every row refused (`_finish`): nothing changed to signal
        with _housekeeping_alongside(run):
            transaction.on_commit(lambda: _signal_changes(run))
        return run
    finally:
        opened.close()


SQLITE_CACHE_KIB = 256 * 1024
"""The page cache of the import's own SQLite connection while it imports (SQLite's default is
2 MiB): the register's indexes take random inserts. Never `synchronous=OFF`: a committed
apply must survive a kill."""


@contextmanager
def _bulk_connection() -> Iterator[None]:
    """SQLite: a large page cache while the delivery is applied, and no checkpoint at the
    apply's commit (`_housekeeping_alongside` makes it, beside the signalling)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        default = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint")
        every = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(default)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(every)}")


VACUUM_AFTER_ROWS = 10_000
"""Rows read after which PostgreSQL's staging tables are vacuumed beside the signalling
(`_vacuum_staging`): a weekly P-levering and more, not a school's small file."""


@contextmanager
def _housekeeping_alongside(run: ImportRun) -> Iterator[None]:
    """Work after the apply's commit that need not hold up the signalling, on a thread with a
    connection of its own while the body signals the changed persons: on SQLite the
    checkpoint (`_checkpoint`), on PostgreSQL, after a register delivery of many rows, a
    VACUUM of the staging tables (`_vacuum_staging`)."""
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        work, args = _checkpoint, (connection.settings_dict["NAME"],)
    elif (
        connection.vendor == "postgresql"
        and run.kind in REGISTER_KINDS
        and run.rows_read >= VACUUM_AFTER_ROWS
        and not connection.in_atomic_block  # (committed: else its deleted rows are still live)
    ):
        work, args = _vacuum_staging, ()
    else:
        yield
        return
    thread = threading.Thread(target=work, args=args, name="after-import")
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _checkpoint(path: str) -> None:
    """SQLite: copy the applied delivery from the write-ahead log into the database file
    (the apply's commit no longer does it: `_bulk_connection`). A weekly P-levering leaves
    every page it touched in the log, 200 MB at 400,000 persons: the whole import 4.4-4.5 s
    instead of 4.7 s, on the national register 7.7 s instead of 8.8 s (BENCHMARKS.md,
    session 5). A passive checkpoint waits for nobody; should it fail, the next commit's
    automatic checkpoint does the copying."""
    try:
        database = sqlite3.connect(path)
        try:
            database.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            database.close()
    except sqlite3.Error as error:
        logger.warning("checkpoint na het inlezen mislukt: %s", type(error).__name__)


def _vacuum_staging() -> None:
    """PostgreSQL: VACUUM the staging tables, whose rows the apply has just deleted. A
    delivery soon after would read past every one of them: the P-levering right after a
    C-levering of 400,000 persons 6.7 s instead of 6.0 s (BENCHMARKS.md, session 7).
    Autovacuum comes by too, but later. It waits for no other import: a staging table that
    another import holds (its apply analyses them) is skipped and left to autovacuum, as is
    everything should the VACUUM fail."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:  # this thread's own
            cursor.execute(f"VACUUM (SKIP_LOCKED) {', '.join(STAGING_TABLES)}")
    except Exception as error:
        # The type only, as run_import logs it; nothing here may fail the applied run.
        logger.warning("opruimen van de inleestabellen mislukt: %s", type(error).__name__)
    finally:
        connections.close_all()  # this thread's connections only


def _row_texts_of_late_refusals(run: ImportRun, path: Path, encoding: str) -> None:
    """The text of rows refused while applying that were staged without it, after the
    commit: the run's outcome stands whatever happens here, so a failure only leaves those
    texts empty. A pass over the file only when there are such rows."""
    try:
        wanted = lines_without_text(run.pk)
        if not wanted:
            return
        opened = open_rows(path, encoding)
        try:
            fill_in_row_texts(run.pk, opened.rows, opened.delimiter, wanted)
        finally:
            opened.close()
    except Exception as error:
        logger.error("inleesrun %s: regelteksten niet aangevuld: %s", run.pk, type(error).__name__)


def _signal_changes(run: ImportRun) -> None:
    """Hand the applied run's changed persons to signalling (`events.register_changed`). The
    register is committed by then: should signalling fail, the run stays applied and says
    so, and the region's next nightly run looks at these persons again (it finds runs
    without a signalling run: `_unsignalled_changes` in signals/services.py). The log gets
    the error's type only, as for a failed import."""
    try:
        events.register_changed.send(sender=ImportRun, run=run)
    except Exception as error:
        logger.error("signalering na inleesrun %s mislukt: %s", run.pk, type(error).__name__)
        run.message = f"{run.message} {SIGNALLING_FAILED}"
        run.save(update_fields=["message"])


def _record_moves_into_the_region(run: ImportRun, person_ids: list[int]) -> None:
    """A region's delivery that moves someone in from another region opens that person's
    history to this region's users: an audit row for each, with the run and who offered it
    (a move out of the region or within it opens nothing new)."""
    if person_ids:
        record_for(
            run.user, AuditAction.CHANGE, person_ids=person_ids, route="deliveries:import",
            reason=f"verhuisd naar de regio {run.area.name} volgens inleesrun {run.pk}",
        )  # fmt: skip


def _finish(run: ImportRun, new: int, changed: int) -> None:
    """The run's counts, and applied; refused when it has rows and every one was refused
    (its refused rows are kept, to be read and downloaded): applied, a delivery of nothing
    but wrong rows would stand as the newest and push back the real one as older."""
    run.rows_new, run.rows_changed = new, changed
    run.rows_unchanged = max(0, run.rows_read - run.rows_rejected - new - changed)
    run.finished_at = timezone.now()
    if run.rows_read and run.rows_rejected == run.rows_read:
        run.status, run.message = RunStatus.REFUSED, nothing_valid_message(run.rows_read)
    else:
        run.status = RunStatus.APPLIED
        run.message = applied_message(run.rows_read, run.rows_rejected)
    run.save()


def nothing_valid_message(read: int) -> str:
    refused = "de enige regel is" if read == 1 else f"alle {thousands(read)} regels zijn"
    return (
        f"Geen enkele regel is goed: {refused} geweigerd, elk met de reden. Er is niets "
        "ingelezen, en de levering telt niet als de nieuwste; lees de verbeterde levering in."
    )


def applied_message(read: int, rejected: int) -> str:
    """What an applied run says it did; a file with nothing under its header says so."""
    if not read:
        return "Het bestand heeft geen regels onder de kopregel: er is niets ingelezen."
    return f"{thousands(read)} {'regel' if read == 1 else 'regels'} gelezen, waarvan {thousands(rejected)} geweigerd."


def _stage(run: ImportRun, opened: OpenRows, progress: Progress | None) -> None:
    validator = _validator(run)
    bytes_done, delimiter = opened.bytes_done, opened.delimiter
    stager = Stager(run.pk, hash_of=validator.hash_of)
    read = 0
    for line, values in opened.rows:
        read += 1
        outcome = validator.record(line, values)
        if isinstance(outcome, RowError):
            # the BSN as written: it keeps that person's items from being taken as removed
            stager.reject(outcome, row_text(values, delimiter), delivered_bsn(values))
        elif validator.keeps_text(*outcome):
            stager.add_keeping_text(*outcome, row_text(values, delimiter), values[I_BSN])
        else:
            stager.add(*outcome)
        if read % HEARTBEAT_ROWS == 0:
            _heartbeat(run, bytes_done(), read, stager.rejected_count)
            if progress:
                progress(bytes_done(), read)
    stager.finish()
    _heartbeat(run, run.size, read, stager.rejected_count)
    if progress:
        progress(run.size, read)


def _heartbeat(run: ImportRun, done: int, read: int, rejected: int) -> None:
    run.bytes_done, run.rows_read, run.rows_rejected, run.heartbeat_at = (
        done,
        read,
        rejected,
        timezone.now(),
    )
    run.save(update_fields=["bytes_done", "rows_read", "rows_rejected", "heartbeat_at"])
