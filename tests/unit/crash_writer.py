"""A child process for test_crash.py: writes through a Store until it is killed.

python crash_writer.py log FOLDER START
    insert {"n": START + i, "pad": ...} into table "log" of file "crash" and set
    table "head" to {"last": N}, one transaction each, printing "ack N" only after
    the transaction returned.
python crash_writer.py counter FOLDER TIMES
    print "ready", wait for a line on stdin, then increment the shared counter
    document TIMES times, printing "wrote V" after each transaction.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from tinydb import Query

from cadence.data.store import Store

FILE = "crash"
# 200 characters, some of them 3 bytes in UTF-8: each document is ~400 bytes on disk.
PAD = ("番茄钟 focus " * 20)[:200]


def open_store(folder: str) -> Store:
    return Store(Path(folder), today=lambda: "2026-11-29", stamp=lambda: "20261129T093000")


def log(folder: str, start: int) -> None:
    store = open_store(folder)
    for i in range(100_000):
        n = start + i
        with store.transaction(FILE) as txn:
            db = txn.db(FILE)
            # A document near the top of the file that changes size every time: an
            # in-place rewrite cut short would shift everything after it (a torn file).
            db.table("head").upsert({"id": 1, "last": n, "note": "~" * (n % 64)}, Query().id == 1)
            db.table("log").insert({"n": n, "pad": PAD})
        print(f"ack {n}", flush=True)


def fill(folder: str, count: int) -> None:
    """Write documents 0 … count-1 of table "log" (and the head) in one transaction.

    test_crash.py grows a chunk's file to the size the trials before it would
    have left, so every chunk kills writers over a file as large as one long run's.
    """
    store = open_store(folder)
    with store.transaction(FILE) as txn:
        db = txn.db(FILE)
        db.table("head").upsert(
            {"id": 1, "last": count - 1, "note": "~" * ((count - 1) % 64)}, Query().id == 1
        )
        db.table("log").insert_multiple({"n": n, "pad": PAD} for n in range(count))


def counter(folder: str, times: int) -> None:
    store = open_store(folder)
    print("ready", flush=True)
    sys.stdin.readline()
    rng = random.Random()
    for _ in range(times):
        with store.transaction(FILE) as txn:
            table = txn.db(FILE).table("counter")
            docs = table.all()
            if docs:
                value = docs[0]["value"] + 1
                table.update({"value": value}, doc_ids=[docs[0].doc_id])
            else:
                value = 1
                table.insert({"value": value})
        print(f"wrote {value}", flush=True)
        time.sleep(rng.uniform(0, 0.003))  # let the other writer in now and then


def main(argv: list[str]) -> None:
    mode, folder, number = argv[1], argv[2], int(argv[3])
    if mode == "log":
        log(folder, number)
    elif mode == "counter":
        counter(folder, number)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv)
