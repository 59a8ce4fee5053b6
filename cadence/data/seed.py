"""The plan a folder shows: seeded on a first run, upgraded to the current edition, in the
language the app runs in.

- ``ensure_plan``: the default plan in the user's language on an empty folder (writes).
- ``upgrade_stored_plan``: a folder seeded from an older edition gets the new parts
  without losing ticks and edits (writes, one transaction; ``Repository.upgrade_plan``).
- ``switch_plan_language``: the stored plan's text in another language, by id, edited
  text kept (writes, one transaction; ``Repository.switch_plan_language``).
- ``PlanPreview``: a repository that *shows* all three in memory and writes none of
  them — for read-only opens (``cadence export``, a second window) and for shell
  commands that must not flip a running UI's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cadence.data.models import Plan, Settings
from cadence.data.repository import PLAN, SETTINGS, Repository
from cadence.data.store import Store

if TYPE_CHECKING:
    from cadence.data.plan import Upgrade


def ensure_plan(repo: Repository, *, language: str, today: str, timezone: str) -> bool:
    """Install the default plan and settings on an empty store. True when it did."""
    if repo.has_plan():
        return False
    from cadence.data.plan import load_default_plan

    plan = load_default_plan(language)

    def first_settings(settings: Settings) -> None:
        settings.language = language
        settings.plan_id = plan.id
        settings.plan_start = settings.plan_start or today
        settings.timezone = settings.timezone or timezone

    # One transaction: a kill in between must not leave a plan without its settings.
    repo.install_plan(plan, settings=first_settings)
    return True


def upgrade_stored_plan(repo: Repository) -> Upgrade | None:
    """Bring the stored plan to the shipped plan's current edition (see
    ``Repository.upgrade_plan``); the ``Upgrade`` made, or None."""
    return repo.upgrade_plan()


def switch_plan_language(repo: Repository, language: str, *, save_setting: bool = False) -> bool:
    """The stored plan's text in ``language`` (see ``Repository.switch_plan_language``).

    What the live language switch calls: one transaction, edited text kept as typed.
    """
    return repo.switch_plan_language(language, save_setting=save_setting)


def shown_plan(stored: Plan | None, language: str) -> Plan:
    """The plan the UI would show in ``language``: the shipped one when none is stored,
    brought to the current edition, its shipped text in ``language``. Pure (it reads
    only the shipped plan files); ``stored`` is not changed."""
    from cadence.data.plan import load_default_plan, translate_plan, upgrade_plan

    plan = stored if stored is not None and stored.id else load_default_plan(language)
    upgraded = upgrade_plan(plan)
    if upgraded is not None:
        plan = upgraded.plan
    translated = translate_plan(plan, language)
    return translated if translated is not None else plan


def first_run_settings(settings: Settings, plan: Plan, *, today: str, timezone: str) -> Settings:
    """``settings`` as ``ensure_plan`` would leave them on a first run (a copy)."""
    out = Settings.from_dict(settings.to_dict())
    out.language = plan.language
    out.plan_id = out.plan_id or plan.id
    out.plan_start = out.plan_start or today
    out.timezone = out.timezone or timezone
    return out


class PlanPreview(Repository):
    """A repository that shows the plan as the UI would — seeded, upgraded, in ``language``
    — without writing any of that. Everything else reads and writes as usual.

    A folder never opened shows the default plan with month 0 starting ``today``; an
    English folder opened with ``--lang zh`` shows the Chinese plan text (edited text
    as typed). Follows changes on disk: the view is rebuilt when plan.json changes.
    """

    def __init__(self, store: Store, *, language: str, today: str, timezone: str) -> None:
        super().__init__(store)
        self.language = language
        self._today = today
        self._timezone = timezone
        self._shown: tuple[Any, Plan] | None = None

    def show_language(self, language: str) -> None:
        """Show the plan in ``language`` from now on (nothing is written)."""
        self.language = language
        self._shown = None

    def plan(self) -> Plan:
        tables = self.store.tables(PLAN)
        if self._shown is not None and self._shown[0] is tables:
            return self._shown[1]
        stored = super().plan() if self.has_plan() else None
        plan = shown_plan(stored, self.language)
        self._shown = (tables, plan)
        return plan

    def settings(self) -> Settings:
        settings = super().settings()
        if self.store.tables(SETTINGS).get("settings"):
            return settings
        return first_run_settings(settings, self.plan(), today=self._today, timezone=self._timezone)
