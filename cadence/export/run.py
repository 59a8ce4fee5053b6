"""The three exports from a repository: what the shell command and the palette both call."""

from __future__ import annotations

from pathlib import Path

import pendulum
from pendulum import Date, DateTime

from cadence.data.repository import Repository
from cadence.domain.plan_time import LAST_MONTH, month_span
from cadence.domain.schedule import logical_date
from cadence.domain.weeks import Period, week_key, week_period

FORMATS = ("md", "ics", "json")
SUFFIX = {"md": ".md", "ics": ".ics", "json": ".json"}


def plan_start_of(repo: Repository, today: Date) -> Date:
    """The plan's start from the settings; today when it is not set or unreadable."""
    text = repo.settings().plan_start
    try:
        return pendulum.Date.fromisoformat(text[:10]) if text else today
    except ValueError:
        return today


def today_of(repo: Repository, now: DateTime) -> Date:
    return logical_date(now, repo.settings().rollover_hour)


def default_period(today: Date, week_start: int = 0) -> Period:
    """The report's period when none is asked for: this week (as the settings count weeks)."""
    return week_period(week_key(today, week_start), week_start)


def default_filename(fmt: str, period: Period | None, today: Date) -> str:
    """``cadence-2026-W48.md``, ``cadence-2026-12-01.ics``, ``cadence-2026-12-01.json``."""
    key = period.key if period is not None else today.isoformat()
    return f"cadence-{key}{SUFFIX[fmt]}"


def export_markdown(repo: Repository, now: DateTime, period: Period | None = None) -> str:
    from cadence.domain.insights import Records, records_from
    from cadence.export.markdown import markdown_report

    today = today_of(repo, now)
    settings = repo.settings()
    period = period or default_period(today, settings.week_start)
    plan_start = plan_start_of(repo, today)
    first = min(period.first, records_from(today), period.first.subtract(months=3))
    last = max(period.last, today)
    records = Records(
        sessions=repo.sessions(first.isoformat(), last.isoformat()),
        reviews=repo.daily_reviews(period.first.isoformat(), period.last.isoformat()),
        weekly=repo.weekly_reviews(),
        cards=repo.cards(),
        plan=repo.plan(),
        plan_start=plan_start,
        today=today,
        target_h=settings.weekly_target_h,
        band=(settings.weekly_band_low_h, settings.weekly_band_high_h),
        days=repo.days(period.first.isoformat(), period.last.isoformat()),
        week_start=settings.week_start,
    )
    return markdown_report(period=period, records=records)


def export_ics(repo: Repository, now: DateTime, tz: str, period: Period | None = None) -> bytes:
    from cadence.export.ics import build_calendar

    today = today_of(repo, now)
    plan_start = plan_start_of(repo, today)
    plan_end = month_span(plan_start, LAST_MONTH).last
    first = period.first if period else plan_start
    last = period.last if period else plan_end
    plan = repo.plan()
    settings = repo.settings()
    cal = build_calendar(
        plan,
        days=repo.days(first.isoformat(), last.isoformat()),
        cards=repo.cards(),
        plan_start=plan_start,
        tz=tz,
        now=now,
        lead_min=settings.reminder_lead_min,
        period=period,
        name=plan.name or "Cadence",
    )
    return cal.to_ical()


def export_json(repo: Repository, now: DateTime) -> bytes:
    from cadence.export.json_io import dumps, export_data

    return dumps(export_data(repo.store, exported_at=now.isoformat()))


def write_export(
    repo: Repository, fmt: str, now: DateTime, tz: str, period: Period | None, out: Path
) -> Path:
    """Write one export to ``out`` (atomically: a half-written file never replaces a good one;
    see ``write_output`` for devices, pipes and folders)."""
    from cadence.data.storage import write_output

    if fmt == "md":
        data = export_markdown(repo, now, period).encode("utf-8")
    elif fmt == "ics":
        data = export_ics(repo, now, tz, period)
    elif fmt == "json":
        data = export_json(repo, now)
    else:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    # A device or a pipe is written into, never replaced by a file (PITFALLS: /dev/null).
    return write_output(out, data)
