"""The string catalog: English source strings, Simplified Chinese translations.

Every UI string goes through :func:`_`. Plan text is never translated here: it
is shown as stored. ``tests/unit/test_i18n.py`` checks that every ``_("…")``
in the package has a Chinese entry.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

LANGUAGES = ("en", "zh")

ZH: dict[str, str] = {
    # screens
    "Today": "今日",
    "Roadmap": "路线图",
    "Focus": "专注",
    "Kanban": "看板",
    "Insights": "洞察",
    "Settings": "设置",
    "Help": "帮助",
    # app bindings and commands
    "Quit": "退出",
    "Keys": "快捷键",
    "Show the keys of this screen": "显示本屏的快捷键",
    "Open settings": "打开设置",
    "Switch to {screen}": "切换到{screen}",
    "Go to the {screen} screen": "前往{screen}页面",
    "Close": "关闭",
    "Save": "保存",
    "Cancel": "取消",
    "Language": "语言",
    "Theme": "主题",
    "Week starts on": "每周开始于",
    "Plan start (YYYY-MM-DD)": "计划开始日期 (YYYY-MM-DD)",
    "Weekly study target (hours)": "每周学习目标（小时）",
    "Monday": "周一",
    "Tuesday": "周二",
    "Wednesday": "周三",
    "Thursday": "周四",
    "Friday": "周五",
    "Saturday": "周六",
    "Sunday": "周日",
    "Settings saved": "设置已保存",
    "Not a date: use YYYY-MM-DD": "日期无效：请用 YYYY-MM-DD",
    "Not a number of hours between 0 and 100": "小时数无效：应在 0 到 100 之间",
    # data messages
    "Read-only": "只读",
    "Opened read-only: {detail}": "以只读方式打开：{detail}",
    "Nothing was saved: the data is open read-only.": "未保存：数据以只读方式打开。",
    "Could not save: {error}": "保存失败：{error}",
    "{file} could not be read and was moved to {moved}.": "{file} 无法读取，已移到 {moved}。",
    "Restored from the backup {backup}.": "已从备份 {backup} 恢复。",
    "No backup was found: it starts empty.": "未找到备份：从空白开始。",
    "{file} changed outside Cadence and was reloaded.": "{file} 在 Cadence 外被修改，已重新载入。",
    "A sync conflict copy was found: {file}": "发现同步冲突副本：{file}",
    "Took over a stale lock left by {holder}.": "已接管 {holder} 遗留的过期锁。",
    "The data was last opened on another machine: {holder}.": "数据上次在另一台机器上打开：{holder}。",
    "{file} was upgraded to schema {version}; a backup was kept.": "{file} 已升级到第 {version} 版格式，并保留了备份。",
    "Data": "数据",
    "Terminal too small: Cadence needs at least 80×24.": "终端太小：Cadence 至少需要 80×24。",
    # today
    "Blocks": "时间块",
    "now": "现在",
    "Now": "现在",
    "Next": "下一个",
    "left": "剩余",
    "in {duration}": "{duration} 后",
    "to do": "待办",
    "done": "完成",
    "skipped": "跳过",
    "Study planned today": "今日计划学习",
    "Focused today": "今日已专注",
    "This week": "本周",
    "target": "目标",
    "No blocks for this day.": "这一天没有时间块。",
    "Day {n} of the plan · month {month}": "计划第 {n} 天 · 第 {month} 月",
    "Before the plan starts": "计划尚未开始",
    "{duration} left": "剩余 {duration}",
    "Review streak": "复盘连续天数",
    "Post streak": "发帖连续天数",
    "Workouts this week": "本周运动",
    "Done": "完成",
    "Skip": "跳过",
    "Prev day": "前一天",
    "Next day": "后一天",
    "Down": "下移",
    "Up": "上移",
    # kinds
    "routine": "例行",
    "work": "工作",
    "commute": "通勤",
    "meal": "用餐",
    "listen": "收听",
    "study": "学习",
    "build": "实操",
    "social": "社交",
    "rest": "休息",
    "health": "运动",
    "sleep": "睡眠",
    # roadmap
    "Month {n}": "第 {n} 月",
    "Must-dos": "必须完成",
    "Phase": "阶段",
    "tech": "技术",
    "product": "产品",
    "output": "输出",
    "current": "当前",
    "Progress": "进度",
    "Time elapsed": "时间进度",
    "Goals": "目标",
    # focus
    "Focus time this week": "本周专注时间",
    "Sessions today": "今日专注记录",
    "No focus sessions today.": "今天还没有专注记录。",
    "Ready": "就绪",
    # kanban
    "Backlog": "待办池",
    "Doing": "进行中",
    "No cards.": "没有卡片。",
    "case_study": "案例研究",
    "demo": "演示",
    "notes": "笔记",
    "weekly_learnings": "每周总结",
    "experiment": "实验",
    "capstone": "综合项目",
    "other": "其他",
    # insights
    "Study hours per week": "每周学习小时",
    "KPIs": "关键指标",
    "Average over 12 weeks": "12 周平均",
    "Reviews written": "已写复盘",
    "Capstones": "综合项目",
    "Resources": "资源",
    # help
    "Keys on this screen": "本屏快捷键",
    "Key": "按键",
    "Action": "操作",
    "Command palette": "命令面板",
}

_language = "en"


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """``zh`` when the locale says Chinese, else ``en``."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:  # pragma: no cover
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    _language = language


def get_language() -> str:
    return _language


def _(text: str, **values: object) -> str:
    """Translate ``text`` into the current language and fill ``{names}``."""
    out = ZH.get(text, text) if _language == "zh" else text
    return out.format(**values) if values else out
