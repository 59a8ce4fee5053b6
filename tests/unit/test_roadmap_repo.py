"""The store side of the Roadmap: must-do edits in one transaction, time linked to lectures."""

from __future__ import annotations

import threading

from cadence.data.models import ChecklistItem, FocusSession


def test_update_must_do_reads_changes_and_writes(make_runtime, tmp_path):
    runtime = make_runtime()

    def tick(must):
        must.items[0].done = True

    assert runtime.repo.update_must_do("must-karpathy", tick) is not None
    assert runtime.repo.update_must_do("no-such", tick) is None
    runtime.close()
    again = make_runtime(data=tmp_path / "data")
    course = next(m for m in again.repo.plan().must_dos if m.id == "must-karpathy")
    assert course.items[0].done
    assert not any(i.done for i in course.items[1:])


def test_quick_edits_from_threads_are_all_kept(make_runtime):
    runtime = make_runtime()
    ids = [i.id for i in next(m for m in runtime.repo.plan().must_dos if m.kind == "ship").items]

    def tick(item_id):
        def change(must):
            for item in must.items:
                if item.id == item_id:
                    item.done = True

        runtime.repo.update_must_do("must-ship-app", change)

    threads = [threading.Thread(target=tick, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ship = next(m for m in runtime.repo.plan().must_dos if m.kind == "ship")
    assert all(i.done for i in ship.items)


def test_update_must_do_can_add_items(make_runtime):
    runtime = make_runtime()
    runtime.repo.update_must_do(
        "must-ship-app", lambda must: must.items.append(ChecklistItem(text="Second release"))
    )
    ship = next(m for m in runtime.repo.plan().must_dos if m.kind == "ship")
    assert ship.items[-1].text == "Second release"


def test_linked_sessions_reads_every_year(make_runtime):
    runtime = make_runtime()
    for start, link in [
        ("2026-12-30T20:30:00+08:00", "lecture:kz-1"),
        ("2027-01-02T20:30:00+08:00", "lecture:kz-2"),
        ("2027-01-03T20:30:00+08:00", "goal:g-m1-tech-llm"),
        ("2027-01-04T20:30:00+08:00", None),
    ]:
        runtime.repo.save_session(
            FocusSession(start=start, end=start, planned_s=1500, focused_s=1500, link=link)
        )
    lectures = runtime.repo.linked_sessions("lecture:")
    assert [s.link for s in lectures] == ["lecture:kz-1", "lecture:kz-2"]
    assert [s.link for s in runtime.repo.linked_sessions("goal:")] == ["goal:g-m1-tech-llm"]
