"""The client's own progress page under their private link: four weeks by planned day, the
streak of planned days, pain before and after; sessions only, never an intake answer."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import adherence, assigning, session_logs, share_links
from clients.models import SessionLog
from routines.models import Stretch
from tests import clock
from tests.factories import make_client, make_intake, make_routine

WEEKDAYS = [0, 1, 2, 3, 4]


@pytest.fixture
def rosa(trainer):
    client = make_client(trainer, name="Rosa Lind", notes="TRAINER-CLIENT-NOTE")
    make_intake(client, goal_1="MARKER-GOAL", notes="MARKER-INTAKE-NOTE", pain_now=9)
    client.refresh_from_db()
    return client


@pytest.fixture
def routine(trainer):
    return make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])


def progress_url(link):
    return reverse("shared:progress", args=[link.token])


@pytest.fixture
def a_monday(today):
    """Noon on the Monday after the run's today: the day a weekday client's streak used to
    read 0. The clock is held there for the test."""
    monday = today + timedelta(days=7 - today.weekday())
    noon = datetime.combine(monday, time(12), tzinfo=timezone.get_current_timezone())
    with clock.ticking_from(noon):
        yield monday


def test_a_weekday_client_sees_their_streak_and_four_weeks_on_a_monday(
    client, rosa, routine, a_monday
):
    first_monday = a_monday - timedelta(weeks=3)
    plan = assigning.assign(rosa, routine, weekdays=WEEKDAYS, starts_on=first_monday)
    # The last two weeks done, Monday to Friday, pain easing; the first week not done at all.
    done_days = [
        a_monday - timedelta(weeks=weeks_back, days=-offset)
        for weeks_back in (2, 1)
        for offset in range(5)
    ]
    for n, day in enumerate(done_days):
        session_logs.record_session(
            plan, day, 1, status="done", pain_before=6 - n // 2, pain_after=4 - n // 3
        )
    link = share_links.issue_link(rosa)

    response = client.get(progress_url(link))
    html = response.content.decode()
    assert response.status_code == 200
    # The weekend is no gap: ten planned days in a row, seen on a Monday morning.
    assert '<span class="stat__value" data-streak>10</span>' in html
    assert '<span class="stat__value" data-done>10 of 15</span>' in html
    cells = re.findall(r'<td class="plan-day plan-day--(\w+)"', html)
    assert cells == (["missed"] * 5 + ["rest"] * 2) + (["done"] * 5 + ["rest"] * 2) * 2 + (
        ["today"] + ["upcoming"] * 4 + ["rest"] * 2
    )
    assert html.count('aria-current="date"') == 1
    assert f"{a_monday:%-d %B}: planned today" in html
    # Pain before and after, one dot per session, and the same numbers as a table.
    before = html[html.index('data-series="before"') :]
    assert before[: before.index("</g>")].count("<circle") == 10
    assert "Show as a table" in html


def test_a_session_done_today_counts_and_a_part_day_shows_how_much(client, rosa, routine, today):
    plan = assigning.assign(
        rosa, routine, weekdays=list(range(7)), sessions_per_day=2, starts_on=today
    )
    session_logs.record_session(plan, today, 1, status="done", pain_before=3, pain_after=2)
    link = share_links.issue_link(rosa)
    html = client.get(progress_url(link)).content.decode()
    assert "1 of 2 sessions done" in html
    assert '<span class="stat__value" data-streak>1</span>' in html
    assert '<span class="stat__label">day in a row on plan</span>' in html
    assert "After two sessions with your pain noted" in html  # one session: no chart yet


def test_the_page_shows_no_intake_answer_or_private_note(client, rosa, routine, today):
    assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=today)
    link = share_links.issue_link(rosa)
    html = client.get(progress_url(link)).content.decode()
    for marker in ("MARKER-GOAL", "MARKER-INTAKE-NOTE", "TRAINER-CLIENT-NOTE"):
        assert marker not in html
    assert "Rosa" in html


def test_the_daily_page_links_to_progress(client, rosa, routine, today):
    assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=today)
    link = share_links.issue_link(rosa)
    html = client.get(reverse("shared:today", args=[link.token])).content.decode()
    assert f'href="{progress_url(link)}"' in html


@pytest.mark.parametrize("case", ["revoked", "expired"])
def test_a_dead_link_has_no_progress_page(client, rosa, routine, case, today):
    assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=today)
    link = share_links.issue_link(rosa)
    if case == "revoked":
        share_links.revoke_link(rosa)
    else:
        link.expires_at = timezone.now() - timedelta(minutes=1)
        link.save()
    response = client.get(progress_url(link))
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert "Rosa" not in response.content.decode()


@pytest.mark.parametrize(("assignments", "logs"), [(1, 1), (12, 600)])
def test_progress_page_query_budget(client, rosa, routine, assignments, logs, today):
    made = [
        assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=today - timedelta(60))
        for _ in range(assignments)
    ]
    SessionLog.objects.bulk_create(
        SessionLog(
            assignment=made[n % len(made)],
            client=rosa,
            session_date=today - timedelta(days=n // len(made)),
            status="done",
            pain_before=3,
            pain_after=2,
        )
        for n in range(logs)
    )
    link = share_links.issue_link(rosa)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(progress_url(link)).status_code == 200
    assert len(queries) <= 4, [q["sql"] for q in queries]  # link, assignments, logs, guesses


def test_recent_weeks_never_calls_a_day_not_over_missed(rosa, routine, today):
    plan = assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=today)
    weeks = adherence.recent_weeks([plan], [], today)
    days = {day.day: day.state for week in weeks for day in week}
    assert len(weeks) == 4 and all(len(week) == 7 for week in weeks)
    assert days[today] == "today"
    assert all(state in {"before", "upcoming"} for day, state in days.items() if day != today)
    assert all(state == "before" for day, state in days.items() if day < today)


def test_days_before_the_plan_are_not_started_yet_and_the_caption_spans_the_grid(
    client, rosa, routine, today
):
    assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=today)
    link = share_links.issue_link(rosa)
    html = client.get(progress_url(link)).content.decode()
    cells = re.findall(r'<td class="plan-day plan-day--(\w+)"', html)
    before = today.weekday() + 21  # the three weeks before this one, and this week to today
    assert cells[:before] == ["before"] * before and "rest" not in cells
    assert html.count("not started yet") == before + 1  # each day, and the legend
    first = today - timedelta(days=today.weekday(), weeks=3)
    last = today + timedelta(days=6 - today.weekday())
    assert f"Sessions done on each planned day, {first:%-d %B} to {last:%-d %B}" in html


def test_a_day_done_in_part_and_a_day_with_some_sessions_have_their_own_marks(
    client, rosa, routine, today
):
    plan = assigning.assign(
        rosa,
        routine,
        weekdays=list(range(7)),
        sessions_per_day=3,
        starts_on=today - timedelta(days=1),
    )
    yesterday = today - timedelta(days=1)
    for number, status in ((1, "done"), (2, "partly"), (3, "done")):
        session_logs.record_session(plan, yesterday, number, status=status)
    for number in (1, 2):
        session_logs.record_session(plan, today, number, status="done")
    link = share_links.issue_link(rosa)
    html = client.get(progress_url(link)).content.decode()
    marks = dict(
        re.findall(
            r'<td class="plan-day plan-day--(\w+)"[^>]*><span class="plan-day__date">\d+</span> '
            r'<span class="plan-day__mark" aria-hidden="true">([^<]*)</span>',
            html,
        )
    )
    assert marks["partly"] == "◐"  # all three done, one of them in part
    assert marks["some"] == "2/3"  # two of today's three
    assert f"{yesterday:%-d %B}: done in part" in html
    assert f"{today:%-d %B}: 2 of 3 sessions done" in html
    assert "◐</span> done in part · <span>1/2</span> sessions done of those planned" in html


def test_the_chart_draws_in_spanish_with_numbers_svg_can_read(client, rosa, routine, today):
    """SVG coordinates are never written with the language's decimal comma ("56,0")."""
    rosa.language = "es"
    rosa.save()
    plan = assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=today - timedelta(3))
    for n in range(3):
        day = today - timedelta(days=n + 1)
        session_logs.record_session(plan, day, 1, status="done", pain_before=5, pain_after=3)
    link = share_links.issue_link(rosa)
    html = client.get(progress_url(link)).content.decode()
    assert '<html lang="es"' in html
    coordinates = re.findall(r'\b(?:cx|cy|x|y|x1|x2|y1|y2|width|height)="([^"]*)"', html)
    assert any("." in value for value in coordinates)  # fractions are there...
    assert not [value for value in coordinates if "," in value]  # ...written with a point
