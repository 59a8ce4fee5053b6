"""A week's or a month's report in Markdown: figures, learnings, reviews and output.

Ready to post as a learn-in-public note or to paste into Notion. Written in one
language, the UI's (units and card types included); the user's own text (learnings,
card titles, plan text) is kept as written. The figures are ``insights.period_figures``,
the weekly review's: the report and the review never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from cadence.data.models import WeeklyReview
from cadence.domain import insights
from cadence.domain.deliverables import type_name
from cadence.domain.schedule import format_duration
from cadence.domain.weeks import Period, week_dates
from cadence.i18n import _

TOP_LABELS = 8


def _line(text: str) -> str:
    """User text on one Markdown line: newlines folded, a leading ``#`` or ``-`` escaped."""
    text = " ".join(text.split())
    if text[:1] in "#->*+|":
        text = "\\" + text
    return text


def _by_week(title: str, items: list[tuple[str, str]], bullet: str, period: Period) -> list[str]:
    """A section of ``(week, text)`` items (none: no section); a month's report names the week."""
    if not items:
        return []
    out = [f"## {title}", ""]
    for week, text in items:
        prefix = f"**{week}** " if period.kind == "month" else ""
        out.append(f"{bullet}{prefix}{_line(text)}")
    return [*out, ""]


def _h(hours: float, digits: int = 1) -> str:
    """``12.5 h`` / ``12.5 小时``."""
    return _("{hours} h", hours=f"{hours:.{digits}f}")


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def weeks_in(
    period: Period, weekly: Sequence[WeeklyReview], week_start: int = 0
) -> list[WeeklyReview]:
    """Weekly reviews of weeks that end inside the period, oldest first."""
    out = []
    for review in weekly:
        try:
            _monday, sunday = week_dates(review.week, week_start)
        except ValueError:
            continue
        if period.first <= sunday <= period.last or (
            period.kind == "week" and review.week == period.key
        ):
            out.append(review)
    return sorted(out, key=lambda r: r.week)


def markdown_report(*, period: Period, records: insights.Records) -> str:
    """The report of ``period``. ``sessions``/``reviews`` may cover more; only the period's count,
    except for the rolling three-month average (which needs the three months before its end).
    ``records.days`` (the period's day records) count ticked health blocks as workouts."""
    sessions, reviews, cards, plan = records.sessions, records.reviews, records.cards, records.plan
    today, plan_start, weekly, week_start = (
        records.today, records.plan_start, records.weekly, records.week_start,
    )  # fmt: skip
    lo, hi = period.first.isoformat(), period.last.isoformat()
    last = min(period.last, today) if period.first <= today else period.last
    mine = [s for s in sessions if lo <= s.start[:10] <= hi]
    days = [r for r in reviews if lo <= r.date <= hi]
    fig = insights.period_figures(
        sessions, reviews, cards, period.first, period.last, today,
        plan=plan, days_records=records.days,
    )  # fmt: skip
    hours = fig.hours
    weeks = period.days / 7
    per_week = hours / weeks if weeks else 0.0
    rolling = insights.rolling_average(sessions, last, since=plan_start)
    elapsed_days = fig.days

    title = (
        _("Week {week}", week=period.key)
        if period.kind == "week"
        else _("Month {month}", month=period.key)
    )
    out = [f"# {_('{plan}: {period}', plan=plan.name or 'Cadence', period=title)}", ""]
    out.append(f"*{lo} – {hi}*")
    out.append("")

    out += [f"## {_('Figures')}", ""]
    out.append(f"| {_('Figure')} | {_('Value')} | {_('Plan')} |")
    out.append("|---|---|---|")
    low, high = records.band
    study_plan = _("≥ {target} h a week ({low}–{high} h band)", target=f"{records.target_h:g}",
                   low=f"{low:g}", high=f"{high:g}")  # fmt: skip
    a_week = _("{amount} a week", amount=_h(per_week))
    if period.kind == "week":
        out.append(f"| {_('Study hours')} | {_h(hours)} | {study_plan} |")
    else:
        out.append(f"| {_('Study hours')} | {_h(hours)} ({a_week}) | {study_plan} |")
    rolling_text = _("{amount} a week", amount=_h(rolling))
    at_least = _("≥ {amount}", amount=_h(records.target_h, 0))
    out.append(f"| {_('Three-month average')} | {rolling_text} | {at_least} |")
    out.append(f"| {_('Focus sessions')} | {fig.sessions} | |")
    out.append(f"| {_('Days with focus')} | {fig.focus_days} / {elapsed_days} | |")
    workout_target = insights.habit_figures([], plan, today).workout_target
    times = _("{n} a week", n=workout_target)
    out.append(f"| {_('Workouts')} | {fig.workouts} | {times} |")
    bed = _pct(fig.bed_yes, fig.bed_answered)
    out.append(
        f"| {_('In bed before 23:00')} | {fig.bed_yes} / {fig.bed_answered} ({bed}) |"
        f" {_('every night')} |"
    )
    posted = _pct(fig.posted_yes, fig.posted_answered)
    out.append(
        f"| {_('Days posted')} | {fig.posted_yes} / {fig.posted_answered} ({posted}) |"
        f" {_('every day')} |"
    )
    out.append(f"| {_('Daily reviews')} | {fig.reviews} / {elapsed_days} | |")
    out.append("")

    by_label: dict[str, int] = defaultdict(int)
    for s in mine:
        by_label[s.label or _("(no label)")] += max(0, s.focused_s)
    if by_label:
        out += [f"## {_('What I studied')}", ""]
        ranked = sorted(by_label.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_LABELS]
        out += [f"- {_line(label)}: {format_duration(sec)}" for label, sec in ranked]
        out.append("")

    week_reviews = weeks_in(period, weekly, week_start)
    learnings = [(r.week, text) for r in week_reviews for text in r.learnings if text.strip()]
    out += _by_week(_("Key learnings"), learnings, "- ", period)

    daily = [(r.date, text) for r in days for text in r.learned if text.strip()]
    if daily:
        out += [f"## {_('Learned day by day')}", ""]
        out += [f"- {date[5:]}: {_line(text)}" for date, text in daily]
        out.append("")

    plans = [(r.week, item) for r in week_reviews for item in r.next_week if item.strip()]
    out += _by_week(_("Next week"), plans, "- [ ] ", period)

    done_cards = [
        c for c in cards if c.column == "done" and c.updated and lo <= c.updated[:10] <= hi
    ]
    done_goals = [g for g in plan.goals if g.done and g.done_on and lo <= g.done_on[:10] <= hi]
    if done_cards or done_goals:
        out += [f"## {_('Output')}", ""]
        out += [f"- {_line(c.title)} ({type_name(c.type)})" for c in done_cards]
        out += [f"- {_('Goal')}: {_line(g.text)}" for g in done_goals]
        out.append("")

    targets = insights.deliverable_targets(cards, plan, weekly, plan_start, today, week_start)
    names = {
        "projects": _("Projects shipped"),
        "case_studies": _("Case studies"),
        "monthly_demo": _("Monthly demo kept"),
        "weekly_reviews": _("Weekly reviews kept"),
    }
    out += [f"## {_('The plan so far')}", ""]
    out += [f"- {names[t.key]}: {t.done} / {t.target}" for t in targets]
    road = insights.roadmap_progress(plan, plan_start, today)
    out.append(
        "- "
        + _(
            "Roadmap goals: {done} / {total} done, {elapsed} of the time gone",
            done=road.goals_done,
            total=road.goals_total,
            elapsed=f"{round(road.elapsed * 100)}%",
        )
    )
    out.append("")
    out.append(f"_{_('Made with Cadence on {date}', date=today.isoformat())}_")
    return "\n".join(out) + "\n"
