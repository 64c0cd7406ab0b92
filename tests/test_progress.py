"""Per-client progress on the client page: streak, adherence by week, pain around sessions."""

from datetime import date, timedelta

from clients import adherence, assigning, session_logs
from clients.charts import weekly_adherence_chart
from clients.models import Assignment
from routines.models import Stretch
from tests.factories import make_intake, make_routine


def test_client_page_shows_streak_weekly_adherence_and_session_pain(
    trainer_client, trainer, client_of, today
):
    make_intake(client_of)
    client_of.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    plan = assigning.assign(
        client_of, routine, weekdays=list(range(7)), starts_on=today - timedelta(days=60)
    )
    for n, (before, after) in enumerate([(6, 4), (5, 3), (4, 2)]):
        session_logs.record_session(
            plan, today - timedelta(days=n), 1, status="done", pain_before=before, pain_after=after
        )
    session_logs.record_session(plan, today - timedelta(days=4), 1, status="done")  # gap on day 3

    html = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert '<span class="stat__value" data-streak>3</span>' in html

    pain = html[html.index('data-series="before"') :]
    assert pain[: pain.index("</g>")].count("<circle") == 3
    after = html[html.index('data-series="after"') :]
    assert after[: after.index("</g>")].count("<circle") == 3

    weekly = html[html.index('<caption class="visually-hidden">Sessions done by week') :]
    weekly = weekly[: weekly.index("</table>")]
    assert weekly.count('<th scope="row">') == 8


class Log:
    def __init__(self, day, status="done", assignment_id=1):
        self.session_date = day
        self.status = status
        self.assignment_id = assignment_id


def test_weekly_adherence_counts_each_calendar_week():
    today = date(2026, 11, 25)  # a Wednesday
    plan = Assignment(
        pk=1, weekdays=list(range(7)), sessions_per_day=1, starts_on=date(2026, 11, 1)
    )
    logs = [Log(date(2026, 11, day)) for day in (20, 23, 24, 25)] + [
        Log(date(2026, 11, 19), status="skipped")
    ]
    weeks = adherence.weekly_adherence([plan], logs, today, weeks=3)
    assert [monday.day for monday, _ in weeks] == [9, 16, 23]
    assert [(w.completed, w.planned) for _, w in weeks] == [(0, 7), (1, 7), (3, 3)]
    assert [w.percent for _, w in weeks] == [0, 14, 100]


def test_streak_counts_back_from_yesterday_until_today_is_done(today):
    def ago(n, status="done"):
        return Log(today - timedelta(days=n), status)

    assert adherence.streak([ago(1), ago(2), ago(3)], today) == 3
    assert adherence.streak([ago(0), ago(1), ago(3)], today) == 2
    assert adherence.streak([ago(1, "skipped"), ago(2)], today) == 0
    assert adherence.streak([], today) == 0


def test_a_weekday_client_keeps_their_streak_over_the_weekend():
    monday = date(2026, 11, 30)
    plan = Assignment(
        pk=1, weekdays=[0, 1, 2, 3, 4], sessions_per_day=1, starts_on=date(2026, 11, 2)
    )
    last_week = [Log(monday - timedelta(days=n)) for n in range(3, 8)]  # Mon 23 to Fri 27
    assert adherence.streak(last_week, monday, [plan]) == 5  # Monday morning, not done yet
    assert adherence.streak([*last_week, Log(monday)], monday, [plan]) == 6
    assert adherence.streak(last_week[:-1], monday, [plan]) == 4  # Monday 23 missed
    friday_missed = [log for log in last_week if log.session_date != date(2026, 11, 27)]
    assert adherence.streak(friday_missed, monday, [plan]) == 0
    # A streak never reaches back before the plan began.
    late = Assignment(pk=2, weekdays=[0, 1, 2, 3, 4], sessions_per_day=1, starts_on=monday)
    assert adherence.streak([Log(monday)], monday, [late]) == 1


def test_weekdays_between_matches_counting_day_by_day():
    start = date(2026, 1, 1)
    for length in range(0, 40):
        for weekdays in ([0], [0, 2, 4], list(range(7)), [5, 6]):
            end = start + timedelta(days=length)
            expected = sum(
                1 for n in range(length + 1) if (start + timedelta(days=n)).weekday() in weekdays
            )
            assert adherence.weekdays_between(start, end, set(weekdays)) == expected


def weekly_table(html):
    weekly = html[html.index('<caption class="visually-hidden">Sessions done by week') :]
    return weekly[: weekly.index("</table>")]


def test_a_plan_assigned_today_shows_no_weekly_chart_but_an_empty_state(
    trainer_client, trainer, client_of, today
):
    make_intake(client_of)
    client_of.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    assigning.assign(client_of, routine, weekdays=list(range(7)), starts_on=today)
    html = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert 'data-empty-chart="weekly"' in html
    assert "No planned sessions yet" in html
    assert "Sessions done by week" not in html


def test_the_weekly_chart_is_a_percentage_from_the_plans_first_week(
    trainer_client, trainer, client_of, today
):
    make_intake(client_of)
    client_of.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    monday = today - timedelta(days=today.weekday())
    plan = assigning.assign(
        client_of, routine, weekdays=list(range(7)), starts_on=monday - timedelta(weeks=2)
    )
    session_logs.record_session(plan, monday - timedelta(weeks=2), 1, status="done")
    html = trainer_client.get(client_of.get_absolute_url()).content.decode()
    table = weekly_table(html)
    # This week and the two before it: the five weeks before the plan are left out.
    assert table.count('<th scope="row">') == 3
    assert "<td>14%</td>" in table  # one of seven
    ticks = html[html.index('aria-label="Sessions done by week') :]
    ticks = ticks[: ticks.index("</svg>")]
    for tick in ("0%", "25%", "50%", "75%", "100%"):
        assert f">{tick}</text>" in ticks


def test_weekly_adherence_chart_leaves_out_weeks_before_the_plan_and_marks_gaps():
    weeks = [
        (date(2026, 11, 2), adherence.Adherence(0, 0)),
        (date(2026, 11, 9), adherence.Adherence(3, 7)),
        (date(2026, 11, 16), adherence.Adherence(0, 0)),  # a week off the plan
        (date(2026, 11, 23), adherence.Adherence(7, 7)),
    ]
    chart = weekly_adherence_chart(weeks)
    assert [value for _, value in chart.rows] == [43, None, 100]
    assert [value for value, _ in chart.y_ticks] == [0, 25, 50, 75, 100]
    assert weekly_adherence_chart(weeks[:1]) is None
