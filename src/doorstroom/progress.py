"""Progress bars for the long commands (retention, key rotation, rehashing): one bar per
label the job reports, on standard error so that the command's own output stays clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

Report = Callable[[str, int, int | None], None]
"""progress(label, done, total): total None while the job does not know it yet."""


@contextmanager
def labelled_bars(*, transient: bool = False) -> Iterator[Report]:
    with Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=Console(stderr=True), transient=transient,
    ) as bar:  # fmt: skip
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int | None) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        yield progress
