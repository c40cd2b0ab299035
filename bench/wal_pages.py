#!/usr/bin/env python3
"""Which tables and indexes an SQLite import writes: the pages of its write-ahead log.

    wal_pages.py hold DB [SECONDS]   keep a read transaction open on DB (default 300 s)
    wal_pages.py count DB            the log's frames per commit, and per table or index

Start `hold` in the background, run the import on the same database, then `count` (and stop
the holder). The open read transaction keeps every checkpoint from copying the log into the
database and the last connection's close from deleting it, so the log still holds each page
the import wrote, once per commit that wrote it. A page that a commit wrote is a page the
commit had to write to the log and a checkpoint has to copy back (BENCHMARKS.md, session 8).
Standard library only; the dbstat table of Python's SQLite names the owner of each page.
"""

from __future__ import annotations

import collections
import sqlite3
import struct
import sys
import time

WAL_HEADER = 32
FRAME_HEADER = 24


def hold(path: str, seconds: float) -> None:
    database = sqlite3.connect(path, isolation_level=None)
    database.execute("BEGIN")
    database.execute("SELECT COUNT(*) FROM sqlite_schema").fetchone()
    print(f"leestransactie open op {path}", flush=True)
    time.sleep(seconds)


def commits(path: str) -> list[list[int]]:
    """The page numbers of the log's frames, a list per commit. Frames after the last
    commit frame belong to no commit, and frames with other salts than the log's header
    are left over from before the log was last restarted: both are left out."""
    with open(path + "-wal", "rb") as log:
        data = log.read()
    (page_size,) = struct.unpack(">I", data[8:12])
    salts = data[16:24]
    found, pages = [], []
    for offset in range(WAL_HEADER, len(data) - FRAME_HEADER + 1, FRAME_HEADER + page_size):
        page, database_size = struct.unpack(">II", data[offset : offset + 8])
        if data[offset + 8 : offset + 16] != salts:
            break
        pages.append(page)
        if database_size:  # a commit frame: the database's size in pages after the commit
            found.append(pages)
            pages = []
    return found


def count(path: str) -> None:
    owners = dict(sqlite3.connect(path).execute("SELECT pageno, name FROM dbstat"))
    for number, pages in enumerate(commits(path), start=1):
        if len(pages) < 100:
            continue
        print(f"commit {number}: {len(pages):,} pages")
        per_owner = collections.Counter(owners.get(page, "?") for page in set(pages))
        for name, written in per_owner.most_common():
            print(f"  {written:8,}  {name}")


def main() -> None:
    match sys.argv[1:]:
        case ["hold", path]:
            hold(path, 300)
        case ["hold", path, seconds]:
            hold(path, float(seconds))
        case ["count", path]:
            count(path)
        case _:
            sys.exit(__doc__)


if __name__ == "__main__":
    main()
