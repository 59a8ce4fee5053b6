"""Shared fixtures: a fresh data folder, a fake clock, and an app built on them."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from cadence.clock import FakeClock
from cadence.i18n import set_language

TZ = "Asia/Shanghai"

# No per-example deadline: the properties are about results, not speed, and a loaded
# two-core machine running the suite on xdist workers takes 200 ms now and then.
settings.register_profile("cadence", deadline=None)
settings.load_profile("cadence")


@pytest.fixture(autouse=True)
def _english_by_default():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _release_apps():
    """Let each test's apps be freed when it ends.

    The focus and reminders services are kept in module-level WeakKeyDictionaries
    keyed by the app, and each service holds its app: the weak keys never die, so
    every app of the run stayed in memory (hundreds per worker), each garbage
    collection walked them all (about a tenth of the UI tests' CPU time) and a
    worker's final collection outlasted xdist's 5 s shutdown wait. Until the services
    stop holding their app strongly, the tests drop those entries when they end.
    """
    yield
    for name in ("cadence.services.focus", "cadence.services.reminders"):
        module = sys.modules.get(name)
        services = getattr(module, "_services", None)
        if services is not None:
            services.clear()


@pytest.fixture
def make_runtime(tmp_path: Path) -> Callable[..., object]:
    from cadence.runtime import open_runtime

    made = []

    def make(
        now: str = "2026-12-01T20:45",
        lang: str = "en",
        data: Path | None = None,
        interactive: bool = True,
    ):
        set_language(lang)
        clock = FakeClock(now, tz=TZ)
        runtime = open_runtime(
            data or tmp_path / "data", language=lang, interactive=interactive, clock=clock
        )
        made.append(runtime)
        return runtime

    yield make
    for runtime in made:
        runtime.close()


@pytest.fixture
def make_app(make_runtime):
    from cadence.app import CadenceApp

    def make(
        now: str = "2026-12-01T20:45",
        lang: str = "en",
        data: Path | None = None,
        notifier=None,
        real_notifier: bool = False,
    ):
        """An app on a fresh folder. Desktop notifications go to a FakeNotifier
        (``app.notifier``) unless ``real_notifier`` asks for the app's real chain."""
        from cadence.notify import FakeNotifier

        if notifier is None and not real_notifier:
            notifier = FakeNotifier()
        return CadenceApp(
            make_runtime(now=now, lang=lang, data=data), poll_interval=0.2, notifier=notifier
        )

    return make


# ---------------------------------------------------------------- order for the xdist workers

# `make test` hands the tests out one at a time (--dist load --maxschedchunk 1) in
# this order: the chunks of the long trials first, so every worker takes some, then
# the app tests (seconds each), then the unit tests (milliseconds), which fill the
# gaps at the end so that the workers finish together.
_ORDER = ("ui", "snapshots", "unit")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core. The app tests spend about a third of their
    time idle (Pilot waits for the app to go quiet after every key), which a second
    worker on the same core fills: on 2 cores, 4 workers ran the suite in 2.5–2.8 min
    where 2 took 3.7."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return 2 * cores


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> tuple[int, int]:
        if item.get_closest_marker("trial"):
            return (0, 0)
        folder = item.path.parent.name
        return (1, _ORDER.index(folder) if folder in _ORDER else len(_ORDER))

    items.sort(key=rank)  # stable: the order within each group stays as collected


# ---------------------------------------------------------------- "Cadence checks" summary
#
# Long trials (tests/unit/test_crash.py) run as chunks spread over the xdist workers.
# Each chunk records its figures with ``report``; a worker hands its records to the
# controller through ``workeroutput``, and the controller prints one line per check,
# made by the check's own summariser from every chunk's records.

_SEED_KEY = "cadence_seed"
_CHECKS_KEY = "cadence_checks"
SEED_ENV = "CADENCE_TEST_SEED"
_seed = pytest.StashKey[int]()
_checks = pytest.StashKey[list[dict[str, Any]]]()


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:  # an xdist worker: the controller chose the seed
        seed = int(workerinput[_SEED_KEY])
    else:
        seed = int(os.environ.get(SEED_ENV) or int.from_bytes(os.urandom(4), "big"))
    config.stash[_seed] = seed
    config.stash[_checks] = []


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Every xdist worker gets the controller's seed."""
    node.workerinput[_SEED_KEY] = node.config.stash[_seed]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """Collect a finished worker's check records."""
    records = getattr(node, "workeroutput", {}).get(_CHECKS_KEY, [])
    node.config.stash[_checks].extend(records)


@pytest.fixture(scope="session")
def run_seed(pytestconfig: pytest.Config) -> int:
    """One random seed for the whole run, the same in every worker (CADENCE_TEST_SEED=N
    replays a run); randomised trials derive their own from it."""
    return pytestconfig.stash[_seed]


@pytest.fixture
def report(pytestconfig: pytest.Config) -> Callable[..., None]:
    """Record one chunk's figures for the summary pytest prints at the end.

    ``report(summariser, **figures)``: ``summariser`` names a function
    (``"tests.unit.test_crash:crash_summary"``) that turns the list of every chunk's
    figures into the summary line; it runs once, in the controller.
    """

    def record(summariser: str, **figures: Any) -> None:
        entry = {"summariser": summariser, "worker": _worker_id(pytestconfig), **figures}
        workeroutput = getattr(pytestconfig, "workeroutput", None)
        if workeroutput is not None:
            workeroutput.setdefault(_CHECKS_KEY, []).append(entry)
        else:
            pytestconfig.stash[_checks].append(entry)

    return record


def _worker_id(config: pytest.Config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    records = config.stash.get(_checks, [])
    if not records:
        return
    by_summariser: dict[str, list[dict[str, Any]]] = {}
    for entry in records:
        by_summariser.setdefault(entry["summariser"], []).append(entry)
    terminalreporter.section("Cadence checks")
    for name, entries in by_summariser.items():
        module, _, function = name.partition(":")
        summarise = getattr(importlib.import_module(module), function)
        terminalreporter.write_line(summarise(entries))
