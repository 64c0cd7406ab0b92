"""Small line charts drawn on the server as SVG: no JS, no library, readable on a phone.

A chart is data for templates/components/line_chart.html; every chart also ships as a table.
"""

from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.translation import gettext

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 16, 36


@dataclass
class Point:
    x: float
    y: float
    value: object
    label: str


@dataclass
class Series:
    key: str
    label: str
    points: list = field(default_factory=list)
    # "reference": drawn quieter (grey, dashed), a line to read the others against.
    style: str = ""

    @property
    def polyline(self):
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class Chart:
    title: str
    unit: str
    series: list
    x_labels: list
    y_ticks: list
    rows: list  # the table fallback: (label, [value per series])
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def line_chart(title, unit, rows, columns, y_max, y_step, styles=None):
    """`rows`: (label, {key: value}) in time order; `columns`: [(key, series label)];
    `styles`: {key: Series.style}.

    Missing values (None) leave a gap in the dots but the line joins the ones present.
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    count = len(rows)

    def x_at(index):
        return LEFT + (plot_width / 2 if count == 1 else plot_width * index / (count - 1))

    def y_at(value):
        return TOP + plot_height * (1 - min(float(value), y_max) / y_max)

    series = [Series(key, label, style=(styles or {}).get(key, "")) for key, label in columns]
    for index, (row_label, values) in enumerate(rows):
        for line in series:
            value = values.get(line.key)
            if value is not None:
                line.points.append(Point(x_at(index), y_at(value), value, row_label))
    y_ticks = [(value, y_at(value)) for value in range(0, y_max + 1, y_step)]
    # Label at most about eight dates so they never overlap on a phone.
    every = max(1, -(-count // 8))
    x_labels = [(x_at(index), label) for index, (label, _) in enumerate(rows) if index % every == 0]
    table = [(label, [values.get(key) for key, _ in columns]) for label, values in rows]
    return Chart(title, unit, series, x_labels, y_ticks, table)


def intake_trends(intakes):
    """Pain and sitting-hour charts across intakes, oldest first."""
    ordered = sorted(intakes, key=lambda intake: (intake.assessed_on, intake.created_at))
    pain_rows = [
        (
            f"{intake.assessed_on:%d %b %Y}",
            {
                "pain_now": intake.pain_now,
                "pain_average_week": intake.pain_average_week,
                "pain_worst_week": intake.pain_worst_week,
            },
        )
        for intake in ordered
    ]
    sitting_rows = [
        (
            f"{intake.assessed_on:%d %b %Y}",
            {
                "workday": intake.sitting_hours_workday,
                "day_off": intake.sitting_hours_day_off,
            },
        )
        for intake in ordered
    ]
    pain = line_chart(
        "Pain at each assessment",
        "0-10",
        pain_rows,
        [
            ("pain_now", "Now"),
            ("pain_average_week", "Average last week"),
            ("pain_worst_week", "Worst last week"),
        ],
        y_max=10,
        y_step=2,
    )
    sitting = line_chart(
        "Hours sitting a day",
        "hours",
        sitting_rows,
        [("workday", "Workday"), ("day_off", "Day off")],
        y_max=16,
        y_step=4,
    )
    return pain, sitting


MAX_GOAL_LINES = 6


def _goal_key(activity):
    """Goals are followed by their activity's name, whichever of the three slots it is in."""
    return " ".join(activity.split()).casefold()


def goal_trends(intakes):
    """Each goal activity's rating (0-10, higher is better) at every assessment, oldest first,
    with pain now beside it as a quieter line; None when no intake names a goal.

    The latest intake's goals come first (at most MAX_GOAL_LINES lines: older goals after)."""
    ordered = sorted(intakes, key=lambda intake: (intake.assessed_on, intake.created_at))
    names = {}  # goal key -> the activity as last written
    for intake in reversed(ordered):
        for activity, _score in intake.goals:
            names.setdefault(_goal_key(activity), activity.strip())
    if not names:
        return None
    keys = list(names)[:MAX_GOAL_LINES]
    rows = []
    for intake in ordered:
        scores = {_goal_key(activity): score for activity, score in intake.goals}
        values = {f"goal-{n}": scores.get(key) for n, key in enumerate(keys)}
        rows.append((f"{intake.assessed_on:%d %b %Y}", {**values, "pain": intake.pain_now}))
    columns = [(f"goal-{n}", names[key]) for n, key in enumerate(keys)]
    return line_chart(
        gettext("Goals at each assessment, beside pain"),
        gettext("0-10; goals: higher is better"),
        rows,
        [*columns, ("pain", gettext("Pain now"))],
        y_max=10,
        y_step=2,
        styles={"pain": "reference"},
    )


def session_pain_chart(logs):
    """Pain before and after each session (oldest first); None with fewer than two sessions."""
    if len(logs) < 2:
        return None
    # Also on the client's own page, so in the active language (dates too).
    rows = [
        (
            dateformat.format(log.session_date, "d M"),
            {"before": log.pain_before, "after": log.pain_after},
        )
        for log in logs
    ]
    return line_chart(
        gettext("Pain before and after sessions"),
        "0-10",
        rows,
        [("before", gettext("Before")), ("after", gettext("After"))],
        y_max=10,
        y_step=2,
    )


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


@dataclass
class BarChart:
    title: str
    bars: list
    x_labels: list
    y_ticks: list
    rows: list
    value_label: str = "Count"
    unit: str = ""  # after each value: "%" on a percentage chart
    width: int = WIDTH
    height: int = 180
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = 180 - BOTTOM


MAX_BAR_WIDTH = 48  # a chart of one or two weeks draws bars, not blocks


def bar_chart(title, rows, label_every=7, value_label="Count", y_max=None, unit=""):
    """`rows`: (label, value) in time order, e.g. sessions per day; None draws no bar.
    `y_max`: a fixed top of the axis (100 for a percentage), else it follows the values."""
    height = 180
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = height - TOP - BOTTOM
    if y_max is None:
        top_value = max([value or 0 for _, value in rows] + [4])
        step = max(1, -(-top_value // 4))
        y_max = step * 4
    else:
        step = y_max // 4
    slot = plot_width / max(len(rows), 1)
    bar_width = min(slot * 0.7, MAX_BAR_WIDTH)
    bars = []
    for index, (label, value) in enumerate(rows):
        bar_height = plot_height * min(value or 0, y_max) / y_max
        bars.append(
            Bar(
                x=LEFT + index * slot + (slot - bar_width) / 2,
                y=TOP + plot_height - bar_height,
                width=bar_width,
                height=bar_height,
                value=value,
                label=label,
            )
        )
    y_ticks = [(v, TOP + plot_height * (1 - v / y_max)) for v in range(0, y_max + 1, step)]
    last = len(rows) - 1
    x_labels = [
        (LEFT + index * slot + slot / 2, label)
        for index, (label, _) in enumerate(rows)
        # Every `label_every`-th label, and the last one when it has room.
        if index % label_every == 0 or (index == last and last % label_every > label_every // 2)
    ]
    return BarChart(title, bars, x_labels, y_ticks, rows, value_label, unit)


def weekly_adherence_chart(weeks):
    """The client page's "sessions done by week" chart from adherence.weekly_adherence(): on a
    0-100 % axis, from the first week with a planned session (the weeks before the plan are
    left out, and a week without one later on draws no bar); None before any planned session."""
    first = next((n for n, (_, week) in enumerate(weeks) if week.planned), None)
    if first is None:
        return None
    return bar_chart(
        "Sessions done by week (% of planned)",
        [(f"w/c {monday:%d %b}", week.percent) for monday, week in weeks[first:]],
        label_every=2,
        value_label="% of planned sessions done",
        y_max=100,
        unit="%",
    )
