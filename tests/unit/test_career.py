"""Freelancing, impact and the job move: their records in career.json and their KPIs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum import Date

from cadence.data.models import JOB_STAGES, FreelanceEntry, ImpactEntry, JobLead
from cadence.data.plan import shipped_plan
from cadence.data.repository import Repository
from cadence.data.store import Store
from cadence.domain import insights

START = Date(2026, 1, 5)  # month 9 runs 2026-10-05 .. 2026-11-04


def repo_at(root: Path) -> Repository:
    return Repository(Store(root, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000"))


def plan():
    found = shipped_plan("en")
    assert found is not None
    return found


# ---------------------------------------------------------------- the records


def test_freelance_entries_round_trip_and_change_in_place(tmp_path: Path) -> None:
    repo = repo_at(tmp_path)
    first = repo.add_career(
        FreelanceEntry(
            date="2026-11-14",
            engagement="Agent launch for a bakery chain",
            hours=6,
            income=3000,
            currency="CNY",
            case="Order-taking agent cut phone orders by half",
        )
    )
    repo.add_career(FreelanceEntry(date="2026-10-03", engagement="PRD review", hours=2))
    fresh = repo_at(tmp_path)
    assert [e.engagement for e in fresh.freelance_entries()] == [
        "PRD review",
        "Agent launch for a bakery chain",
    ]
    assert [e.id for e in fresh.freelance_entries("2026-11-01", "2026-11-30")] == [first.id]
    changed = fresh.update_career(FreelanceEntry, first.id, lambda e: setattr(e, "hours", 7.5))
    assert changed is not None and changed.hours == 7.5
    assert repo_at(tmp_path).freelance_entries()[1].hours == 7.5
    assert fresh.update_career(FreelanceEntry, "nope", lambda e: None) is None
    assert fresh.delete_career(FreelanceEntry, first.id) is True
    assert fresh.delete_career(FreelanceEntry, first.id) is False
    assert [e.engagement for e in repo_at(tmp_path).freelance_entries()] == ["PRD review"]
    stored = json.loads((tmp_path / "career.json").read_bytes())
    assert set(stored) >= {"freelance"}


def test_a_change_sees_the_record_as_it_is_on_disk(tmp_path: Path) -> None:
    a, b = repo_at(tmp_path), repo_at(tmp_path)  # two processes, one folder
    lead = a.add_career(JobLead(company="Acme AI", created="2026-10-01"))
    b.move_job_lead(lead.id, "applied", "2026-10-02")
    a.update_career(JobLead, lead.id, lambda j: setattr(j, "notes", "referral from Lee"))
    (got,) = repo_at(tmp_path).job_leads()
    assert got.stages == {"target": "2026-10-02", "applied": "2026-10-02"}
    assert got.notes == "referral from Lee"


def test_moving_a_lead_fills_the_stages_before(tmp_path: Path) -> None:
    repo = repo_at(tmp_path)
    lead = repo.add_career(
        JobLead(company="Acme AI", role="AI PM", stages={"target": "2026-09-20"})
    )
    moved = repo.move_job_lead(lead.id, "interview", "2026-10-12")
    assert moved is not None
    assert moved.stages == {
        "target": "2026-09-20",
        "applied": "2026-10-12",
        "interview": "2026-10-12",
    }
    assert moved.stage == "interview"
    with pytest.raises(ValueError, match="unknown stage"):
        repo.move_job_lead(lead.id, "hired", "2026-10-13")
    assert repo.move_job_lead("nope", "offer", "2026-10-13") is None
    assert repo.delete_career(JobLead, lead.id) and repo.job_leads() == []


def test_impact_entries(tmp_path: Path) -> None:
    repo = repo_at(tmp_path)
    entry = repo.add_career(ImpactEntry(date="2026-11-02", kind="hours_saved", value=6))
    repo.update_career(ImpactEntry, entry.id, lambda e: setattr(e, "note", "release notes bot"))
    (got,) = repo_at(tmp_path).impact_entries()
    assert (got.value, got.note) == (6, "release notes bot")
    assert repo.delete_career(ImpactEntry, entry.id) and not repo.impact_entries()


# ---------------------------------------------------------------- impact


def test_hours_saved_per_month_and_metric_changes() -> None:
    entries = [
        ImpactEntry(date="2026-01-20", kind="hours_saved", value=2),  # month 0
        ImpactEntry(date="2026-03-06", kind="hours_saved", value=4),  # month 2
        ImpactEntry(date="2026-03-30", kind="hours_saved", value=5),  # month 2
        ImpactEntry(date="2025-12-01", kind="hours_saved", value=99),  # before the plan
        ImpactEntry(date="2026-02-10", kind="metric", value=5, measure="merge-rate"),
        ImpactEntry(date="2026-03-10", kind="metric", value=8, measure="merge-rate"),
        ImpactEntry(date="2026-03-11", kind="metric", value=-20, measure="call-cost"),
        ImpactEntry(date="2026-03-12", kind="metric", value=3, measure="gone-from-plan"),
    ]
    figures = insights.impact_figures(entries, plan(), START, Date(2026, 4, 10))
    assert figures.month == 3
    assert figures.hours_by_month == [(0, 2.0), (1, 0.0), (2, 9.0), (3, 0.0)]
    assert figures.hours_this_month == 0.0
    assert figures.hours_total == 11.0
    assert figures.best_month == (2, 9.0)
    assert figures.average_h == pytest.approx(11 / 4)
    by_id = {m.measure_id: m for m in figures.metrics}
    assert [m.measure_id for m in figures.metrics] == ["merge-rate", "call-cost", "gone-from-plan"]
    merge = by_id["merge-rate"]
    assert (merge.value, merge.records, merge.unit) == (8, 2, "%")
    assert merge.capstone == "Work-efficiency agent"
    assert by_id["gone-from-plan"].name == "gone-from-plan"
    assert [m.id for _c, m in insights.impact_measures(plan())][:3] == [
        "hours-saved",
        "merge-rate",
        "ticket-time",
    ]


def test_impact_before_the_plan_starts() -> None:
    figures = insights.impact_figures([], plan(), START, Date(2025, 12, 1))
    assert figures.month is None and figures.hours_by_month == []
    assert figures.hours_this_month == 0.0 and figures.average_h == 0.0


# ---------------------------------------------------------------- the job move


def lead(company: str, outcome: str = "open", **stages: str) -> JobLead:
    return JobLead(company=company, stages=stages, outcome=outcome)


def test_job_move_counts_the_pipeline_and_the_window() -> None:
    leads = [
        lead("A", target="2026-09-01"),
        lead("B", target="2026-09-01", applied="2026-09-10"),
        lead("C", applied="2026-09-10", interview="2026-10-20"),  # in months 9–12
        lead("D", "rejected", applied="2026-08-01", interview="2026-08-15"),  # before it
        lead("E", "accepted", applied="2026-10-01", interview="2026-10-10", offer="2026-11-01"),
    ]
    figures = insights.job_move_figures(leads, plan(), START, Date(2026, 11, 2))
    assert figures.window == (9, 12)
    assert (figures.window_first, figures.window_last) == (Date(2026, 10, 5), Date(2027, 2, 4))
    assert figures.reached == {"target": 5, "applied": 4, "interview": 3, "offer": 1}
    assert figures.at == {"target": 1, "applied": 1, "interview": 1, "offer": 0}
    assert figures.interviews_in_window == 2  # C and E
    assert figures.offers == 1 and figures.accepted == 1 and figures.done
    assert figures.in_window and not figures.before_window


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(JOB_STAGES) - 1),
            st.sampled_from(["open", "accepted", "rejected", "withdrawn"]),
        ),
        max_size=12,
    )
)
def test_the_pipeline_narrows(spec: list[tuple[int, str]]) -> None:
    leads = [
        JobLead(
            company=f"c{i}",
            stages={s: "2026-10-20" for s in JOB_STAGES[: top + 1]},
            outcome=outcome,
        )
        for i, (top, outcome) in enumerate(spec)
    ]
    figures = insights.job_move_figures(leads, plan(), START, Date(2026, 11, 2))
    counts = [figures.reached[s] for s in JOB_STAGES]
    assert counts == sorted(counts, reverse=True)  # every stage holds the ones after it
    assert counts[0] == len(leads)
    assert sum(figures.at.values()) == sum(1 for _t, o in spec if o == "open")
    assert figures.interviews_in_window == sum(1 for t, _o in spec if t >= 2)


# ---------------------------------------------------------------- freelancing


def test_freelance_figures() -> None:
    entries = [
        FreelanceEntry(date="2026-02-07", engagement="a", hours=3, income=1000, currency="CNY"),
        FreelanceEntry(
            date="2026-02-14",
            engagement="b",
            hours=2,
            income=200,
            currency="USD",
            case="Pricing page copy",
        ),  # fmt: skip
        FreelanceEntry(
            date="2026-03-07",
            engagement="c",
            hours=4,
            income=500,
            currency="CNY",
            case="Agent launch checklist",
        ),  # fmt: skip
        FreelanceEntry(date="2026-05-01", engagement="future", hours=9, income=9),
    ]
    figures = insights.freelance_figures(entries, START, Date(2026, 4, 1))
    assert figures.engagements == 3 and figures.hours == 9
    assert figures.income == {"CNY": 1500, "USD": 200}
    assert figures.cases == ["Agent launch checklist", "Pricing page copy"]
    assert figures.by_month == [(1, 5.0), (2, 4.0)]


def test_career_and_skills_travel_in_the_json_export(tmp_path: Path) -> None:
    import orjson

    from cadence.data.plan import load_default_plan
    from cadence.export.json_io import ImportRefused, dumps, export_data, parse_export

    repo = repo_at(tmp_path)
    repo.install_plan(load_default_plan("zh"))
    repo.add_career(FreelanceEntry(date="2026-11-14", engagement="咨询", hours=3))
    repo.add_career(JobLead(company="Acme AI", stages={"target": "2026-10-01"}))
    raw = dumps(export_data(repo.store, exported_at="2026-11-29T10:00:00+08:00"))
    export = parse_export(raw)
    assert export.files["career"]["freelance"]
    assert len(export.files["plan"]["skills"]) == 16
    data = orjson.loads(raw)
    (doc,) = data["files"]["career"]["freelance"].values()
    doc["hours"] = "three"
    with pytest.raises(ImportRefused, match=r"files\.career\.freelance\[1\]: 'hours'"):
        parse_export(orjson.dumps(data))


def test_the_demo_has_a_career_to_look_at(tmp_path: Path) -> None:
    from cadence.clock import FakeClock
    from cadence.domain import skills
    from cadence.shell.demo import write_demo

    folder = tmp_path / "demo"
    write_demo(folder, months=10, clock=FakeClock("2026-11-29T21:00", tz="Asia/Shanghai"))
    repo = repo_at(folder)
    today = Date(2026, 11, 29)
    start = Date.fromisoformat(repo.settings().plan_start)
    plan = repo.plan()
    figures = insights.impact_figures(repo.impact_entries(), plan, start, today)
    hours = [h for m, h in figures.hours_by_month if 3 <= m < 10]  # month 10 has just begun
    assert len(hours) == 7 and hours == sorted(hours) and hours[0] > 0  # grows with the agent
    assert [m.measure_id for m in figures.metrics] == ["merge-rate"]
    entries = repo.freelance_entries()
    assert len(entries) >= 4
    assert all(Date.fromisoformat(e.date).day_of_week == 5 for e in entries)  # Saturdays
    assert all(e.currency == "USD" and e.case for e in entries)
    move = insights.job_move_figures(repo.job_leads(), plan, start, today)
    assert move.reached == {"target": 4, "applied": 3, "interview": 2, "offer": 1}
    current = 10
    for skill in plan.skills:
        months = skills.skill_months(plan, skill)
        if months and months[-1] < current:
            assert skill.status in ("can_explain", "applied"), skill.id
        if not months or months[0] > current:
            assert skill.status == "not_started", skill.id


def test_a_lead_steps_on_to_the_offer_and_stops(tmp_path: Path) -> None:
    repo = repo_at(tmp_path)
    lead = repo.add_career(JobLead(company="Acme AI"))
    days = ["2026-10-01", "2026-10-08", "2026-10-20", "2026-11-02", "2026-11-09"]
    for day in days:
        repo.update_career(JobLead, lead.id, insights.advance_lead(day))
    (got,) = repo.job_leads()
    # A new lead is a target: the first step is "applied" (the target dated with it).
    assert got.stages == {
        "target": "2026-10-01",
        "applied": "2026-10-01",
        "interview": "2026-10-08",
        "offer": "2026-10-20",
    }
    assert got.stage == "offer" and got.updated == "2026-10-20"  # nothing after the offer
    assert [insights.next_job_stage(s) for s in JOB_STAGES] == [
        "applied",
        "interview",
        "offer",
        None,
    ]
