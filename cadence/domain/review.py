"""The evening check-in (the daily review) and Today's top three. Pure: records in, records out.

The check-in asks only what the day does not already know, and keeps the answers and
the day's blocks in step both ways:

- a ticked health block fills the workout minutes with its length (still editable), and
  minutes logged tick the day's health block (0 marks it skipped);
- a ticked publishing block (kind ``publish``) answers "posted" with the place used last
  time, and a "yes" ticks the block ("no" marks it skipped).

Workouts are counted by ``kpis`` (a day counts when it logs at least
``kpis.WORKOUT_MIN`` minutes: the morning's light exercise only when logged that long).

The post composer turns the day (what was learned, the focus labels, the day's notes)
into a draft post within Xiaohongshu's limits: a title of at most ``TITLE_MAX`` characters
and a body of at most ``BODY_MAX`` characters, the tags included (they go at the body's
end). Characters are counted as code points: a Chinese character counts one, like a
Latin letter (stricter than the app, which counts two Latin letters as one).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pendulum import Date, DateTime

from cadence.data.models import DailyReview, DayRecord, DayTemplate, Deliverable, FocusSession
from cadence.domain import kpis
from cadence.domain.schedule import block_minutes, day_blocks
from cadence.domain.weeks import shift_week, week_key
from cadence.i18n import _

#: Before this hour today is not over: the default review is an earlier unreviewed day.
EVENING_HOUR = 18
#: How many days back the default looks for a day not yet reviewed.
LOOK_BACK_DAYS = 7
MAX_WORKOUT_MIN = 600
TOP3 = 3


def default_review_date(
    today: Date, now: DateTime, reviews: Iterable[DailyReview], rollover_hour: int = 4
) -> Date:
    """The day ``r`` opens: the newest day not yet reviewed.

    Today counts from ``EVENING_HOUR`` on (and through the night until the
    rollover), or when its review was already started; earlier in the day the
    newest unreviewed day of the last week is meant. When every one of them is
    reviewed, today (to look at or edit).
    """
    by_date = {r.date: r for r in reviews}
    started = by_date.get(today.isoformat())
    evening = now.hour >= EVENING_HOUR or now.hour < rollover_hour or now.date() != today
    if evening or (started is not None and not started.finished):
        first = today
    else:
        first = today.subtract(days=1)
    day = first
    for _i in range(LOOK_BACK_DAYS + 1):
        review = by_date.get(day.isoformat())
        if review is None or not review.finished:
            return day
        day = day.subtract(days=1)
    return today


def parse_minutes(text: str) -> int | None:
    """Workout minutes as typed: blank is "not answered" (None); else a whole number
    0–600. Raises ValueError with a message for the form."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not text.isascii() or int(text) > MAX_WORKOUT_MIN:
        raise ValueError(_("Minutes as a whole number from 0 to {max}", max=MAX_WORKOUT_MIN))
    return int(text)


def clean_lines(lines: Iterable[str], keep: int) -> list[str]:
    """Non-blank lines, stripped, at most ``keep``."""
    return [line.strip() for line in lines if line.strip()][:keep]


def finish(review: DailyReview, updated: str) -> DailyReview:
    """The review marked finished. Finishing twice gives the same record but for
    ``updated``."""
    return dataclasses.replace(review, finished=True, step=0, updated=updated)


# ---------------------------------------------------------------- what the day knows


@dataclass(frozen=True)
class DayFacts:
    """What a day already says, for the check-in to show and prefill."""

    focus_s: int
    sessions: int
    planned_s: int
    #: Focus labels of the day, most focused first.
    labels: tuple[str, ...]
    #: Ids of the day's health blocks, and of its publishing blocks.
    health_blocks: tuple[str, ...]
    publish_blocks: tuple[str, ...]
    #: Minutes of each health block (by id): what a tick of it logs.
    health_minutes: Mapping[str, int]
    #: Where the last post went, from earlier reviews; the plan's Xiaohongshu when never said.
    last_where: str
    #: The notes of the day's own blocks (added or edited for this date only).
    notes: tuple[str, ...]


def last_post_where(reviews: Iterable[DailyReview], before: str = "9999-12-31") -> str:
    """The place of the newest post before ISO date ``before`` ("" when none said)."""
    dated = sorted((r for r in reviews if r.date < before), key=lambda r: r.date, reverse=True)
    return next((r.post_where.strip() for r in dated if r.posted and r.post_where.strip()), "")


def focus_labels(sessions: Iterable[FocusSession]) -> tuple[str, ...]:
    """Labels of ``sessions``, the most focused first (ties: the earliest first)."""
    seconds: dict[str, int] = {}
    for s in sorted(sessions, key=lambda s: s.start):
        label = s.label.strip()
        if label:
            seconds[label] = seconds.get(label, 0) + s.focused_s
    return tuple(sorted(seconds, key=lambda k: -seconds[k]))


def day_facts(
    templates: list[DayTemplate],
    record: DayRecord | None,
    day: Date,
    sessions: Sequence[FocusSession],
    earlier: Iterable[DailyReview] = (),
) -> DayFacts:
    """The facts of ``day``: its focus (``sessions`` of that day), its health and
    publishing blocks, the place of the last post among ``earlier`` reviews, its notes."""
    iso = day.isoformat()
    mine = [s for s in sessions if s.start[:10] == iso]
    blocks = day_blocks(templates, record, day)
    planned = sum(
        block_minutes(b.start, b.end) for b, _src in blocks if b.kind in ("study", "build")
    )
    return DayFacts(
        focus_s=sum(s.focused_s for s in mine),
        sessions=len(mine),
        planned_s=planned * 60,
        labels=focus_labels(mine),
        health_blocks=tuple(b.id for b, _src in blocks if b.kind == kpis.WORKOUT_KIND),
        publish_blocks=tuple(b.id for b, _src in blocks if b.kind == kpis.PUBLISH_KIND),
        health_minutes={
            b.id: block_minutes(b.start, b.end) for b, _src in blocks if b.kind == kpis.WORKOUT_KIND
        },
        last_where=last_post_where(earlier, iso) or _("Xiaohongshu"),
        notes=tuple(b.note.strip() for b, src in blocks if src != "template" and b.note.strip()),
    )


def ticked_minutes(facts: DayFacts, states: Mapping[str, str]) -> int:
    """Minutes of the health blocks ``states`` has done."""
    return sum(m for i, m in facts.health_minutes.items() if states.get(i) == "done")


def is_published(facts: DayFacts, states: Mapping[str, str]) -> bool:
    return any(states.get(i) == "done" for i in facts.publish_blocks)


def prefill(
    review: DailyReview | None, facts: DayFacts, states: Mapping[str, str], iso: str
) -> DailyReview:
    """The check-in as it opens: the stored answers, and what the day says where none was
    given (workout minutes from ticked health blocks, "posted" from a ticked publishing
    block, the place of the last post, the day's focus time)."""
    out = DailyReview(date=iso) if review is None else dataclasses.replace(review)
    if out.workout_min is None and ticked_minutes(facts, states):
        out.workout_min = ticked_minutes(facts, states)
    if out.posted is None and is_published(facts, states):
        out.posted = True
    if out.posted and not out.post_where.strip():
        out.post_where = facts.last_where
    out.focus_s = facts.focus_s
    return out


def follow_ticks(
    review: DailyReview, facts: DayFacts, before: Mapping[str, str], after: Mapping[str, str]
) -> DailyReview:
    """The answers after blocks were ticked or unticked in the check-in (``before`` →
    ``after``): an answer that still said what the blocks said follows them; one the user
    changed stays."""
    out = dataclasses.replace(review)
    old_min, new_min = ticked_minutes(facts, before), ticked_minutes(facts, after)
    if old_min != new_min and out.workout_min in (None, old_min):
        out.workout_min = new_min or None
    old_pub, new_pub = is_published(facts, before), is_published(facts, after)
    if old_pub != new_pub and out.posted in (None, old_pub):
        out.posted = True if new_pub else None
        if new_pub and not out.post_where.strip():
            out.post_where = facts.last_where
    return out


def states_for_answers(
    review: DailyReview, facts: DayFacts, states: Mapping[str, str]
) -> dict[str, str]:
    """The block states after the answers (a copy of ``states``, changed):

    - posted yes: the publishing blocks done; no: those not done marked skipped, done
      ones back to to do;
    - workout minutes above 0: the health blocks done (when none is); 0: the health
      blocks not done marked skipped.
    Unanswered questions change nothing.
    """
    out = dict(states)
    if review.posted is True:
        for i in facts.publish_blocks:
            out[i] = "done"
    elif review.posted is False:
        for i in facts.publish_blocks:
            out[i] = "skipped"
    minutes = review.workout_min
    if minutes is not None and facts.health_blocks:
        if minutes > 0 and not any(out.get(i) == "done" for i in facts.health_blocks):
            out[facts.health_blocks[0]] = "done"
        elif minutes == 0:
            for i in facts.health_blocks:
                out[i] = "skipped"
    return out


def changed_states(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, str]:
    """The states ``after`` sets that differ from ``before`` (to apply on the record on disk,
    keeping other changes made meanwhile)."""
    return {k: v for k, v in after.items() if before.get(k, "todo") != v}


def set_states(states: Mapping[str, str]) -> Callable[[DayRecord], None]:
    """A change for ``Repository.update_day`` / ``update_review(day=…)``: set ``states``."""

    def change(record: DayRecord) -> None:
        record.states.update(states)

    return change


# ---------------------------------------------------------------- the post composer

#: Xiaohongshu's note editor: a title of at most 20 characters, a body of at most 1000.
TITLE_MAX = 20
BODY_MAX = 1000
TAG = re.compile(r"#?([^\s#,，、]+)")


@dataclass(frozen=True)
class PostDraft:
    """A learn-in-public post: its title, body and tags (without ``#``)."""

    title: str
    body: str
    tags: tuple[str, ...] = ()

    @property
    def tag_line(self) -> str:
        return " ".join(f"#{t}" for t in self.tags)

    @property
    def body_with_tags(self) -> str:
        """The body as posted: the tags on the last line."""
        if not self.tags:
            return self.body.strip()
        return f"{self.body.strip()}\n\n{self.tag_line}" if self.body.strip() else self.tag_line

    def text(self) -> str:
        """What goes to the clipboard (and is kept in the review): title, body, tags."""
        return f"{self.title.strip()}\n\n{self.body_with_tags}".strip()


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags as typed: separated by spaces or commas, ``#`` optional; duplicates dropped."""
    seen: dict[str, None] = {}
    for m in TAG.finditer(text):
        seen.setdefault(m.group(1), None)
    return tuple(seen)


def parse_post(text: str) -> PostDraft:
    """A post kept as :meth:`PostDraft.text` back into its parts: the first line is the
    title, a last line made only of ``#tags`` the tags, the rest the body."""
    lines = text.strip().split("\n")
    if not lines or not lines[0].strip():
        return PostDraft("", "", ())
    title = lines[0].strip()
    rest = lines[1:]
    tags: tuple[str, ...] = ()
    if rest and rest[-1].strip() and all(w.startswith("#") for w in rest[-1].split()):
        tags = parse_tags(rest[-1])
        rest = rest[:-1]
    return PostDraft(title, "\n".join(rest).strip(), tags)


def post_problems(draft: PostDraft) -> dict[str, str]:
    """What keeps ``draft`` from fitting Xiaohongshu, by field ("title", "body")."""
    problems = {}
    if not draft.title.strip():
        problems["title"] = _("A post needs a title")
    elif len(draft.title.strip()) > TITLE_MAX:
        problems["title"] = _(
            "The title is {n} characters; Xiaohongshu takes at most {max}",
            n=len(draft.title.strip()),
            max=TITLE_MAX,
        )
    if not draft.body.strip():
        problems["body"] = _("A post needs a body")
    elif len(draft.body_with_tags) > BODY_MAX:
        problems["body"] = _(
            "The body and tags are {n} characters; Xiaohongshu takes at most {max}",
            n=len(draft.body_with_tags),
            max=BODY_MAX,
        )
    return problems


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip()


def default_tags() -> tuple[str, ...]:
    """The tags a draft starts with, in the UI language."""
    return tuple(_("AIPM LearnInPublic StudyNotes").split())


def draft_post(
    learned: Sequence[str],
    labels: Sequence[str],
    notes: Sequence[str],
    *,
    plan_day: int | None = None,
) -> PostDraft:
    """A draft from the day: the title from the first thing learned (else the main focus
    label), the body listing what was learned, what the day's focus went to and the day's
    notes, the default tags. Always within ``TITLE_MAX`` / ``BODY_MAX``."""
    learned = [t.strip() for t in learned if t.strip()]
    labels = [t.strip() for t in labels if t.strip()]
    topic = learned[0] if learned else (labels[0] if labels else _("Today's study notes"))
    title = _clip(_("Day {n}: {topic}", n=plan_day, topic=topic) if plan_day else topic, TITLE_MAX)
    parts = []
    if learned:
        parts.append(
            _("What I learned today:")
            + "\n"
            + "\n".join(f"{i}. {t}" for i, t in enumerate(learned, 1))
        )
    if labels:
        parts.append(_("Where my focus went:") + " " + _(", ").join(labels))
    parts.extend(notes)
    tags = default_tags()
    room = BODY_MAX - len(PostDraft("", "x", tags).body_with_tags) + 1
    body = "\n\n".join(p.strip() for p in parts if p.strip())[: max(0, room)].rstrip()
    return PostDraft(title, body or _("Today's study notes"), tags)


# ---------------------------------------------------------------- top three


@dataclass(frozen=True)
class Top3Item:
    """One of Today's top three: its text, whether it is ticked, where it came from
    ("day": chosen for the day, "week": offered from the weekly review's plan)."""

    text: str
    done: bool
    source: str = "day"


def top3_for(day: Date, record: DayRecord | None, previous: DailyReview | None) -> list[str]:
    """The day's top three: set on the day itself, else chosen in the previous day's review."""
    if record is not None and record.top3:
        return list(record.top3)
    if previous is not None and previous.top3:
        return list(previous.top3)
    return []


def planning_week(day: Date) -> str:
    """The ISO week whose weekly review planned ``day``'s week: the week before."""
    return shift_week(week_key(day), -1)


def week_plan(day: Date, next_weeks: Mapping[str, Sequence[str]]) -> list[str]:
    """The items planned for ``day``'s ISO week: the ``next_week`` of the week before's
    review (:func:`planning_week`). ``next_weeks`` maps ISO weeks to their reviews'
    next-week plans."""
    return [t.strip() for t in next_weeks.get(planning_week(day), ()) if t.strip()]


def top3_items(
    day: Date,
    record: DayRecord | None,
    previous: DailyReview | None,
    planned: Sequence[str] = (),
    done_elsewhere: Iterable[str] = (),
) -> list[Top3Item]:
    """Today's top three: the day's own choice (or the previous check-in's), filled up to
    three with items of the week's plan (``planned``) not chosen yet and not ticked on
    another day of the week (``done_elsewhere``)."""
    chosen = top3_for(day, record, previous)[:TOP3]
    ticked = set(record.top3_done) if record is not None else set()
    items = [Top3Item(t, t in ticked) for t in chosen]
    skip = set(chosen) | set(done_elsewhere)
    for text in planned:
        if len(items) >= TOP3:
            break
        if text not in skip:
            skip.add(text)
            items.append(Top3Item(text, text in ticked, "week"))
    return items


def tick_top3(shown: Sequence[Top3Item], index: int) -> Callable[[DayRecord], None]:
    """A change for ``Repository.update_day``: toggle item ``index`` of the top three as
    shown. The shown items become the day's own top three (what was on screen is kept,
    even when the previous check-in or the week's plan changes later)."""
    texts = [i.text for i in shown]
    target = texts[index]
    done = not shown[index].done

    def change(record: DayRecord) -> None:
        if not record.top3:
            record.top3 = list(texts)
        elif target not in record.top3 and len(record.top3) < TOP3:
            record.top3 = [*record.top3, target]
        kept = [t for t in record.top3_done if t != target]
        record.top3_done = [*kept, target] if done else kept

    return change


def candidates(
    cards: Iterable[Deliverable], planned: Sequence[str], chosen: Iterable[str] = ()
) -> list[str]:
    """What the check-in offers for tomorrow's top three: the week's planned items, then
    open cards (this week's and doing first); none already chosen, none twice."""
    taken = {c.strip() for c in chosen}
    out: list[str] = []
    for text in [*planned, *(c.title for c in open_cards(cards))]:
        text = text.strip()
        if text and text not in taken and text not in out:
            out.append(text)
    return out


def open_cards(cards: Iterable[Deliverable]) -> list[Deliverable]:
    """Cards that can be tomorrow's top three: not done; this week's and doing first."""
    rank = {"doing": 0, "week": 1, "backlog": 2}
    kept = [c for c in cards if c.column != "done"]
    return sorted(kept, key=lambda c: (rank.get(c.column, 3), c.order, c.title))
