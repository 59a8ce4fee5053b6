"""One writer: store changes run one after another, in the order they were asked for.

A burst of key presses asks for many changes at once. Run in parallel, two changes
of the same record could each read it before the other wrote it, and one would be
lost (docs/pitfalls.md: "read-modify-write outside the transaction"). Run here, on one
thread, in order, each change sees every change asked for before it, and the UI
thread never waits for the disk.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger("cadence.writer")

Change = Callable[[], object]
#: Told (on the writer's thread) how a change went: the change's result or its error.
Outcome = Callable[[object, BaseException | None], None]


class SerialWriter:
    """A queue of store changes and the one thread that runs them."""

    def __init__(self, name: str = "cadence-writer") -> None:
        self._queue: queue.Queue[tuple[Change, Outcome | None] | None] = queue.Queue()
        self._name = name
        self._thread: threading.Thread | None = None
        self._closed = False
        self._lock = threading.Lock()

    def submit(self, change: Change, outcome: Outcome | None = None) -> None:
        """Run ``change`` after every change submitted before it; ``outcome`` is told how it went."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the writer is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._queue.put((change, outcome))

    def drain(self) -> None:
        """Wait until every change submitted so far has run."""
        self._queue.join()

    def close(self) -> None:
        """Run what is queued, then stop the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                change, outcome = item
                result: object = None
                error: BaseException | None = None
                try:
                    result = change()
                except Exception as exc:  # reported through outcome; the writer goes on
                    error = exc
                    if outcome is None:
                        log.exception("a store change failed")
                if outcome is not None:
                    try:
                        outcome(result, error)
                    except Exception:
                        log.exception("reporting a store change failed")
            finally:
                self._queue.task_done()
