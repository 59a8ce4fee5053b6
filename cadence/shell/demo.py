"""Demo history: months of plausible use of the default plan, made up fast and deterministically.

``write_demo`` fills an empty data folder with a plan that started ``months``
months ago and everything a steady learner would have logged since: block
states, focus sessions, daily and weekly reviews, board cards, goals ticked off
and Karpathy lectures watched. The same seed gives byte-identical files (ids
come from the seeded generator, never from ``uuid``), and nothing is dated
after the clock's "now".

For speed every file is written in a single transaction: the records are built
in memory first, then each file gets one ``insert_multiple``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pendulum
from pendulum import Date, DateTime

from cadence.clock import Clock
from cadence.data import models
from cadence.data.repository import BOARD, CAREER, WEEKLY, Repository
from cadence.data.seed import ensure_plan
from cadence.data.store import Store
from cadence.domain.plan_time import LAST_MONTH, month_of, month_span
from cadence.domain.schedule import ScheduledBlock, blocks_for, logical_date

POMODORO = timedelta(minutes=25)
SHORT_BREAK = timedelta(minutes=5)
LONG_BREAK = timedelta(minutes=15)

# Share of past blocks marked done, by kind; the rest is mostly skipped.
DONE_RATE = {
    "routine": 0.85,
    "work": 0.98,
    "commute": 0.95,
    "meal": 0.95,
    "listen": 0.8,
    "study": 0.75,
    "build": 0.8,
    "social": 0.6,
    "rest": 0.9,
    "health": 0.65,
    "sleep": 0.8,
    "publish": 0.6,
}
# The optional weekend freelancing block: done on the odd weekend with a client.
FREELANCE_RATE = 0.25

# When each must-ship step is done, by plan month (done once that month is over).
SHIP_STEPS = {
    "ship-idea": 1,
    "ship-prd": 3,
    "ship-prototype": 5,
    "ship-beta": 6,
    "ship-listing": 8,
    "ship-release": 9,
    "ship-first-users": 10,
}

# Karpathy lectures by their plan ids: a short name for session labels.
LECTURES = {
    "kz-1": "micrograd",
    "kz-2": "makemore",
    "kz-3": "makemore MLP",
    "kz-4": "BatchNorm",
    "kz-5": "backprop ninja",
    "kz-6": "WaveNet",
    "kz-7": "GPT from scratch",
    "kz-9": "GPT tokenizer",
    "kz-10": "GPT-2 (124M)",
}
# Focused time per lecture minute (pausing, coding along, notes).
LECTURE_FACTOR = 2.5

# Capstones: the plan month they start in, and demo values for their measures.
CAPSTONE_START = (3, 5, 8)
CAPSTONE_VALUES = ((12.0, 8.0, 3.5), (46.0, 72.0, 18.0), (30.0, 24.0, 4.2))

Text = tuple[str, str]  # (English, Chinese)

# Per plan month: its theme and a few study tasks ("{n}" is a running chapter number).
MONTHS: list[tuple[Text, list[Text]]] = [
    (
        ("target roles and a first case", "目标岗位与第一个 case"),
        [
            ("Research target companies", "调研目标公司"),
            ("Set up the Notion workspace", "搭建 Notion 学习仓库"),
            ("Agent case write-up", "整理已有 agent 产品经验"),
        ],
    ),
    (
        ("LLM basics and agents", "LLM 基础与 agent"),
        [
            ("Read Inspired ch. {n}", "读《Inspired》第 {n} 章"),
            ("Prompt / chain / agent notes", "prompt / chain / agent 笔记"),
            ("LLM basics: attention and tokens", "LLM 基础：注意力与 token"),
        ],
    ),
    (
        ("vector databases and PRDs", "向量数据库与 PRD"),
        [
            ("Vector DB tutorial", "向量数据库教程"),
            ("PRD draft", "PRD 草稿"),
            ("User stories practice", "用户故事练习"),
            ("Agent iteration: recall eval", "agent 迭代：召回率评估"),
        ],
    ),
    (
        ("fine-tuning and KPIs", "微调与 KPI"),
        [
            ("Instruction tuning notes", "指令微调笔记"),
            ("KPI tree for the agent", "为 agent 画 KPI 树"),
            ("Case study draft", "case study 草稿"),
        ],
    ),
    (
        ("LLM system design and user research", "LLM 系统设计与用户研究"),
        [
            ("System design: cost vs latency", "系统设计：成本与延迟"),
            ("User interview script", "用户访谈提纲"),
            ("Full PRD", "完整 PRD"),
        ],
    ),
    (
        ("LLMOps and business models", "LLMOps 与商业模式"),
        [
            ("LLMOps: monitoring and cost", "LLMOps：监控与成本"),
            ("Business model canvas", "商业模式画布"),
            ("Pricing and GTM reading", "定价与 GTM 阅读"),
        ],
    ),
    (
        ("agent orchestration and success metrics", "agent 编排与成功指标"),
        [
            ("Agent orchestration demo", "agent 编排 demo"),
            ("Success metrics doc", "成功指标文档"),
            ("Early-user outreach", "联系早期用户"),
        ],
    ),
    (
        ("RAG and A/B tests", "RAG 与 A/B 测试"),
        [
            ("RAG pipeline", "RAG 流水线"),
            ("A/B test design", "A/B 测试设计"),
            ("Growth experiment", "增长实验"),
        ],
    ),
    (
        ("multimodal models and roadmaps", "多模态模型与 roadmap"),
        [
            ("Multimodal model survey", "多模态模型调研"),
            ("Roadmap draft", "roadmap 草稿"),
        ],
    ),
    (
        ("safety, privacy and working across teams", "安全、隐私与跨部门协作"),
        [
            ("Safety and compliance reading", "安全与合规阅读"),
            ("Privacy approaches", "隐私方案"),
            ("Case study write-up", "case study 整理"),
        ],
    ),
    (
        ("résumé and portfolio", "简历与作品集"),
        [
            ("Résumé cases", "简历案例"),
            ("STAR answers with metrics", "STAR + 数据的面试答案"),
            ("Portfolio polish", "作品集打磨"),
        ],
    ),
    (
        ("mock interviews and the internal pitch", "模拟面试与内部 pitch"),
        [
            ("Mock PM interview", "模拟 PM 面试"),
            ("Internal pitch deck", "内部 pitch 材料"),
        ],
    ),
    (
        ("applying and negotiating", "投递与谈判"),
        [
            ("Applications", "投递简历"),
            ("Interview prep", "面试准备"),
        ],
    ),
]

# Per plan month: things one learns (daily and weekly reviews).
LEARNED: list[list[Text]] = [
    [
        ("AI PM roles split into technical and GTM", "AI PM 岗位分偏技术和偏 GTM 两类"),
        ("My agent work already has a story to tell", "已有的 agent 经验本身就是一个 case"),
        ("A repo of notes beats scattered bookmarks", "一个笔记仓库胜过零散的收藏"),
    ],
    [
        ("Attention is a weighted average over tokens", "注意力就是对 token 的加权平均"),
        ("Backprop is just the chain rule, node by node", "反向传播就是逐个节点的链式法则"),
        ("Good teams discover the product before building it", "好团队先发现产品再动手做"),
        ("An agent is a loop: plan, act, observe", "agent 就是一个循环：计划、行动、观察"),
    ],
    [
        ("Embeddings make similarity a distance", "embedding 把相似度变成距离"),
        ("A PRD states the problem before the solution", "PRD 先写问题，再写方案"),
        ("User stories need acceptance criteria", "用户故事要有验收标准"),
        ("Recall went up once chunks got smaller", "把 chunk 切小后召回率上升了"),
    ],
    [
        ("Fine-tuning changes style more than knowledge", "微调改变的更多是风格而非知识"),
        ("One north-star metric, a few input metrics", "一个北极星指标，几个输入指标"),
        ("A case study needs numbers before and after", "case study 要有前后对比的数据"),
    ],
    [
        ("Latency and cost trade against quality", "延迟和成本要和质量做取舍"),
        ("Ask users about the last time, not the ideal", "问用户上一次怎么做，而不是理想情况"),
        ("Split requirements by user job", "按用户任务拆需求"),
    ],
    [
        ("Log every call: tokens, latency, cost", "每次调用都要记录 token、延迟和成本"),
        ("Price on value, not on tokens", "按价值定价，而不是按 token"),
        ("An MVP answers one question", "MVP 只回答一个问题"),
    ],
    [
        ("Orchestration is mostly error handling", "编排大部分是在处理错误"),
        ("Success metrics come before the launch", "成功指标要在上线前定好"),
        ("Ten real users teach more than a hundred opinions", "十个真实用户胜过一百个意见"),
    ],
    [
        ("RAG quality is retrieval quality", "RAG 的质量就是检索的质量"),
        ("Size an A/B test before running it", "A/B 测试先算样本量再开跑"),
        ("Ship small, measure, iterate", "小步发布、度量、迭代"),
    ],
    [
        ("Vision models read screenshots well enough", "视觉模型看截图已经够用"),
        ("A roadmap is a bet list, not a promise", "roadmap 是一组押注，不是承诺"),
    ],
    [
        ("Red-team prompts before users do", "在用户之前先做 prompt 红队测试"),
        ("Keep personal data out of the prompt", "个人数据不要进 prompt"),
        ("Legal wants examples, not principles", "法务要的是例子，不是原则"),
    ],
    [
        ("Lead each résumé line with impact", "简历每一行先写影响"),
        ("STAR answers need a number at the end", "STAR 答案最后要落到数字上"),
    ],
    [
        ("Mock interviews expose vague metrics", "模拟面试暴露了模糊的指标"),
        ("An internal pitch is a cost-saving story", "内部 pitch 讲的是节省成本的故事"),
    ],
    [
        ("Negotiate on scope as well as pay", "谈判不只谈薪资，也谈职责范围"),
        ("Every interview sharpens the story", "每次面试都让故事更清楚"),
    ],
]

NEXT_WEEK: list[Text] = [
    ("Post three notes on Xiaohongshu", "在小红书发 3 篇笔记"),
    ("Two workouts", "运动两次"),
    ("In bed before 23:00 every night", "每晚 23:00 前睡觉"),
    ("Review last week's notes", "复习上周的笔记"),
]
NEXT_WEEK_TASK: Text = ("Finish: {task}", "完成：{task}")
KARPATHY: Text = ("Karpathy: {name}", "Karpathy：{name}")
KARPATHY_DONE: Text = ("Hugging Face course", "Hugging Face 课程")
CARD_TITLES = {
    "case_study": ("Case study: {topic}", "case study：{topic}"),
    "demo": ("Demo: {topic}", "demo：{topic}"),
    "notes": ("Notes: {topic}", "学习笔记：{topic}"),
}
CARD_STEPS = {
    "case_study": [
        ("Outline", "提纲"),
        ("Collect data", "收集数据"),
        ("Draft", "初稿"),
        ("Publish", "发布"),
    ],
    "demo": [("Scope", "确定范围"), ("Build", "开发"), ("Record a walkthrough", "录制演示")],
    "notes": [("Summaries", "摘要"), ("Key papers", "核心论文")],
}
POST_WHERE = ("Xiaohongshu", "小红书")
WEEKLY_REVIEW_BLOCK = "weekly-review"
WIND_DOWN_BLOCK = "wind-down"
FREELANCE_BLOCK = "freelance"


# Freelance engagements and the cases they gave (section 八), and job-move leads (months 9–12).
FREELANCE_JOBS: list[tuple[Text, Text]] = [
    (
        ("Agent launch for a bakery chain", "为连锁烘焙店上线订单 agent"),
        ("Phone orders halved by an order-taking agent", "订单 agent 让电话订单减少一半"),
    ),
    (
        ("AI product design review for a SaaS start-up", "为 SaaS 初创公司做 AI 产品设计评审"),
        ("A PRD template for LLM features", "一份 LLM 功能的 PRD 模板"),
    ),
    (
        ("Support-bot pilot for a clinic", "为诊所做客服机器人试点"),
        ("Retrieval quality decides a support bot", "检索质量决定客服机器人的好坏"),
    ),
]
JOB_LEADS: list[tuple[str, Text, str]] = [
    ("Acme AI", ("AI Product Manager", "AI 产品经理"), "offer"),
    ("Northwind Labs", ("PM, LLM Platform", "LLM 平台产品经理"), "interview"),
    ("Internal: Developer Tools", ("AI PM (internal move)", "AI 产品经理（内部转岗）"), "applied"),
    ("Contoso", ("Product Manager, Agents", "Agent 产品经理"), "target"),
]


def _pick(text: Text, language: str) -> str:
    return text[1] if language == "zh" else text[0]


def _iso(moment: DateTime) -> str:
    return moment.isoformat()


@dataclass
class _Month:
    """Cards made for one plan month: their ids by card type."""

    cards: dict[str, str] = field(default_factory=dict)
    chapter: int = 0


@dataclass
class _Demo:
    """The state of one generation run."""

    rng: random.Random
    language: str
    tz: str
    now: DateTime
    today: Date
    plan_start: Date
    plan: models.Plan
    months: dict[int, _Month] = field(default_factory=dict)
    lectures: list[tuple[str, float]] = field(default_factory=list)  # (id, seconds needed)
    lecture_index: int = 0
    lecture_spent: float = 0.0
    reviewed: bool = True  # whether the day before got its daily review
    days: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    sessions: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    reviews: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    weekly: list[dict[str, Any]] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    career: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    # ------------------------------------------------------------ helpers

    def new_id(self) -> str:
        return f"{self.rng.getrandbits(48):012x}"

    def text(self, pair: Text, **values: Any) -> str:
        return _pick(pair, self.language).format(**values)

    def at(self, day: Date, hour: int, minute: int) -> DateTime:
        return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=self.tz)

    def plan_month(self, day: Date) -> int:
        index = month_of(self.plan_start, day)
        return min(LAST_MONTH, index if index is not None else 0)

    def current_month(self) -> int:
        """The plan month of today: 0–12, or 13 once the plan is over."""
        index = month_of(self.plan_start, self.today)
        return index if index is not None else 0

    # ------------------------------------------------------------ board

    def make_cards(self) -> None:
        current = self.current_month()
        output_goals: dict[int, str] = {}
        for goal in self.plan.goals:
            if goal.track == "output":
                output_goals.setdefault(goal.month, goal.id)
        order: dict[str, float] = defaultdict(float)
        for month in range(min(current, LAST_MONTH) + 1):
            span = month_span(self.plan_start, month)
            topic = self.text(MONTHS[month][0])
            record = self.months.setdefault(month, _Month())
            created = _iso(self.at(span.first, 9, 0))
            for kind, title in CARD_TITLES.items():
                card_id = self.new_id()
                record.cards[kind] = card_id
                steps = CARD_STEPS[kind]
                if month < current:
                    column = "done"
                    done_steps = len(steps)
                    finished = min(span.last, self.today.subtract(days=1))
                    finished = max(span.first, finished.subtract(days=self.rng.randint(0, 6)))
                    updated = _iso(self.at(finished, 21, 30))
                else:
                    column = {"case_study": "doing", "demo": "week", "notes": "doing"}[kind]
                    done_steps = self.rng.randint(0, len(steps) - 1)
                    updated = created
                checklist = [
                    models.ChecklistItem(self.text(step), id=self.new_id(), done=i < done_steps)
                    for i, step in enumerate(steps)
                ]
                order[column] += 1.0
                card = models.Deliverable(
                    title=_pick(title, self.language).format(topic=topic),
                    type=kind,
                    column=column,
                    order=order[column],
                    id=card_id,
                    due=span.last.isoformat(),
                    month=month,
                    goal_id=output_goals.get(month) if kind == "case_study" else None,
                    checklist=checklist,
                    source=f"{kind}:{month}",
                    created=created,
                    updated=updated,
                )
                self.cards.append(card.to_dict())
        for index, capstone in enumerate(self.plan.capstones):
            start = CAPSTONE_START[index % len(CAPSTONE_START)]
            values = CAPSTONE_VALUES[index % len(CAPSTONE_VALUES)]
            if current < start:
                column, filled = "backlog", 0
            elif current <= LAST_MONTH:
                column, filled = "doing", min(len(capstone.measures), 1 + (current - start) // 2)
            else:
                column, filled = "done", len(capstone.measures)
            measures = []
            for i, measure in enumerate(capstone.measures):
                value = values[i % len(values)] if i < filled else None
                measures.append(models.Measure(measure.name, measure.unit, measure.target, value))
            order[column] += 1.0
            card_id = self.new_id()
            first = month_span(self.plan_start, start).first
            card = models.Deliverable(
                title=capstone.title,
                type="capstone",
                column=column,
                order=order[column],
                id=card_id,
                month=start,
                description=capstone.description,
                measures=measures,
                tags=["capstone"],
                source=f"capstone:{capstone.id}",
                created=_iso(self.at(first, 9, 0)) if current >= start else "",
                updated="",
            )
            self.cards.append(card.to_dict())

    # ------------------------------------------------------------ focus

    def task_for(self, block: ScheduledBlock, month: int) -> tuple[str, str | None]:
        """The label and link of a block's focus sessions."""
        record = self.months.setdefault(month, _Month())
        block_id = block.block.id
        weekday = block.date.day_of_week
        saturday_morning = weekday == 5 and block.start.hour < 12
        lecture_time = month >= 1 and self.lecture_index < len(self.lectures)
        if block.block.kind == "build":
            kind = "demo" if block.start.hour < 12 else "case_study"
            card = record.cards.get(kind)
            topic = self.text(MONTHS[month][0])
            label = _pick(CARD_TITLES[kind], self.language).format(topic=topic)
            return label, f"card:{card}" if card else f"block:{block_id}"
        if saturday_morning or (lecture_time and self.rng.random() < 0.15):
            if lecture_time:
                lecture = self.lectures[self.lecture_index][0]
                name = LECTURES.get(lecture, lecture)
                return self.text(KARPATHY, name=name), f"lecture:{lecture}"
            if saturday_morning:
                return self.text(KARPATHY_DONE), f"block:{block_id}"
        tasks = MONTHS[month][1]
        task = self.rng.choice(tasks)
        if "{n}" in task[0]:
            record.chapter += 1
        label = self.text(task, n=record.chapter or 1)
        if self.rng.random() < 0.25 and record.cards.get("notes"):
            return label, f"card:{record.cards['notes']}"
        goals = [g.id for g in self.plan.goals if g.month == month]
        if goals and self.rng.random() < 0.5:
            return label, f"goal:{self.rng.choice(goals)}"
        return label, f"block:{block_id}"

    def pomodoros(
        self, block: ScheduledBlock, month: int, count: int | None = None
    ) -> list[models.FocusSession]:
        """Focus sessions in a block (by default a done study/build one), none ending after now."""
        if count is None and block.date.day_of_week >= 5:
            count = self.rng.choices((2, 3, 4, 5), (1, 3, 4, 3))[0]
        elif count is None:
            count = self.rng.choices((1, 2, 3, 4), (1, 3, 5, 4))[0]
        count = min(count, max(1, block.minutes // 30))
        label, link = self.task_for(block, month)
        moment = block.start + timedelta(minutes=self.rng.choice((0, 0, 5, 10)))
        out: list[models.FocusSession] = []
        for i in range(count):
            if moment + POMODORO > block.end + timedelta(minutes=10):
                break
            completed = self.rng.random() >= 0.08
            focused = POMODORO if completed else timedelta(minutes=self.rng.randint(6, 22))
            end = moment + focused
            if end > self.now:
                break
            out.append(
                models.FocusSession(
                    start=_iso(moment),
                    end=_iso(end),
                    planned_s=int(POMODORO.total_seconds()),
                    focused_s=int(focused.total_seconds()),
                    label=label,
                    link=link,
                    completed=completed,
                    id=self.new_id(),
                )
            )
            if link and link.startswith("lecture:"):
                self.watch(focused.total_seconds())
            moment = end + (LONG_BREAK if (i + 1) % 4 == 0 else SHORT_BREAK)
        return out

    def watch(self, seconds: float) -> None:
        """Progress through the Karpathy lectures."""
        if self.lecture_index >= len(self.lectures):
            return
        self.lecture_spent += seconds
        needed = self.lectures[self.lecture_index][1]
        if self.lecture_spent >= needed:
            self.lecture_spent -= needed
            self.lecture_index += 1

    def manual_session(
        self, blocks: list[ScheduledBlock], month: int
    ) -> models.FocusSession | None:
        """A session logged by hand: reading on the commute or over lunch."""
        listen = [b for b in blocks if b.block.kind in ("listen", "commute")]
        if not listen:
            return None
        block = self.rng.choice(listen)
        task = self.rng.choice(MONTHS[month][1])
        minutes = self.rng.choice((20, 30, 30, 45, 60))
        start = block.start + timedelta(minutes=self.rng.choice((0, 10, 20)))
        end = start + timedelta(minutes=minutes)
        if end > self.now:
            return None
        record = self.months.setdefault(month, _Month())
        return models.FocusSession(
            start=_iso(start),
            end=_iso(end),
            planned_s=minutes * 60,
            focused_s=minutes * 60,
            label=self.text(task, n=max(1, record.chapter)),
            link=f"block:{block.block.id}",
            completed=True,
            manual=True,
            id=self.new_id(),
        )

    # ------------------------------------------------------------ days

    def make_day(self, day: Date) -> None:
        rng = self.rng
        iso = day.isoformat()
        month = self.plan_month(day)
        blocks = blocks_for(self.plan.templates, None, day, self.tz)
        bed = rng.random() < 0.8
        posted = rng.random() < 0.6
        weekday = day.day_of_week
        workout: int | None = None
        states: dict[str, str] = {}
        sessions: list[models.FocusSession] = []
        for block in blocks:
            kind = block.block.kind
            if block.start >= self.now:
                continue  # later today: untouched
            if kind == "sleep":
                done = bed
            elif block.block.id.endswith(WIND_DOWN_BLOCK):
                done = posted
            elif block.block.id.endswith(FREELANCE_BLOCK):
                done = rng.random() < FREELANCE_RATE
            else:
                done = rng.random() < DONE_RATE.get(kind, 0.85)
            if kind == "health" and done:
                workout = rng.choice((30, 35, 40, 45))
            if kind == "routine" and done and weekday < 5 and rng.random() < 0.3:
                workout = rng.choice((20, 25, 30))
            state = "done" if done else "skipped" if rng.random() < 0.85 else None
            if state is not None and block.end <= self.now:
                states[block.block.id] = state  # a block still running keeps no state
            study = kind in ("study", "build") and not block.block.id.endswith(WEEKLY_REVIEW_BLOCK)
            # A skipped social evening or a long free stretch is sometimes spent studying.
            spare = (kind == "social" and not done) or (kind == "rest" and block.minutes >= 90)
            if done and study:
                sessions.extend(self.pomodoros(block, month))
            elif spare and rng.random() < (0.5 if kind == "social" else 0.35):
                sessions.extend(self.pomodoros(block, month, rng.randint(1, 3)))
        if rng.random() < 0.2:
            manual = self.manual_session(blocks, month)
            if manual is not None:
                sessions.append(manual)
        sessions.sort(key=lambda s: s.start)
        top3: list[str] = []
        if rng.random() < 0.6:
            labels = list(dict.fromkeys(s.label for s in sessions))
            top3 = labels[:3] or [self.text(rng.choice(MONTHS[month][1]), n=1)]
        year = iso[:4]
        self.days[year].append(models.DayRecord(date=iso, states=states, top3=top3).to_dict())
        self.sessions[year].extend(s.to_dict() for s in sessions)
        review_at = self.at(day, 22, 30) + timedelta(minutes=rng.randint(0, 25))
        # Reviews come in streaks: ~88% after a reviewed day, ~50% after a missed one (~80%).
        reviewed = rng.random() < (0.88 if self.reviewed else 0.5)
        self.reviewed = reviewed
        if reviewed and review_at <= self.now:
            lines = rng.sample(LEARNED[month], k=min(len(LEARNED[month]), rng.choice((1, 1, 2))))
            learned = [self.text(line) for line in lines]
            review = models.DailyReview(
                date=iso,
                learned=learned,
                posted=posted,
                post_where=self.text(POST_WHERE) if posted else "",
                post_text=learned[0] if posted else "",
                workout_min=workout,
                bed_before_23=bed,
                energy=rng.choices((1, 2, 3), (2, 5, 3))[0],
                top3=top3,
                focus_s=sum(s.focused_s for s in sessions),
                finished=True,
                updated=_iso(review_at),
            )
            self.reviews[year].append(review.to_dict())

    def make_weeks(self, first: Date) -> None:
        monday = first.subtract(days=first.day_of_week)
        while True:
            sunday = monday.add(days=6)
            review_at = self.at(sunday, 21, 15)
            if review_at > self.now:
                break
            year, week, _ = sunday.isocalendar()
            month = self.plan_month(sunday)
            pool = LEARNED[month]
            learnings = [self.text(t) for t in self.rng.sample(pool, k=min(len(pool), 2))]
            learnings = learnings[: self.rng.choice((1, 2))]
            tasks = [
                self.text(NEXT_WEEK_TASK, task=self.text(t, n=1))
                for t in self.rng.sample(MONTHS[month][1], k=1)
            ]
            tasks += [self.text(t) for t in self.rng.sample(NEXT_WEEK, k=self.rng.choice((1, 2)))]
            review = models.WeeklyReview(
                week=f"{year}-W{week:02d}",
                learnings=learnings,
                next_week=tasks,
                finished=True,
                updated=_iso(review_at),
            )
            self.weekly.append(review.to_dict())
            monday = monday.add(days=7)

    # ------------------------------------------------------------ plan state

    def tick_plan(self) -> None:
        """Goals of past months mostly done; lectures watched; shipping steps taken."""
        current = self.current_month()
        yesterday = self.today.subtract(days=1)
        goals: list[models.RoadmapGoal] = []
        for goal in self.plan.goals:
            span = month_span(self.plan_start, goal.month)
            if goal.month < current and self.rng.random() < 0.8:
                last = min(span.last, yesterday)
                offset = self.rng.randint(0, max(0, (last - span.first).in_days()))
                goal.done, goal.done_on = True, span.first.add(days=offset).isoformat()
            elif goal.month == current and span.first < yesterday and self.rng.random() < 0.25:
                offset = self.rng.randint(0, (yesterday - span.first).in_days())
                goal.done, goal.done_on = True, span.first.add(days=offset).isoformat()
            goals.append(goal)
        self.plan.goals = goals
        watched = {lecture for lecture, _ in self.lectures[: self.lecture_index]}
        for must in self.plan.must_dos:
            for item in must.items:
                if item.id in watched or item.id in SHIP_STEPS and SHIP_STEPS[item.id] < current:
                    item.done = True

    def make_career(self, rng: random.Random) -> None:
        """Skill statuses, impact, freelancing and the job move, from their own random stream
        (the rest of the history does not move when this part changes)."""
        current = min(self.current_month(), LAST_MONTH)
        yesterday = self.today.subtract(days=1).isoformat()
        goal_months = {g.id: g.month for g in self.plan.goals}
        for skill in self.plan.skills:
            months = sorted(goal_months[g] for g in skill.goals if g in goal_months)
            if not months or months[0] > current:
                continue
            if months[-1] < current:
                skill.status = rng.choice(("can_explain", "applied"))
            elif months[0] < current or rng.random() < 0.5:
                skill.status = "learning"
            else:
                continue
            skill.updated = yesterday
        start = CAPSTONE_START[0]
        for month in range(start, current + 1):
            day = month_span(self.plan_start, month).first.add(days=14)
            if day >= self.today:
                break
            hours = models.ImpactEntry(
                date=day.isoformat(),
                kind="hours_saved",
                value=float(2 * (month - start + 1) + rng.randint(0, 2)),
                id=self.new_id(),
                created=day.isoformat(),
            )
            self.career["impact"].append(hours.to_dict())
            if (month - start) % 2 == 1:
                change = models.ImpactEntry(
                    date=day.isoformat(),
                    kind="metric",
                    value=float(rng.randint(3, 8)),
                    measure="merge-rate",
                    id=self.new_id(),
                    created=day.isoformat(),
                )
                self.career["impact"].append(change.to_dict())
        money = ("CNY", (800, 3000)) if self.language == "zh" else ("USD", (150, 500))
        day = self.plan_start.add(days=40)
        jobs = 0
        while day < self.today:
            saturday = day.add(days=(5 - int(day.day_of_week)) % 7)
            if saturday >= self.today:
                break
            engagement, case = FREELANCE_JOBS[jobs % len(FREELANCE_JOBS)]
            entry = models.FreelanceEntry(
                date=saturday.isoformat(),
                engagement=self.text(engagement),
                hours=float(rng.randint(2, 6)),
                income=float(rng.randint(*money[1]) // 50 * 50),
                currency=money[0],
                case=self.text(case),
                id=self.new_id(),
                created=saturday.isoformat(),
            )
            self.career["freelance"].append(entry.to_dict())
            jobs += 1
            day = saturday.add(days=rng.randint(35, 56))
        if current < 9:
            return
        window = month_span(self.plan_start, 9).first
        for n, (company, role, stage) in enumerate(JOB_LEADS):
            stages: dict[str, str] = {}
            for i, name in enumerate(models.JOB_STAGES[: models.JOB_STAGES.index(stage) + 1]):
                when = window.add(days=7 * n + 10 * i)
                if when < self.today:
                    stages[name] = when.isoformat()
            lead = models.JobLead(
                company=company,
                role=self.text(role),
                internal="Internal" in company,
                stages=stages,
                id=self.new_id(),
                created=stages.get("target", window.isoformat()),
            )
            self.career["jobs"].append(lead.to_dict())


def _write(store: Store, name: str, table: str, docs: Sequence[dict[str, Any]]) -> None:
    """Replace a table's documents in one transaction (one file write)."""
    with store.transaction(name) as txn:
        target = txn.db(name).table(table)
        target.truncate()
        target.insert_multiple(docs)


def write_demo(
    folder: Path, *, months: int, clock: Clock, language: str = "en", seed: int = 7
) -> None:
    """Fill ``folder`` with ``months`` months of made-up history ending at ``clock.now()``.

    The default plan is installed with its start ``months`` months before today,
    so the whole history falls inside the plan (after it, beyond 12 months).
    Deterministic: the same seed, clock and language give byte-identical files.
    Raises FileExistsError when ``folder`` already holds Cadence data, and
    ValueError when ``months`` is below 1.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    folder = Path(folder)
    if folder.exists() and any(
        p.name != "instance.json" and not p.name.startswith(".") for p in folder.glob("*.json")
    ):
        raise FileExistsError(f"{folder} already holds Cadence data; choose an empty folder")
    now = clock.now()
    tz = clock.tz
    store = Store(
        folder,
        today=lambda: clock.now().to_date_string(),
        stamp=lambda: clock.now().format("YYYYMMDD[T]HHmmss"),
    )
    repo = Repository(store)
    settings = repo.settings()
    today = logical_date(now, settings.rollover_hour)
    plan_start = today.subtract(months=months)
    settings.language = language
    settings.timezone = tz
    settings.plan_start = plan_start.isoformat()
    repo.save_settings(settings)
    ensure_plan(repo, language=language, today=today.isoformat(), timezone=tz)
    plan = models.Plan.from_dict(repo.plan().to_dict())

    demo = _Demo(
        rng=random.Random(seed),
        language=language,
        tz=tz,
        now=now,
        today=today,
        plan_start=plan_start,
        plan=plan,
    )
    for must in plan.must_dos:
        if must.kind == "course":
            demo.lectures = [
                (item.id, (item.minutes or 60) * 60 * LECTURE_FACTOR) for item in must.items
            ]
            break
    demo.make_cards()
    day = plan_start
    while day <= today:
        demo.make_day(day)
        day = day.add(days=1)
    demo.make_weeks(plan_start)
    demo.tick_plan()
    demo.make_career(random.Random(seed + 1))

    for year, docs in demo.days.items():
        _write(store, f"days-{year}", "days", docs)
    for year, docs in demo.sessions.items():
        _write(store, f"focus-{year}", "sessions", docs)
    for year, docs in demo.reviews.items():
        _write(store, f"reviews-{year}", "daily", docs)
    _write(store, WEEKLY, "weekly", demo.weekly)
    _write(store, BOARD, "cards", demo.cards)
    with store.transaction(CAREER) as txn:
        for table, docs in demo.career.items():
            txn.db(CAREER).table(table).insert_multiple(docs)
    repo.install_plan(demo.plan)
