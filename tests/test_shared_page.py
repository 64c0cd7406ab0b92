"""The client's private page over HTTP: tokens, headers, privacy, logging, alerts, budgets."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clients import assigning, session_logs, share_links
from clients.models import Alert, Intake, ReminderPreference, SessionLog, SessionReply
from clients.red_flags import CLIENT_EMERGENCY_SIGNS
from routines.durations import calendar_minutes
from routines.models import Routine, Stretch
from tests import clock
from tests.factories import make_client, make_intake, make_routine

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.usefixtures("today")  # "today's session" is one day, even at midnight


@pytest.fixture
def routine(trainer):
    lunge = Stretch.objects.get(slug="kneeling-lunge")
    march = Stretch.objects.get(slug="pandiculation-march")
    routine = make_routine(trainer, name="Desk reset", stretches=[lunge, march])
    routine.steps.filter(position=1).update(
        private_note="PRIVATE-STEP-NOTE", client_note="Keep your ribs down"
    )
    return routine


@pytest.fixture
def cleared_client(trainer):
    client = make_client(trainer, name="Alex Client", notes="TRAINER-CLIENT-NOTE")
    make_intake(client, pain_average_week=3)
    client.refresh_from_db()
    return client


@pytest.fixture
def assignment(cleared_client, routine):
    return assigning.assign(cleared_client, routine, weekdays=list(range(7)))


@pytest.fixture
def link(cleared_client, assignment):
    return share_links.issue_link(cleared_client)


def page_url(link, name="today"):
    return reverse(f"shared:{name}", args=[link.token])


def log_data(for_assignment, **changes):
    return {"assignment": for_assignment.pk, "session_number": 1, "status": "done", **changes}


def test_the_page_shows_todays_session_and_how_to_do_each_stretch(client, link):
    response = client.get(page_url(link))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hi Alex" in html
    assert "Desk reset" in html and "Start session" in html
    assert "Kneeling lunge" in html and "Keep your ribs down" in html
    assert "Stop if" in html
    assert 'type="application/json"' in html  # the player's timings


def test_the_page_headers_keep_it_private(client, link):
    response = client.get(page_url(link))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "strict-origin"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_tokens_are_long_random_and_not_derived_from_ids(cleared_client, assignment):
    tokens = {share_links.issue_link(cleared_client).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 32 for token in tokens)  # 24 random bytes = 192 bits
    assert all(str(cleared_client.pk) != token for token in tokens)


@pytest.mark.parametrize("case", ["revoked", "expired", "made-up", "archived client"])
def test_dead_links_are_a_friendly_404(client, cleared_client, link, case, settings):
    settings.DEBUG = True  # even in development: our page, never Django's debug page
    token = link.token
    if case == "revoked":
        share_links.revoke_link(cleared_client)
    elif case == "expired":
        link.expires_at = timezone.now() - timedelta(minutes=1)
        link.save()
    elif case == "made-up":
        token = "x" * 32
    else:
        cleared_client.archived_at = timezone.now()
        cleared_client.save()
    for name in ("today", "progress", "calendar", "handout", "qr"):
        response = client.get(reverse(f"shared:{name}", args=[token]))
        html = response.content.decode()
        assert response.status_code == 404
        assert "This link no longer works" in html
        assert "Alex" not in html  # never the client's name
        # The trainer is named only to someone who once had a real link.
        assert ("Tess" in html) == (case != "made-up")
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_new_link_kills_the_old_one(client, cleared_client, link):
    new = share_links.issue_link(cleared_client)
    assert client.get(page_url(link)).status_code == 404
    assert client.get(page_url(new)).status_code == 200


def test_guessing_is_rate_limited_per_ip(client, link, settings):
    settings.SHARE_GUESS_LIMIT = 3
    for attempt in range(3):
        assert client.get(f"/s/guess{attempt:028d}/").status_code == 404
    assert client.get("/s/guess-number-four-00000000000/").status_code == 429
    # The same address cannot use a real token either until the window passes.
    assert client.get(page_url(link)).status_code == 429
    other_ip = client.get(page_url(link), REMOTE_ADDR="203.0.113.9")
    assert other_ip.status_code == 200


INTAKE_TEXT_FIELDS = ["goal_1", "goal_2", "goal_3", "clinician_care_details", "notes"]


def test_no_intake_answer_or_private_note_reaches_the_client(client, cleared_client, link, trainer):
    markers = {field: f"MARKER-{field.upper()}" for field in INTAKE_TEXT_FIELDS}
    intake = make_intake(
        cleared_client,
        pain_now=9,
        pain_average_week=8,
        pain_worst_week=10,
        sitting_hours_workday=13.5,
        sitting_hours_day_off=11.5,
        longest_sitting_minutes=777,
        activity_minutes_week=4321,
        goal_1_score=1,
        goal_2_score=2,
        goal_3_score=3,
        pain_areas=["below_knee"],
        worse_with=["arching"],
        cautions=["knee"],
        under_clinician_care=True,
        **markers,
    )
    assert Intake.objects.filter(pk=intake.pk).exists()
    pages = [client.get(page_url(link, name)).content.decode() for name in ("today", "handout")]
    pages.append(client.get(page_url(link, "calendar")).content.decode())
    for html in pages:
        for marker in [*markers.values(), "PRIVATE-STEP-NOTE", "TRAINER-CLIENT-NOTE"]:
            assert marker not in html
        for number in ("4321", "777", "13.5"):
            assert number not in html
        assert "Leg below the knee" not in html and "Arching backwards" not in html


def test_a_double_submitted_log_records_one_session(client, link, assignment):
    first = client.post(page_url(link, "log"), log_data(assignment, pain_before=4), **HTMX)
    second = client.post(page_url(link, "log"), log_data(assignment, pain_before=4), **HTMX)
    assert first.status_code == second.status_code == 200
    assert SessionLog.objects.filter(assignment=assignment).count() == 1
    assert "Thank you" in second.content.decode()


def test_sessions_per_day_are_logged_separately(client, link, cleared_client, routine):
    twice = assigning.assign(cleared_client, routine, weekdays=list(range(7)), sessions_per_day=2)
    for number in (1, 2):
        client.post(page_url(link, "log"), log_data(twice, session_number=number))
    assert SessionLog.objects.filter(assignment=twice).count() == 2
    refused = client.post(page_url(link, "log"), log_data(twice, session_number=3), **HTMX)
    assert refused.status_code == 422


@pytest.mark.parametrize(
    ("answers", "kinds"),
    [
        ({"pain_before": 3, "pain_after": 2}, set()),
        ({"pain_before": 3, "pain_after": 7}, {"pain_high", "pain_rise"}),
        ({"pain_before": 4, "pain_after": 5}, {"pain_rise"}),  # usual pain is 3
        ({"pain_before": 2, "new_red_flag": "on"}, {"red_flag"}),
    ],
)
def test_worrying_answers_tell_the_client_to_stop_and_alert_the_trainer(
    client, link, assignment, answers, kinds
):
    response = client.post(page_url(link, "log"), log_data(assignment, **answers), **HTMX)
    html = response.content.decode()
    assert set(Alert.objects.values_list("kind", flat=True)) == kinds
    # Pain: the stop card; a new emergency sign: the urgent-care card (finding 1, own tests in
    # tests/test_session_red_flag.py). Either carries the emergency signs or the urgent action.
    assert ("Please stop for now" in html) == bool(kinds - {"red_flag"})
    assert ("Get urgent medical care now" in html) == bool(kinds)
    # Sending the same log again does not duplicate the alerts.
    client.post(page_url(link, "log"), log_data(assignment, **answers), **HTMX)
    assert Alert.objects.count() == len(kinds)


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"status": "finished"}, 422),
        ({"status": ""}, 422),
        ({"pain_before": "11"}, 422),
        ({"pain_after": "-1"}, 422),
        ({"note": "x" * 501}, 422),
        ({"assignment": "not-a-number"}, 422),
    ],
)
def test_bad_log_input_is_refused_and_nothing_is_saved(client, link, assignment, changes, status):
    response = client.post(page_url(link, "log"), log_data(assignment, **changes))
    assert response.status_code == status
    assert not SessionLog.objects.exists()


def test_a_log_for_someone_elses_assignment_is_refused(client, link, trainer, routine):
    other = make_client(trainer, name="Other")
    make_intake(other)
    other.refresh_from_db()
    theirs = assigning.assign(other, routine, weekdays=list(range(7)))
    response = client.post(page_url(link, "log"), log_data(theirs))
    assert response.status_code == 422
    assert not SessionLog.objects.exists()


def test_logged_text_is_escaped(client, link, assignment, trainer_client, cleared_client):
    client.post(page_url(link, "log"), log_data(assignment, note="<script>alert(1)</script>"))
    html = trainer_client.get(cleared_client.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_calendar_feed_repeats_on_the_planned_days(client, cleared_client, routine, today):
    ends_on = today + timedelta(days=40)
    assigning.assign(
        cleared_client,
        routine,
        weekdays=[0, 2, 4],
        sessions_per_day=2,
        starts_on=today - timedelta(days=20),
        ends_on=ends_on,
    )
    link = share_links.issue_link(cleared_client)
    response = client.get(page_url(link, "calendar"))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    # RFC 5545: with a TZID on DTSTART, UNTIL is the last moment of the end date in UTC.
    until = datetime.combine(ends_on, time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert f"RRULE:FREQ=WEEKLY;UNTIL={until.astimezone(UTC):%Y%m%dT%H%M%S}Z;BYDAY=MO,WE,FR" in body
    assert f"DTSTART;TZID={settings.TIME_ZONE}:" in body and "BEGIN:VTIMEZONE" in body
    assert body.count("BEGIN:VALARM") == 2
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_calendar_starts_at_the_clients_reminder_time(client, cleared_client, link):
    ReminderPreference.objects.create(
        client=cleared_client,
        enabled=True,
        time_of_day=time(6, 45),
        weekdays=[0, 1, 2, 3, 4],
        unsubscribe_token="t" * 32,
    )
    body = client.get(page_url(link, "calendar")).content.decode()
    assert f"DTSTART;TZID={settings.TIME_ZONE}:" in body
    assert "T064500\r\n" in body
    assert "TRIGGER:P0D" in body  # an alarm as the session starts


def test_a_line_break_in_a_routine_name_cannot_add_lines_to_the_calendar(
    client, trainer, cleared_client
):
    lunge = Stretch.objects.get(slug="kneeling-lunge")
    routine = make_routine(
        trainer, name="Desk\rX-BARE-CR:1\nX-BARE-LF:1\r\nX-CRLF:1", stretches=[lunge]
    )
    assigning.assign(cleared_client, routine, weekdays=[0])
    link = share_links.issue_link(cleared_client)
    body = client.get(page_url(link, "calendar")).content.decode()
    lines = body.split("\r\n")
    assert not any("\r" in line or "\n" in line for line in lines)
    ours = {"X-WR-CALNAME:Stretching", f"X-WR-TIMEZONE:{settings.TIME_ZONE}"}
    assert not any(line.startswith("X-") and line not in ours for line in lines)
    assert "SUMMARY:Desk\\nX-BARE-CR:1\\nX-BARE-LF:1\\nX-CRLF:1" in body


def test_the_print_view_has_a_qr_code_back_to_the_page(client, link):
    html = client.get(page_url(link, "handout")).content.decode()
    assert page_url(link, "qr") in html
    assert "Kneeling lunge" in html
    svg = client.get(page_url(link, "qr"))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")


def _queries(client, url):
    """(queries of the page's own, reads and writes of the shared cache's table)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    counted = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    cache = sum(1 for sql in counted if '"trainer_site_cache"' in sql)
    return len(counted) - cache, cache


@pytest.mark.parametrize(("assignments", "logs"), [(1, 1), (20, 1000)])
def test_shared_page_query_budget(client, cleared_client, routine, assignments, logs):
    made = [
        assigning.assign(cleared_client, routine, weekdays=list(range(7)))
        for _ in range(assignments)
    ]
    today = timezone.localdate()
    SessionLog.objects.bulk_create(
        SessionLog(
            assignment=made[n % len(made)],
            client=cleared_client,
            session_date=today - timedelta(days=1 + n // len(made)),
            status="done",
            pain_before=3,
            pain_after=2,
        )
        for n in range(logs)
    )
    link = share_links.issue_link(cleared_client)
    # Drawn: 8 (the link again, with its contact; the trainer's replies), and the guess counter
    # every worker shares; then kept in the shared cache (with the database cache: read the
    # entry and its three versions, make the versions, store the page; with Redis, none of
    # these are queries).
    own, cache = _queries(client, page_url(link))
    assert own <= 9 and cache <= 12
    # Again: the guess counter, the link, and one read of the page with its versions.
    assert _queries(client, page_url(link)) == (2, 1)
    # The trainer's replies, however many, cost no more (and their saves redraw the page).
    for log in SessionLog.objects.filter(client=cleared_client)[:10]:
        SessionReply.objects.create(session_log=log, client=cleared_client, text="Well done")
    own, cache = _queries(client, page_url(link))
    assert own <= 9 and cache <= 12


def test_routine_is_protected_once_assigned(trainer_client, routine, assignment):
    response = trainer_client.post(reverse("routines:routine-delete", args=[routine.pk]))
    assert response.status_code == 302
    routine = Routine.objects.get(pk=routine.pk)
    assert routine.is_archived


def test_behind_a_trusted_proxy_the_limit_applies_to_the_forwarded_address(client, link, settings):
    settings.SHARE_GUESS_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(2):
        client.get(f"/s/guess{attempt:028d}/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    blocked = client.get(page_url(link), HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = client.get(page_url(link), HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert (blocked.status_code, other.status_code) == (429, 200)


def test_a_run_of_painful_sessions_is_one_open_alert_until_handled(client, link, assignment):
    today = timezone.localdate()
    for days_ago in (3, 2, 1):
        session_logs.record_session(
            assignment, today - timedelta(days=days_ago), 1, status="done", pain_after=8
        )
    assert set(Alert.objects.values_list("kind", flat=True)) == {"pain_high", "pain_rise"}
    assert Alert.objects.count() == 2
    Alert.objects.update(handled_at=timezone.now())
    session_logs.record_session(assignment, today, 1, status="done", pain_after=8)
    assert Alert.objects.filter(handled_at__isnull=True).count() == 2


def test_the_page_and_handout_text_has_no_doubled_or_broken_pieces(client, link, routine):
    from clients.models import AssignedStep

    AssignedStep.objects.filter(assignment__client=link.client).update(rest_seconds=5)
    page = client.get(page_url(link)).content.decode()
    handout = client.get(page_url(link, "handout")).content.decode()
    assert "(optional) (optional)" not in page
    assert "Anything to tell your trainer?" in page
    for html in (page, handout):
        assert " , " not in html and ".;" not in html
        assert "30 s × 2 on each side, 5 s rest between" in html
        assert "5 slow lifts per leg, alternating legs" in html


def test_the_red_flag_question_lists_the_signs_and_says_what_a_tick_does(client, link):
    html = client.get(page_url(link)).content.decode()
    start = html.index('<fieldset class="log-form__flag">')
    question = html[start : html.index("</fieldset>", start)]
    assert (
        "<legend>Since starting your stretches, have you noticed any of these?</legend>" in question
    )
    signs = re.findall(r"<li>([^<]+)</li>", question)
    assert signs == [str(sign)[0].upper() + str(sign)[1:] for sign in CLIENT_EMERGENCY_SIGNS]
    assert 'name="new_red_flag"' in question and "Yes, I have noticed one of these" in question
    assert "If you tick it, we show you what to do now and tell" in question


def test_a_session_skipped_for_pain_is_not_shown_as_a_success(client, link, assignment):
    response = client.post(page_url(link, "start"), log_data(assignment, pain_before=9), **HTMX)
    html = response.content.decode()
    assert '<p class="session__done session__done--quiet" role="status">' in html
    assert "Skipped today." in html and "Please do not start today" in html


def test_the_page_and_handout_carry_the_education_card(client, link):
    for name in ("today", "handout"):
        html = client.get(page_url(link, name)).content.decode()
        assert "About stretching" in html
        assert "One part of the fix" in html and "Little and often" in html
        assert "What a good stretch feels like" in html


def test_each_step_says_which_leg_left_means(client, link):
    html = client.get(page_url(link)).content.decode()
    assert "“Left side” means your left leg is the back leg." in html
    assert "“Left side” means your left leg is the lifting leg." in html


def test_the_calendar_event_lasts_as_long_as_the_routine(client, link, assignment):
    from routines.durations import calendar_minutes, routine_seconds

    body = client.get(page_url(link, "calendar")).content.decode()
    minutes = calendar_minutes(assignment.steps.all())
    assert minutes * 60 >= routine_seconds(assignment.steps.all()) > (minutes - 1) * 60
    assert f"DURATION:PT{minutes}M" in body


def test_the_players_script_is_the_estimates_cue_sequence(client, link, assignment):
    import json
    import re

    from routines.durations import minutes_and_seconds, routine_seconds, step_seconds

    html = client.get(page_url(link)).content.decode()
    data = json.loads(
        re.search(r'<script id="player-\d+" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    steps = list(assignment.steps.order_by("position"))
    assert data["seconds"] == routine_seconds(steps)
    assert data["duration"] == minutes_and_seconds(routine_seconds(steps))
    for step, sent in zip(steps, data["steps"], strict=True):
        assert sum(cue["seconds"] for cue in sent["cues"]) == step_seconds(step) == sent["seconds"]
    march = data["steps"][1]["cues"]
    # 5 per side, alternating: 10 contract-release-pause cycles after getting ready, no switch.
    assert [cue["kind"] for cue in march].count("contract") == 10
    assert "switch" not in [cue["kind"] for cue in march]


def test_the_calendar_keeps_the_clients_time_in_their_zone_across_a_change_of_clocks(
    client, trainer, routine
):
    # New York moves from UTC-5 to UTC-4 on Sunday 14 March 2027; the plan starts the Wednesday
    # before, and the client chose 07:00 in New York on their page.
    with clock.ticking_from(datetime(2027, 3, 10, 14, 0, tzinfo=UTC)):
        rosa = make_client(trainer, name="Rosa Lind")
        make_intake(rosa)
        rosa.refresh_from_db()
        plan = assigning.assign(rosa, routine, weekdays=list(range(7)))
        ReminderPreference.objects.create(
            client=rosa,
            time_of_day=time(7, 0),
            weekdays=[0, 1, 2, 3, 4],
            time_zone="America/New_York",
            unsubscribe_token="z" * 32,
        )
        link = share_links.issue_link(rosa)
        body = client.get(page_url(link, "calendar")).content.decode()

    assert "DTSTART;TZID=America/New_York:20270310T070000\r\n" in body
    assert "X-WR-TIMEZONE:America/New_York\r\n" in body
    feed = Calendar.from_ical(body)
    zone = feed.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "America/New_York"
    assert {sub.name for sub in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}
    event = feed.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    days = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    saturday, monday = days[3], days[5]  # 13 and 15 March, either side of the change
    assert (saturday.hour, monday.hour) == (7, 7)
    assert saturday.astimezone(UTC).hour == 12 and monday.astimezone(UTC).hour == 11
    # As long as the routine, with an alarm as it starts.
    assert event.decoded("duration") == timedelta(minutes=calendar_minutes(plan.steps.all()))
    assert event.walk("VALARM")[0].decoded("trigger") == timedelta(0)


def test_movement_breaks_come_at_least_every_half_hour_with_support_for_the_march(
    client, cleared_client, link
):
    make_intake(cleared_client, sitting_hours_workday=9)
    html = client.get(page_url(link)).content.decode()
    breaks = html[html.index('id="movement-breaks"') :]
    breaks = breaks[: breaks.index("</section>")]
    minutes = [int(v) for v in re.findall(r'<option value="(\d+)"', breaks)]
    assert minutes and max(minutes) <= 30  # content notes: at least every 30 minutes
    assert "march slowly on the spot, holding a wall or a chair" in breaks
