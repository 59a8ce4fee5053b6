"""First run: the plan template in the user's language, month 0 starting today."""

from __future__ import annotations

from cadence.data.models import Settings
from cadence.data.repository import Repository


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
