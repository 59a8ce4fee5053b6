"""The Roadmap's daily acts for bench/keys.py."""

from __future__ import annotations

from bench.keys import Keys, act

TUESDAY_2045 = "2026-12-01T20:45"  # the evening study block


def first_lecture_done(runtime) -> None:  # type: ignore[no-untyped-def]
    """The course is under way: the first lecture is ticked, so "next" is the second."""
    course = next(m for m in runtime.repo.plan().must_dos if m.kind == "course")

    def tick_first(must) -> None:  # type: ignore[no-untyped-def]
        must.items[0].done = True

    runtime.repo.update_must_do(course.id, tick_first)


@act("lecture", 3, now=TUESDAY_2045, prepare=first_lecture_done)
async def lecture(keys: Keys) -> None:
    """Tick the next Karpathy lecture, from Today: ``2`` Roadmap, ``k`` the course (opened
    on the next lecture to do), ``space`` ticks it."""
    course = next(m for m in keys.app.repo.plan().must_dos if m.kind == "course")
    before = [i.id for i in course.items if i.done]
    upcoming = next(i for i in course.items if not i.done)
    await keys.press("2", "k", "space")
    await keys.settle()
    stored = next(m for m in keys.app.repo.plan().must_dos if m.id == course.id)
    done = [i.id for i in stored.items if i.done]
    assert done == [*before, upcoming.id], f"lectures done on disk: {done}"
