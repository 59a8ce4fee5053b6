"""The Insights charts: plotext plots (textual-plotext), a year heatmap and target meters.

Text inside the plotext canvas stays ASCII (numbers, ``W48``, ``M3``): plotext counts
characters, not terminal cells, so a Chinese label would shift its frame. Titles and
legends live in the panel's border title, which Textual lays out by cell width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget
from textual_plotext import PlotextPlot

from cadence.domain.insights import Heatmap, WeekHours

# Colours that read on dark and light themes alike.
BARS = "cyan"
TARGET_LINE = "red"
BAND_LINE = "gray"
PLAN_LINE = "gray"
DONE_LINE = "cyan"

# Heatmap levels 0..4, GitHub-like greens; level 0 is a dim cell.
HEAT_COLOURS = ("#3a3f47", "#0e4429", "#006d32", "#26a641", "#39d353")
WEEKDAY_LETTERS = ("M", "T", "W", "T", "F", "S", "S")


def _nice_top(value: float, minimum: float) -> float:
    """A y-axis top at or above both ``value`` and ``minimum``, rounded up to an even number."""
    top = max(value, minimum)
    return float(int(top) + (2 if int(top) % 2 == 0 else 1))


def _bars(plt, labels: Sequence[str], values: Sequence[float], colour: str) -> None:
    """One series of bars in one colour, on positions 0..n-1 labelled ``labels``.

    (Colouring bars one by one does not work in plotext 5.3: a colour list, sparse
    series, NaN or zero values each misdraw the bottom row, so the target line, not
    the colour, says which weeks made it.)
    """
    xs = list(range(len(values)))
    plt.bar(xs, list(values), color=colour, width=0.6)
    plt.xticks(xs, list(labels))
    plt.xlim(-0.6, len(values) - 0.4)


class WeeklyHoursChart(PlotextPlot):
    """Bars of study hours per week (the running week last), the target line, the band."""

    def show(self, weeks: Sequence[WeekHours], target: float, band: tuple[float, float]) -> None:
        plt = self.plt
        plt.clear_figure()
        labels = [w.label for w in weeks]
        hours = [round(w.hours, 2) for w in weeks]
        top = _nice_top(max(hours, default=0.0), band[1])
        plt.hline(band[0], BAND_LINE)
        plt.hline(band[1], BAND_LINE)
        plt.hline(target, TARGET_LINE)
        if weeks:
            _bars(plt, labels, hours, BARS)
        plt.ylim(0, top)
        plt.yticks([0, target, band[0], band[1]], [f"{v:g}" for v in (0, target, *band)])
        self.refresh()


class RollingAverageChart(PlotextPlot):
    """The rolling three-month average (hours per week) at each week's end, against the target.

    The y axis is zoomed on the values and the target, so that a change of an hour shows.
    """

    def show(self, series: Sequence[tuple[str, float]], target: float) -> None:
        plt = self.plt
        plt.clear_figure()
        xs = list(range(len(series)))
        values = [round(v, 2) for _k, v in series]
        low = max(0, math.floor(min([*values, target])) - 1)
        high = math.ceil(max([*values, target])) + 1
        plt.hline(target, TARGET_LINE)
        if series:
            plt.plot(xs, values, marker="braille", color=DONE_LINE)
            step = 1 if len(xs) <= 6 else 2
            ticks = xs[::-1][::step][::-1]
            plt.xticks([float(t) for t in ticks], [series[i][0][5:] for i in ticks])
        plt.ylim(low, high)
        step = max(1, (high - low) // 4)
        # No tick next to the target's: two labels on one row are drawn unpredictably.
        yticks: list[float] = sorted(
            {float(t) for t in range(low, high + 1, step) if abs(t - target) >= step} | {target}
        )
        plt.yticks(yticks, [f"{v:g}" for v in yticks])
        self.refresh()


class WorkoutsChart(PlotextPlot):
    """Workouts per week against the plan's three.

    Counts are whole numbers: the y axis is fitted to the plot's rows at each render,
    so that one workout is a whole number of rows and a bar never seems to pass a line.
    """

    top = 4

    def show(self, counts: Sequence[tuple[str, int]], target: int) -> None:
        plt = self.plt
        plt.clear_figure()
        labels = [key[5:] for key, _n in counts]
        values = [n for _k, n in counts]
        plt.hline(target, TARGET_LINE)
        if counts:
            _bars(plt, labels, values, BARS)
        self.top = max(max(values, default=0), target + 1)
        self.refresh()

    def render(self):
        # Rows of the plot area: the widget less the frame (2) and the x labels (1).
        rows = max(2, self.size.height - 3)
        per = max(1, (rows - 1) // self.top)
        top = (rows - 1) / per  # row r shows the value r / per exactly
        self.plt.ylim(0, top)
        self.plt.yticks(list(range(0, int(top) + 1, 1 if top <= 6 else 2)))
        return super().render()


class RoadmapChart(PlotextPlot):
    """Share of goals planned by each month's end (grey) and done so far (cyan), in %."""

    def show(self, planned: Sequence[float], done: Sequence[float], month: float | None) -> None:
        plt = self.plt
        plt.clear_figure()
        months = list(range(len(planned)))
        plt.plot(months, [round(p * 100, 1) for p in planned], marker="braille", color=PLAN_LINE)
        if done:
            plt.plot(
                list(range(len(done))),
                [round(d * 100, 1) for d in done],
                marker="braille",
                color=DONE_LINE,
            )
        if month is not None and 0 <= month <= len(planned) - 1:
            plt.vline(month, TARGET_LINE)
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100])
        ticks = months[::2]
        plt.xticks([float(t) for t in ticks], [f"M{m}" for m in ticks])
        self.refresh()


class FocusHeatmap(Widget):
    """A year of focus per day: a column per ISO week, a row per weekday (Monday on top).

    Each cell is a coloured blank (no East-Asian-ambiguous glyphs), two cells wide when
    the widget has room for it.
    """

    DEFAULT_CSS = """
    FocusHeatmap { height: 9; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.heatmap: Heatmap | None = None
        self.weekday_names: Sequence[str] = WEEKDAY_LETTERS
        self.less_more: tuple[str, str] = ("less", "more")

    def show(
        self,
        heatmap: Heatmap,
        weekday_names: Sequence[str] = WEEKDAY_LETTERS,
        less_more: tuple[str, str] = ("less", "more"),
    ) -> None:
        self.heatmap = heatmap
        self.weekday_names = weekday_names
        self.less_more = less_more
        self.refresh()

    def render(self) -> Text:
        heat = self.heatmap
        if heat is None:
            return Text("")
        label_w = max(cell_len(n) for n in self.weekday_names) + 1
        room = max(0, self.size.width - label_w)
        weeks = min(heat.weeks, room) if room else heat.weeks
        cell = 2 if room >= weeks * 2 and weeks == heat.weeks else 1
        first_week = heat.weeks - weeks
        out = Text(no_wrap=True, overflow="crop")
        # Month labels over the week where each month starts.
        months = [" "] * (weeks * cell)
        for w in range(weeks):
            day = heat.day(first_week + w, 0)
            for d in range(7):
                shown = day.add(days=d)
                if shown.day == 1:
                    label = f"{shown.month}"
                    pos = w * cell
                    if pos + len(label) <= len(months) and months[pos] == " ":
                        months[pos : pos + len(label)] = list(label)
                    break
        out.append(" " * label_w + "".join(months) + "\n", style="dim")
        for row in range(7):
            name = self.weekday_names[row]
            out.append(name + " " * (label_w - cell_len(name)), style="dim")
            for w in range(weeks):
                level = heat.level(first_week + w, row)
                if level is None:
                    out.append(" " * cell)
                else:
                    out.append(" " * cell, style=Style(bgcolor=HEAT_COLOURS[level]))
            out.append("\n")
        less, more = self.less_more
        out.append(" " * label_w + less + " ", style="dim")
        for colour in HEAT_COLOURS:
            out.append(" " * cell, style=Style(bgcolor=colour))
            out.append(" ")
        out.append(more, style="dim")
        return out


def meter(label: str, done: float, target: float, *, width: int, value: str) -> Text:
    """One row: ``label`` padded by cell width, a bar filled ``done/target``, then ``value``.

    ``width`` is the bar's width in cells. Green once the target is reached.
    """
    ratio = 0.0 if target <= 0 else max(0.0, min(1.0, done / target))
    filled = round(ratio * width)
    colour = "green" if ratio >= 1 else "dark_orange" if ratio < 0.5 else "yellow"
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(label)
    row.append(" ")
    # Coloured blanks, not block glyphs: those are East-Asian-ambiguous (wide in some terminals).
    row.append(" " * filled, style=Style(bgcolor=colour))
    row.append(" " * (width - filled), style=Style(bgcolor=HEAT_COLOURS[0]))
    row.append(" " + value)
    return row


def pad(label: str, width: int) -> str:
    """``label`` padded with spaces to ``width`` terminal cells (CJK counts double)."""
    return label + " " * max(0, width - cell_len(label))


class MeterList(Widget):
    """Rows of ``label  [bar]  value``; labels and values aligned by terminal cells."""

    DEFAULT_CSS = """
    MeterList { height: auto; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, float, float, str]] = []

    def show(self, rows: Sequence[tuple[str, float, float, str]]) -> None:
        """``(label, done, target, value text)`` per row."""
        self.rows = list(rows)
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Text:
        if not self.rows:
            return Text("")
        label_w = max(cell_len(r[0]) for r in self.rows)
        value_w = max(cell_len(r[3]) for r in self.rows)
        bar_w = max(4, self.size.width - label_w - value_w - 2)
        out = Text(no_wrap=True, overflow="crop")
        for i, (label, done, target, value) in enumerate(self.rows):
            if i:
                out.append("\n")
            out.append_text(meter(pad(label, label_w), done, target, width=bar_w, value=value))
        return out
