"""Reading and validating a register delivery into batches, in a second process when that helps.

Validation is plain Python and the staging writes wait on the database, so on a machine with
two cores a large file is read and validated in a forked child while this process writes the
batches it sends. The child never touches the database: it gets the validator (with its
reference data) by the fork, reads the file itself and sends plain tuples through a pipe. A
small file, a single core or a process with other threads (the embedded worker thread: forking
there is unsafe) reads in this process; both ways give the same batches in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from doorstroom.csvfiles import FileFormatError, RowError
from doorstroom.deliveries.reading import open_rows
from doorstroom.deliveries.validation import ENROLMENT, I_BSN, PERSON, RESULT, RowValidator

BATCH_ROWS = 5_000
PARALLEL_FROM_BYTES = 4 << 20
"""Below this size a second process costs more than it saves."""


@dataclass
class Batch:
    """Validated rows per record kind, the refused ones (error, row text, BSN as written), and
    how far the file has been read."""

    rows: dict[str, list[tuple]] = field(
        default_factory=lambda: {PERSON: [], ENROLMENT: [], RESULT: []}
    )
    refused: list[tuple[RowError, str, str]] = field(default_factory=list)
    bytes_done: int = 0
    rows_read: int = 0


def _batches(path: Path, encoding: str, validator: RowValidator) -> Iterator[Batch]:
    _, rows, bytes_done, close = open_rows(path, encoding)
    try:
        batch, read = Batch(), 0
        kinds, refused, record = batch.rows, batch.refused, validator.record
        for line, values in rows:
            read += 1
            outcome = record(line, values)
            if type(outcome) is RowError:
                refused.append(
                    (outcome, ";".join(values) if values else "", values[I_BSN] if values else "")
                )
            else:
                kinds[outcome[0]].append(outcome[1])
            if read % BATCH_ROWS == 0:
                batch.bytes_done, batch.rows_read = bytes_done(), read
                yield batch
                batch = Batch()
                kinds, refused = batch.rows, batch.refused
        batch.bytes_done, batch.rows_read = bytes_done(), read
        yield batch
    finally:
        close()


def _child(connection, path: Path, encoding: str, validator: RowValidator) -> None:
    try:
        for batch in _batches(path, encoding, validator):
            connection.send(("batch", batch))
        connection.send(("done", None))
    except BrokenPipeError:
        return  # the importing process is gone (killed): nobody to tell
    except FileFormatError as error:
        connection.send(("refused", str(error)))
    except Exception as error:
        connection.send(("failed", type(error).__name__))


def _in_child(path: Path, encoding: str, validator: RowValidator) -> Iterator[Batch]:
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sending, path, encoding, validator), name="doorstroom-valideren"
    )
    child.daemon = True
    child.start()
    sending.close()
    try:
        while True:
            try:
                kind, payload = receiving.recv()
            except EOFError:
                raise RuntimeError("het valideerproces stopte onverwacht") from None
            if kind == "batch":
                yield payload
            elif kind == "done":
                return
            elif kind == "refused":
                raise FileFormatError(payload)
            else:
                raise RuntimeError(f"het valideerproces faalde ({payload})")
    finally:
        receiving.close()
        if child.is_alive():
            child.terminate()
        child.join()


def validated_batches(
    path: Path, encoding: str, validator: RowValidator, *, size: int
) -> Iterator[Batch]:
    """The file's rows, validated, a batch at a time."""
    parallel = (
        size >= PARALLEL_FROM_BYTES
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if parallel:
        return _in_child(path, encoding, validator)
    return _batches(path, encoding, validator)
