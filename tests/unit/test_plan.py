"""Plan files: the shipped plans, the checks, the round trip."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cadence.data.models import (
    BLOCK_KINDS,
    CARD_TYPES,
    RESOURCE_KINDS,
    TRACKS,
    DayTemplate,
    Plan,
    TimeBlock,
)
from cadence.data.plan import (
    DEFAULT_PLAN_ID,
    PLANS_DIR,
    PlanError,
    available_languages,
    default_plan_path,
    dump_plan,
    load_default_plan,
    load_plan,
    parse_plan,
    plan_from_dict,
)

LANGUAGES = ("zh", "en")
TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    return {language: load_default_plan(language) for language in LANGUAGES}


def template_for(plan: Plan, weekday: int) -> DayTemplate:
    (template,) = [t for t in plan.templates if weekday in t.weekdays]
    return template


def block(plan: Plan, block_id: str) -> TimeBlock:
    (found,) = [b for t in plan.templates for b in t.blocks if b.id == block_id]
    return found


def minutes(b: TimeBlock) -> int:
    def at(hhmm: str) -> int:
        h, m = hhmm.split(":")
        return int(h) * 60 + int(m)

    return (at(b.end) - at(b.start)) % (24 * 60)


def skeleton(plan: Plan) -> dict[str, object]:
    """Everything but the words: ids, times, kinds, months, numbers, links."""
    return {
        "id": plan.id,
        "version": plan.version,
        "principles": len(plan.principles),
        "templates": [
            (t.id, t.weekdays, [(b.id, b.start, b.end, b.kind) for b in t.blocks])
            for t in plan.templates
        ],
        "phases": [(p.id, p.first_month, p.last_month) for p in plan.phases],
        "goals": [(g.id, g.month, g.track) for g in plan.goals],
        "must_dos": [
            (m.id, m.kind, m.url, [(i.id, i.minutes, i.url) for i in m.items])
            for m in plan.must_dos
        ],
        "deliverables": [(d.id, d.every, d.type) for d in plan.deliverables],
        "capstones": [
            (c.id, c.priority, [(m.id, m.target, m.current) for m in c.measures])
            for c in plan.capstones
        ],
        "kpis": [(k.id, k.target, k.first_month, k.last_month) for k in plan.kpis],
        "skills": [(s.id, s.track, s.goals, s.links, s.status) for s in plan.skills],
        "freelance": plan.freelance.block if plan.freelance else None,
        "weekend": (
            (
                plan.weekend.min_hours,
                plan.weekend.max_hours,
                plan.weekend.study_template,
                plan.weekend.build_template,
            )
            if plan.weekend
            else None
        ),
        "habits": [(h.id, h.per_week, h.minutes, h.by_time) for h in plan.habits],
        "resources": [(r.id, r.kind, r.url) for r in plan.resources],
    }


# ---------------------------------------------------------------- the shipped plans


def test_both_languages_ship_and_load(plans: dict[str, Plan]) -> None:
    assert available_languages() == ["en", "zh"]
    for language, plan in plans.items():
        assert plan.id == DEFAULT_PLAN_ID
        assert plan.language == language
        assert default_plan_path(language) == PLANS_DIR / f"{DEFAULT_PLAN_ID}.{language}.toml"


def test_zh_and_en_share_ids_structure_and_times(plans: dict[str, Plan]) -> None:
    assert skeleton(plans["zh"]) == skeleton(plans["en"])


def test_words_differ_between_languages(plans: dict[str, Plan]) -> None:
    zh, en = plans["zh"], plans["en"]
    assert zh.name != en.name
    assert [g.text for g in zh.goals] != [g.text for g in en.goals]
    # Lecture titles are titles: English in both.
    assert [i.text for i in zh.must_dos[0].items] == [i.text for i in en.must_dos[0].items]


def test_zh_keeps_the_seeds_words(plans: dict[str, Plan]) -> None:
    zh = plans["zh"]
    assert any(p.startswith("以“工作优先、学习与实践并行”为原则") for p in zh.principles)
    assert any(p.startswith("输出优先于理论") for p in zh.principles)
    study = block(zh, "wd-study")
    assert (study.start, study.end, study.kind) == ("20:30", "22:30", "study")
    assert "针对性学习或项目迭代" in study.title
    social = block(zh, "fe-social")  # Friday keeps edition 1's evening
    assert (social.start, social.end, social.kind) == ("20:30", "22:30", "social")
    assert "网络/社群活动或休息" in social.title
    wednesday = block(zh, "se-social")  # Wednesday's comes after the workout
    assert (wednesday.start, wednesday.end, wednesday.title) == ("21:00", "22:30", social.title)
    titles = {m.id: m.title for m in zh.must_dos}
    assert titles == {
        "must-karpathy": "完成 Andrej Karpathy 的课程",
        "must-ship-app": "上架一款 app 应用",
    }
    texts = {g.text for g in zh.goals}
    for words in ("LLM 基础", "prompt/chain/agent 基本概念", "向量数据库", "简单微调/指令微调概念"):
        assert words in texts
    assert {c.title for c in zh.capstones} == {
        "工作效率 Agent",
        "面向客户的智能产品 MVP",
        "内部 AI 平台化",
    }
    lenny = next(r for r in zh.resources if r.id == "res-lennys-podcast")
    assert lenny.when == "每天早上"


def test_every_weekday_has_its_template(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        assert sorted(d for t in plan.templates for d in t.weekdays) == list(range(7))
        for weekday in (0, 1, 3):
            assert template_for(plan, weekday).id == "workday"
        assert template_for(plan, 2).id == "social-evening"  # Wednesday: workout + networking
        assert template_for(plan, 4).id == "friday-evening"
        assert template_for(plan, 5).id == "weekend-study"
        assert template_for(plan, 6).id == "weekend-build"


def test_day_templates_follow_the_seeds_day(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        ids = {b.id for t in plan.templates for b in t.blocks}
        assert {"wd-study", "se-social", "fe-social", "wb-weekly-review"} <= ids
        for template in plan.templates:
            kinds = {b.kind for b in template.blocks}
            assert kinds <= set(BLOCK_KINDS)
            sleep = [b for b in template.blocks if b.kind == "sleep"]
            assert [(b.start, b.end) for b in sleep] == [("23:00", "08:00")]
            starts = [b.start for b in template.blocks]
            assert starts[0] == "08:00"
            # No two blocks of a day overlap (sleep crosses midnight, so it goes last).
            day = [b for b in template.blocks if b.kind != "sleep"]
            for earlier, later in zip(day, day[1:], strict=False):
                assert earlier.end <= later.start, (template.id, earlier.id, later.id)
        work = template_for(plan, 0).blocks
        assert [(b.start, b.end) for b in work if b.kind == "work"] == [
            ("10:00", "12:00"),
            ("14:00", "18:00"),
            ("19:00", "20:00"),
        ]
        assert 90 <= minutes(block(plan, "wd-study")) <= 120
        review = block(plan, "wb-weekly-review")
        assert (review.start, review.end, review.kind) == ("20:30", "21:15", "study")
        saturday = sum(minutes(b) for b in template_for(plan, 5).blocks if b.kind == "study")
        sunday = sum(
            minutes(b) for b in template_for(plan, 6).blocks if b.kind in ("study", "build")
        )
        assert 4 * 60 <= saturday <= 8 * 60
        assert 6 * 60 <= saturday + sunday <= 10 * 60
        assert all(any(b.kind == "health" for b in template_for(plan, d).blocks) for d in (5, 6))


def test_roadmap_covers_every_month(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        assert [(p.id, p.first_month, p.last_month) for p in plan.phases] == [
            ("m0", 0, 0),
            ("p1", 1, 3),
            ("p2", 4, 6),
            ("p3", 7, 9),
            ("p4", 10, 12),
        ]
        for month in range(13):
            assert any(g.month == month for g in plan.goals), month
        for goal in plan.goals:
            assert goal.track in TRACKS
            assert goal.id.startswith(f"g-m{goal.month}-{goal.track}-")
        for phase in plan.phases[1:4]:  # months 1-9 have all three tracks
            tracks = {
                g.track for g in plan.goals if phase.first_month <= g.month <= phase.last_month
            }
            assert tracks == set(TRACKS), phase.id
        assert {g.track for g in plan.goals if g.month >= 10} == {"product", "output"}


def test_must_dos(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        karpathy, ship = plan.must_dos
        assert (karpathy.id, karpathy.kind) == ("must-karpathy", "course")
        assert karpathy.url == "https://karpathy.ai/zero-to-hero.html"
        # Zero to Hero's nine lectures; kz-8 (State of GPT, a talk) left in edition 2.
        assert [i.id for i in karpathy.items] == [f"kz-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 10)]
        assert all(i.minutes and i.minutes > 0 for i in karpathy.items)
        assert karpathy.items[0].minutes == 146
        assert karpathy.items[-1].text == "Let's reproduce GPT-2 (124M)"
        assert sum(i.minutes or 0 for i in karpathy.items) == 1117
        assert (ship.id, ship.kind) == ("must-ship-app", "ship")
        assert len(ship.items) == 7


def test_deliverables_capstones_kpis_habits(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        rules = {(d.every, d.type) for d in plan.deliverables}
        assert rules == {
            ("month", "case_study"),
            ("month", "demo"),
            ("month", "notes"),
            ("week", "weekly_learnings"),
            ("fortnight", "experiment"),
        }
        assert all(d.type in CARD_TYPES for d in plan.deliverables)
        assert [c.priority for c in plan.capstones] == [1, 2, 3]
        assert all(c.measures for c in plan.capstones)
        assert plan.capstones[1].measures[0].target == 50
        kpis = {k.id: k for k in plan.kpis}
        assert (kpis["study-hours"].target, kpis["study-hours"].unit) == (8, "h/week")
        assert kpis["projects-shipped"].target == 2
        assert kpis["case-studies"].target == 3
        habits = {h.id: h for h in plan.habits}
        assert (habits["workout"].per_week, habits["workout"].minutes) == (3, 45)
        assert habits["bedtime"].by_time == "23:00"
        assert habits["learn-in-public"].per_week == 7


def test_resources(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        by_id = {r.id: r for r in plan.resources}
        assert all(r.kind in RESOURCE_KINDS for r in plan.resources)
        assert by_id["res-every"].url == "https://every.to"
        assert by_id["res-ainews"].url == "https://news.smol.ai"
        assert by_id["res-ai-valley"].url == "https://www.theaivalley.com/"
        assert by_id["res-peter-yang"].kind == by_id["res-lennys-podcast"].kind == "podcast"
        assert by_id["res-karpathy-channel"].kind == "video"
        assert by_id["res-inspired"].kind == "book"
        kinds = {r.kind for r in plan.resources}
        assert {"podcast", "video", "newsletter", "course", "book", "tool", "docs"} <= kinds


def test_default_plan_path_falls_back_to_english() -> None:
    english = PLANS_DIR / f"{DEFAULT_PLAN_ID}.en.toml"
    assert default_plan_path("fr") == english
    assert default_plan_path("") == english
    assert default_plan_path("../../etc") == english
    assert default_plan_path("zh-CN") == PLANS_DIR / f"{DEFAULT_PLAN_ID}.zh.toml"
    assert default_plan_path("zh_Hans") == PLANS_DIR / f"{DEFAULT_PLAN_ID}.zh.toml"
    assert load_default_plan("de").language == "en"


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("language", LANGUAGES)
def test_dump_then_parse_is_equal(plans: dict[str, Plan], language: str) -> None:
    plan = plans[language]
    text = dump_plan(plan)
    assert parse_plan(text) == plan
    assert dump_plan(parse_plan(text)) == text
    assert "weekdays = [0, 1, 3]" in text


def test_dump_keeps_done_state_and_drops_none() -> None:
    plan = load_default_plan("en")
    plan.goals[0].done = True
    plan.goals[0].done_on = "2026-01-05"
    plan.must_dos[0].items[2].done = True
    plan.resources[0].status = "in_progress"
    plan.capstones[0].measures[0].current = 12.5
    text = dump_plan(plan)
    assert "null" not in text and "None" not in text
    again = parse_plan(text)
    assert again == plan
    assert again.goals[0].done_on == "2026-01-05"
    assert again.capstones[0].measures[0].current == 12.5


def test_plan_from_dict_checks_too() -> None:
    plan = load_default_plan("en")
    assert plan_from_dict(plan.to_dict()) == plan
    data = plan.to_dict()
    data["goals"][3]["track"] = "design"
    with pytest.raises(PlanError) as info:
        plan_from_dict(data)
    assert info.value.field == "goals[3].track"
    assert info.value.line is None


def _line(text: str, number: int) -> str:
    return text.splitlines()[number - 1].strip()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from([(0, 0, "start"), (1, 8, "end"), (4, 11, "start"), (3, 9, "end")]),
    value=st.one_of(
        st.text(max_size=8),
        st.from_regex(r"\A[0-9]{1,2}:[0-9]{1,2}\Z"),
        st.from_regex(TIME, fullmatch=True),
    ),
)
def test_a_mutated_time_is_valid_or_named(where: tuple[int, int, str], value: str) -> None:
    t, b, key = where
    plan = load_default_plan("en")
    target = plan.templates[t].blocks[b]
    other = target.end if key == "start" else target.start
    assume(value != other)  # equal start and end is its own error
    setattr(target, key, value)
    text = dump_plan(plan)
    if TIME.fullmatch(value):
        assert parse_plan(text) == plan
        return
    with pytest.raises(PlanError) as info:
        parse_plan(text)
    error = info.value
    assert error.field == f"templates[{t}].blocks[{b}].{key}"
    assert error.line is not None
    assert _line(text, error.line).startswith(f"{key} =")
    assert f"line {error.line}, templates[{t}].blocks[{b}].{key}:" in str(error)


# ---------------------------------------------------------------- bad input

MINIMAL = """\
id = "tiny"
name = "Tiny plan"
language = "en"

[[templates]]
id = "every-day"
name = "Every day"
weekdays = [0, 1, 2, 3, 4, 5, 6]

[[templates.blocks]]
id = "study"
start = "20:30"
end = "22:30"
title = "Study"
kind = "study"

[[goals]]
id = "g1"
month = 1
track = "tech"
text = "LLM basics"

[[goals]]
id = "g2"
month = 2
track = "product"
text = "Write a PRD"

[[resources]]
id = "r1"
title = "Lenny's Podcast"
kind = "podcast"
"""


def line_number(text: str, fragment: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[occurrence - 1]


def bad(text: str) -> PlanError:
    with pytest.raises(PlanError) as info:
        parse_plan(text)
    return info.value


def test_minimal_plan_is_fine() -> None:
    plan = parse_plan(MINIMAL)
    assert [g.id for g in plan.goals] == ["g1", "g2"]
    assert plan.templates[0].blocks[0].kind == "study"


def test_toml_syntax_error_has_a_line() -> None:
    text = MINIMAL.replace('text = "Write a PRD"', 'text = "Write a PRD')
    error = bad(text)
    assert error.line == line_number(text, 'text = "Write a PRD')
    assert error.field == ""
    assert str(error).startswith(f"plan.toml line {error.line}: not valid TOML")


def test_toml_error_at_end_of_file() -> None:
    error = bad(MINIMAL + "x = [1, 2\n")
    assert error.line is not None
    assert "not valid TOML" in error.message


def test_bad_track_names_line_and_field() -> None:
    text = MINIMAL.replace('track = "product"', 'track = "design"')
    error = bad(text)
    assert error.field == "goals[1].track"
    assert error.line == line_number(text, 'track = "design"')
    assert str(error) == (
        f"plan.toml line {error.line}, goals[1].track: must be one of tech, product, output"
    )


def test_bad_track_in_a_shipped_plan() -> None:
    plan = load_default_plan("zh")
    plan.goals[3].track = "marketing"
    text = dump_plan(plan)
    error = bad(text)
    assert error.field == "goals[3].track"
    assert _line(text, error.line or 0) == 'track = "marketing"'
    # ... and it is the line inside the fourth [[goals]] table.
    assert error.line > line_number(text, "[[goals]]", 4)
    assert error.line < line_number(text, "[[goals]]", 5)


def test_missing_required_key_points_at_its_table() -> None:
    text = MINIMAL.replace('text = "LLM basics"\n', "")
    error = bad(text)
    assert error.field == "goals[0].text"
    assert error.message == "is required"
    assert error.line == line_number(text, "[[goals]]", 1)


def test_missing_top_level_key() -> None:
    error = bad(MINIMAL.replace('name = "Tiny plan"\n', ""))
    assert error.field == "name"
    assert error.message == "is required"


def test_duplicate_id() -> None:
    text = MINIMAL.replace('id = "g2"', 'id = "g1"')
    error = bad(text)
    assert error.field == "goals[1].id"
    assert "duplicate id 'g1'" in error.message
    assert error.line == line_number(text, 'id = "g1"', 2)


def test_duplicate_block_id_across_templates() -> None:
    text = MINIMAL.replace("weekdays = [0, 1, 2, 3, 4, 5, 6]", "weekdays = [0, 1, 2, 3, 4, 5]")
    text += '\n[[templates]]\nid = "sunday"\nname = "Sunday"\nweekdays = [6]\n'
    text += '\n[[templates.blocks]]\nid = "study"\nstart = "09:00"\nend = "10:00"\ntitle = "x"\n'
    error = bad(text)
    assert error.field == "templates[1].blocks[0].id"
    assert error.line == line_number(text, 'id = "study"', 2)


def test_uncovered_weekday() -> None:
    text = MINIMAL.replace("weekdays = [0, 1, 2, 3, 4, 5, 6]", "weekdays = [0, 1, 2, 3, 4, 5]")
    error = bad(text)
    assert error.field == "templates"
    assert "Sunday (6)" in error.message
    assert error.line == line_number(text, "[[templates]]")


def test_weekday_covered_twice() -> None:
    text = MINIMAL + '\n[[templates]]\nid = "again"\nname = "Again"\nweekdays = [2]\n'
    error = bad(text)
    assert error.field == "templates[1].weekdays[0]"
    assert "Wednesday (2) is already covered by template 'every-day'" in error.message
    assert error.line == line_number(text, "weekdays = [2]")


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ('start = "20:30"', 'start = "24:00"', "templates[0].blocks[0].start", "HH:MM"),
        ('start = "20:30"', 'start = "8:30"', "templates[0].blocks[0].start", "HH:MM"),
        ('end = "22:30"', 'end = "20:30"', "templates[0].blocks[0].end", "differ"),
        ('kind = "study"', 'kind = "nap"', "templates[0].blocks[0].kind", "must be one of"),
        ("weekdays = [0,", "weekdays = [7,", "templates[0].weekdays[0]", "between 0 and 6"),
        ("month = 2", "month = 13", "goals[1].month", "between 0 and 12"),
        ("month = 2", 'month = "2"', "goals[1].month", "whole number"),
        ("month = 2", "month = true", "goals[1].month", "whole number"),
        ('kind = "podcast"', 'kind = "blog"', "resources[0].kind", "must be one of"),
        ('id = "g1"', 'id = " "', "goals[0].id", "must not be empty"),
        ('id = "tiny"', "id = 3", "id", "must be a string"),
    ],
)
def test_bad_values(old: str, new: str, field: str, says: str) -> None:
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    error = bad(text)
    assert error.field == field
    assert says in error.message
    assert error.line == line_number(text, new)


def test_phase_months_in_order() -> None:
    text = MINIMAL + '\n[[phases]]\nid = "p1"\ntitle = "B"\nfirst_month = 3\nlast_month = 1\n'
    error = bad(text)
    assert error.field == "phases[0].last_month"
    assert "must not be before first_month (3)" in error.message
    assert error.line == line_number(text, "last_month = 1")


def test_deliverable_and_habit_rules() -> None:
    extra = """
[[phases]]
id = "p1"
title = "Basics"
first_month = 1
last_month = 13

[[deliverables]]
id = "d1"
every = "day"
type = "case_study"
title = "Case study"

[[habits]]
id = "bed"
title = "Bed"
by_time = "25:00"
"""
    error = bad(MINIMAL + extra)
    fields = [p.field for p in error.problems]
    assert fields == ["phases[0].last_month", "deliverables[0].every", "habits[0].by_time"]
    assert error.field == "phases[0].last_month"
    assert "between 0 and 12" in error.message
    lines = [p.line for p in error.problems]
    assert lines == sorted(lines)


def test_all_problems_are_listed_first_in_file_order() -> None:
    text = MINIMAL.replace('track = "product"', 'track = "x"').replace('kind = "study"', "kind = 1")
    error = bad(text)
    assert [p.field for p in error.problems] == ["templates[0].blocks[0].kind", "goals[1].track"]
    assert error.problems[0] is error


def test_wrong_shapes() -> None:
    text = 'goals = "none"\n' + MINIMAL.split("[[goals]]")[0]
    error = bad(text)
    assert error.field == "goals"
    assert "array of tables" in error.message
    assert error.line == 1
    error = bad(MINIMAL.replace("weekdays = [0, 1, 2, 3, 4, 5, 6]", 'weekdays = "all"'))
    assert error.field == "templates[0].weekdays"
    assert error.message == "must be a list of whole numbers"


def test_inline_tables_still_get_a_line() -> None:
    inline = """\
id = "tiny"
name = "Tiny"
language = "en"
templates = [
    { id = "all", name = "All", weekdays = [0, 1, 2, 3, 4, 5, 6], blocks = [] },
]
goals = [
    { id = "g1", month = 1, track = "nope", text = "x" },
]
"""
    error = bad(inline)
    assert error.field == "goals[0].track"
    assert error.line == line_number(inline, "goals = [")


def test_load_plan_errors_name_the_file(tmp_path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL.replace('track = "tech"', 'track = "art"'), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert str(info.value).startswith("mine.toml line ")
    with pytest.raises(FileNotFoundError):
        load_plan(tmp_path / "missing.toml")
    path.write_bytes(b'id = "\xff"\n')
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.source == "mine.toml"
    assert "UTF-8" in info.value.message
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_plan(path) == parse_plan(MINIMAL)


def test_multiline_strings_do_not_look_like_tables() -> None:
    text = MINIMAL.replace(
        'text = "LLM basics"', 'text = """LLM basics\n[[goals]]\ntrack = "fake"\n"""'
    ).replace('track = "product"', 'track = "nope"')
    error = bad(text)
    assert error.field == "goals[1].track"
    assert error.line == line_number(text, 'track = "nope"')


def test_quotes_inside_one_line_strings_do_not_open_multiline_strings() -> None:
    triple = "'" * 3
    text = MINIMAL.replace('text = "LLM basics"', f'text = "LLM {triple} basics"  # {triple}')
    text = text.replace('track = "product"', 'track = "nope"')
    error = bad(text)
    assert error.field == "goals[1].track"
    assert error.line == line_number(text, 'track = "nope"')


# ---------------------------------------------------------------- edition 2 (issue 13)

# Section 五's skills as issue 13 lists them: (track, words that must appear in the English title
# or topics, the same in Chinese).
SECTION_FIVE = [
    ("tech", ["attention", "tokens", "context window", "fine-tuning", "RLHF"], ["注意力"]),
    ("tech", ["Prompt", "chain"], ["prompt", "chain"]),
    ("tech", ["Agent"], ["agents"]),
    ("tech", ["RAG", "Pinecone", "Milvus", "Weaviate"], ["RAG", "向量数据库"]),
    ("tech", ["LlamaIndex", "LangChain"], ["LlamaIndex", "LangChain", "深用"]),
    ("tech", ["OpenAI", "Anthropic", "Mistral", "Llama", "cost"], ["model selection", "成本优化"]),
    ("tech", ["Monitoring", "SLO"], ["监控", "SLO"]),
    ("tech", ["Safety", "privacy"], ["安全", "隐私"]),
    ("product", ["User research"], ["用户研究"]),
    ("product", ["RICE", "ICE"], ["RICE", "ICE", "优先级"]),
    ("product", ["PRD"], ["PRD 写作"]),
    ("product", ["Roadmap"], ["roadmap"]),
    ("product", ["AARRR", "North Star"], ["AARRR", "北极星指标"]),
    ("product", ["Go-to-market"], ["GTM"]),
    ("product", ["Pricing"], ["定价"]),
    ("product", ["Communication", "cross-functional"], ["沟通", "跨职能协调"]),
]


def test_the_skills_map_holds_section_five(plans: dict[str, Plan]) -> None:
    en, zh = plans["en"], plans["zh"]
    assert [s.id for s in en.skills] == [s.id for s in zh.skills]
    assert len(en.skills) == len(SECTION_FIVE)
    for (track, en_words, zh_words), skill_en, skill_zh in zip(
        SECTION_FIVE, en.skills, zh.skills, strict=True
    ):
        assert skill_en.track == skill_zh.track == track
        words_en = " ".join([skill_en.title, *skill_en.topics])
        words_zh = " ".join([skill_zh.title, *skill_zh.topics])
        for word in en_words:
            assert word in words_en, (skill_en.id, word)
        for word in zh_words:
            assert word in words_zh, (skill_zh.id, word)
        assert skill_en.status == skill_zh.status == "not_started"
        assert skill_en.labels and skill_zh.labels  # focus labels that count time for it
    for plan in (en, zh):
        goals = {g.id: g for g in plan.goals}
        for skill in plan.skills:
            assert skill.goals and all(g in goals for g in skill.goals), skill.id
            if skill.track == "tech":  # a tech skill is touched by a tech goal
                assert any(goals[g].track == "tech" for g in skill.goals), skill.id


def test_a_goal_that_names_no_skill_is_refused() -> None:
    text = MINIMAL + (
        '\n[[skills]]\nid = "s1"\ntrack = "tech"\ntitle = "RAG"\ngoals = ["g1", "g9"]\n'
    )
    error = bad(text)
    assert error.field == "skills[0].goals[1]"
    assert "no goal 'g9'" in error.message
    assert error.line == line_number(text, 'goals = ["g1", "g9"]')
    error = bad(
        text.replace('"g9"', '"g2"').replace(
            'track = "tech"\ntitle = "RAG"', 'track = "x"\ntitle = "RAG"'
        )
    )
    assert error.field == "skills[0].track"


def test_three_workouts_a_week(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        health = [
            (day, b)
            for day in range(7)
            for b in template_for(plan, day).blocks
            if b.kind == "health"
        ]
        assert [day for day, _b in health] == [2, 5, 6]  # Wednesday, Saturday, Sunday
        assert all(30 <= minutes(b) <= 45 for _day, b in health)
        habit = next(h for h in plan.habits if h.id == "workout")
        assert habit.per_week == len(health)
        # The morning's light exercise stays a routine block, not a workout.
        assert block(plan, "wd-morning").kind == "routine"


def test_publishing_is_output_not_rest(plans: dict[str, Plan]) -> None:
    assert "publish" in BLOCK_KINDS
    for plan in plans.values():
        for day in range(7):
            posts = [b for b in template_for(plan, day).blocks if b.kind == "publish"]
            assert [(b.start, b.end) for b in posts] == [("22:30", "23:00")], day
        rest = [b for t in plan.templates for b in t.blocks if b.kind == "rest"]
        assert not any("Learn in public" in b.title or "learn in public" in b.title for b in rest)


def test_freelancing_is_an_optional_weekend_block(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        assert plan.freelance is not None
        found = block(plan, plan.freelance.block)
        assert found.kind == "work"
        days = [d for d in range(7) if found in template_for(plan, d).blocks]
        assert days == [5]  # Saturday evening, before free time
        assert len(plan.freelance.offers) == 2
    assert "optional" in block(plans["en"], "ws-freelance").title
    assert "可选" in block(plans["zh"], "ws-freelance").title
    assert "AI 产品设计" in plans["zh"].freelance.offers


def test_weekend_guidance(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        guide = plan.weekend
        assert guide is not None
        assert (guide.min_hours, guide.max_hours) == (6, 10)
        assert template_for(plan, 5).id == guide.study_template
        assert template_for(plan, 6).id == guide.build_template
        assert "6–10" in guide.text


def test_zero_to_hero_lectures_and_other_talks(plans: dict[str, Plan]) -> None:
    lectures = [
        (
            "kz-1",
            "The spelled-out intro to neural networks and backpropagation: building micrograd",
        ),
        ("kz-2", "The spelled-out intro to language modeling: building makemore"),
        ("kz-3", "Building makemore Part 2: MLP"),
        ("kz-4", "Building makemore Part 3: Activations & Gradients, BatchNorm"),
        ("kz-5", "Building makemore Part 4: Becoming a Backprop Ninja"),
        ("kz-6", "Building makemore Part 5: Building a WaveNet"),
        ("kz-7", "Let's build GPT: from scratch, in code, spelled out"),
        ("kz-9", "Let's build the GPT Tokenizer"),
        ("kz-10", "Let's reproduce GPT-2 (124M)"),
    ]
    for plan in plans.values():
        course = next(m for m in plan.must_dos if m.kind == "course")
        assert [(i.id, i.text) for i in course.items] == lectures
        assert [i.minutes for i in course.items] == [146, 118, 75, 116, 115, 56, 116, 133, 242]
        talks = {r.id: r for r in plan.resources}
        for talk in ("res-state-of-gpt", "res-intro-to-llms", "res-deep-dive-llms"):
            assert talks[talk].kind == "video"
            assert talks[talk].url.startswith("https://www.youtube.com/watch?v=")
        assert talks["res-state-of-gpt"].title == "State of GPT"


def test_impact_and_job_move_kpis(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        kpis = {k.id: k for k in plan.kpis}
        assert (kpis["role-change"].first_month, kpis["role-change"].last_month) == (9, 12)
        assert kpis["impact"].unit in ("h/month", "小时/月")
        measures = [m.id for c in plan.capstones for m in c.measures]
        assert "hours-saved" in measures and len(set(measures)) == len(measures) == 9


def test_kpi_window_and_weekend_rules_are_checked() -> None:
    text = MINIMAL + '\n[[kpis]]\nid = "k"\ntitle = "Move"\nfirst_month = 9\nlast_month = 3\n'
    error = bad(text)
    assert error.field == "kpis[0].last_month"
    assert error.line == line_number(text, "last_month = 3")
    text = (
        MINIMAL
        + '\n[weekend]\ntext = "6-10"\nmin_hours = 10\nmax_hours = 6\nstudy_template = "nope"\n'
    )
    error = bad(text)
    assert [p.field for p in error.problems] == ["weekend.max_hours", "weekend.study_template"]
    assert error.problems[0].line == line_number(text, "max_hours = 6")
    assert error.problems[1].line == line_number(text, 'study_template = "nope"')
    text = MINIMAL + '\n[freelance]\ntitle = "Consulting"\nblock = "nowhere"\n'
    error = bad(text)
    assert error.field == "freelance.block"
    assert error.line == line_number(text, 'block = "nowhere"')


def test_every_block_kind_is_named_and_drawn() -> None:
    from cadence.export.ics import ALARM_KINDS
    from cadence.i18n import ZH
    from cadence.widgets.block_list import KIND_CELLS, KIND_STYLES

    for kind in BLOCK_KINDS:
        assert kind in ZH, kind  # the kind column is translated
        assert len(kind) <= KIND_CELLS
    assert set(KIND_STYLES) <= set(BLOCK_KINDS)
    assert set(ALARM_KINDS) <= set(BLOCK_KINDS)
    # Publishing is output: drawn bold like study and build, and it reminds.
    assert "bold" in KIND_STYLES["publish"] and "publish" in ALARM_KINDS
