"""The attention queue: each seeded scenario shows with its reason; handled items leave."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients import assigning, session_logs
from clients.models import Alert, Assignment, AttentionHandled, Client, SessionLog
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

pytestmark = pytest.mark.usefixtures("today")  # days are counted back from one fixed today


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def routine(trainer):
    return make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])


def client_with_plan(trainer, routine, name, started_days_ago=30, **intake):
    client = make_client(trainer, name=name)
    make_intake(client, assessed_on=days_ago(20), pain_average_week=3, **intake)
    client.refresh_from_db()
    assignment = assigning.assign(
        client, routine, weekdays=list(range(7)), starts_on=days_ago(started_days_ago)
    )
    return client, assignment


def log(assignment, day, **answers):
    answers.setdefault("status", "done")
    session_logs.record_session(assignment, day, 1, **answers)


@pytest.fixture
def scenarios(trainer, routine):
    _, plan = client_with_plan(trainer, routine, "Calm Cara")
    for n in range(14):
        log(plan, days_ago(n))

    _, plan = client_with_plan(trainer, routine, "Pain Paula")
    for n in range(14):
        log(plan, days_ago(n), pain_before=3, pain_after=3)
    log(plan, days_ago(0), pain_before=4, pain_after=8)

    _, plan = client_with_plan(trainer, routine, "Silent Sam", started_days_ago=20)
    for n in range(8, 12):
        log(plan, days_ago(n))

    _, plan = client_with_plan(trainer, routine, "Dropping Dan")
    for n in range(7, 14):
        log(plan, days_ago(n))
    for n in (1, 3):
        log(plan, days_ago(n))

    old = make_client(trainer, name="Old Olga")
    make_intake(old, assessed_on=days_ago(100))

    _, plan = client_with_plan(trainer, routine, "Flag Fiona")
    for n in range(14):
        log(plan, days_ago(n))
    log(plan, days_ago(0), pain_before=2, pain_after=2, new_red_flag=True)

    uncleared = make_client(trainer, name="Refer Rita")
    make_intake(uncleared, assessed_on=days_ago(3), red_flags=["weight_loss"])
    return {c.name: c for c in Client.objects.filter(trainer=trainer)}


def queue(client):
    """{client name: [reason labels]} as the dashboard shows them."""
    html = client.get(reverse("clients:dashboard")).content.decode()
    queue_html = html[html.index('id="attention-queue"') :]
    queue_html = queue_html[: queue_html.index("</section>")]
    shown = {}
    for chunk in queue_html.split('class="queue__item"')[1:]:
        name = chunk.split('class="queue__name"')[1].split(">")[1].split("<")[0]
        labels = [part.split("<")[0] for part in chunk.split("reason__badge--")[1:]]
        shown[name] = [label.split(">", 1)[1] for label in labels]
    return shown


def test_each_scenario_shows_with_its_reason(trainer_client, scenarios):
    shown = queue(trainer_client)
    assert shown == {
        "Flag Fiona": ["New red-flag symptom"],
        "Refer Rita": ["Red flags not cleared"],
        "Pain Paula": ["Pain alert"],
        # Nine sessions in two weeks, pain never higher after: ready for more, least urgent.
        "Dropping Dan": ["Adherence dropped", "Ready for the next variation"],
        # Quiet for 8 days: also a drop against the week before.
        "Silent Sam": ["No session logged for 7 days", "Adherence dropped"],
        "Old Olga": ["Time to re-assess"],
        "Calm Cara": ["Ready for the next variation"],
    }
    assert list(shown)[:2] == ["Flag Fiona", "Refer Rita"]  # most urgent first


def test_handled_items_leave_the_queue_and_stay_in_history(trainer_client, scenarios):
    def handle(name, reason, occurrence):
        return trainer_client.post(
            reverse("clients:attention-handle"),
            {"client": scenarios[name].pk, "reason": reason, "occurrence": occurrence},
            HTTP_HX_REQUEST="true",
        )

    response = handle("Pain Paula", "pain_alert", "alerts")
    assert response.status_code == 200 and "<nav" not in response.content.decode()
    assert "Pain Paula" not in response.content.decode()
    sam = scenarios["Silent Sam"]
    last = SessionLog.objects.filter(client=sam).latest("session_date").session_date
    handle("Silent Sam", "silent", last.isoformat())
    shown = queue(trainer_client)
    assert "Pain Paula" not in shown
    assert shown["Silent Sam"] == ["Adherence dropped"]
    assert scenarios["Pain Paula"].alerts.filter(handled_at__isnull=False).count() == 2

    # Something new brings a client back: another painful session.
    plan = scenarios["Pain Paula"].assignments.get()
    session_logs.record_session(plan, days_ago(0), 1, status="done", pain_before=3, pain_after=9)
    assert "Pain Paula" not in queue(trainer_client)  # same session re-sent: same alerts
    session_logs.record_session(plan, days_ago(1), 1, status="done", pain_before=3, pain_after=9)
    assert queue(trainer_client)["Pain Paula"] == ["Pain alert"]


def test_another_trainers_client_cannot_be_handled(client, scenarios, other_trainer):
    client.force_login(other_trainer)
    response = client.post(
        reverse("clients:attention-handle"),
        {"client": scenarios["Pain Paula"].pk, "reason": "pain_alert", "occurrence": "alerts"},
    )
    assert response.status_code == 404
    assert scenarios["Pain Paula"].alerts.filter(handled_at__isnull=True).exists()


def test_dashboard_shows_todays_activity_and_adherence(trainer_client, scenarios):
    html = trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert "Calm Cara</a>: done" in html
    assert 'data-adherence="all-7"' in html
    assert "Sessions done per day, last 30 days" in html
    assert html.count('<rect class="chart__bar"') == 30


@pytest.mark.parametrize(("clients", "logs"), [(5, 0), (500, 10_000)])
def test_dashboard_query_budget(
    trainer_client, trainer, routine, clients, logs, django_assert_max_num_queries
):
    made = Client.objects.bulk_create(
        Client(trainer=trainer, name=f"Client {n:03}") for n in range(clients)
    )
    for client in made[:5]:
        make_intake(client)
        client.refresh_from_db()
        assigning.assign(client, routine, weekdays=list(range(7)), starts_on=days_ago(60))
    plans = list(Assignment.objects.filter(client__trainer=trainer))
    SessionLog.objects.bulk_create(
        SessionLog(
            assignment=plans[n % len(plans)],
            client_id=plans[n % len(plans)].client_id,
            session_date=days_ago(n // len(plans) % 60),
            session_number=1 + n // (len(plans) * 60),
            status="done",
        )
        for n in range(logs)
        if 1 + n // (len(plans) * 60) <= 3
    )
    # Uncached: the first view after any change. The session and the trainer (2), one read of
    # the cached fragments with their version (1), the overview (8), and, without CACHE_URL,
    # storing the fragments in the database cache (5 with the test's savepoints). A repeat
    # visit is 3 (tests/test_page_cache.py).
    with django_assert_max_num_queries(16):
        response = trainer_client.get(reverse("clients:dashboard"))
    assert response.status_code == 200


def test_handled_items_are_kept_in_a_history(trainer_client, scenarios, other_trainer, client):
    trainer_client.post(
        reverse("clients:attention-handle"),
        {"client": scenarios["Pain Paula"].pk, "reason": "pain_alert", "occurrence": "alerts"},
    )
    olga = scenarios["Old Olga"]
    trainer_client.post(
        reverse("clients:attention-handle"),
        {
            "client": olga.pk,
            "reason": "old_intake",
            "occurrence": f"intake-{olga.latest_intake_id}",
        },
    )
    html = trainer_client.get(reverse("clients:attention-history")).content.decode()
    assert "Pain Paula" in html and "Pain of 7 or more" in html
    assert "Old Olga" in html and "Time to re-assess" in html
    client.force_login(other_trainer)
    assert "Pain Paula" not in client.get(reverse("clients:attention-history")).content.decode()


def test_time_to_reassess_comes_six_weeks_after_the_intake(trainer_client, trainer, time_machine):
    # "No better after 4-6 weeks" is a red flag: by then the trainer should have asked again.
    make_intake(make_client(trainer, name="Recent Rae"))
    now = timezone.now()
    time_machine.move_to(now + timedelta(days=42))
    trainer_client.force_login(trainer)  # a session lasts 8 hours at most
    assert "Recent Rae" not in queue(trainer_client)
    time_machine.move_to(now + timedelta(days=43))
    trainer_client.force_login(trainer)
    assert queue(trainer_client)["Recent Rae"] == ["Time to re-assess"]


def test_an_empty_practice_says_what_to_do_first_instead_of_tiles_of_zeros(trainer_client):
    html = trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert html.count("<h1") == 1 and "Good to see you, Tess" in html
    steps = html[html.index('id="first-steps-heading"') :]
    assert reverse("clients:client-create") in steps and "intake" in steps
    assert 'id="practice-heading"' not in html and 'id="today-list"' not in html


def test_with_clients_the_practice_and_today_tiles_show(trainer_client, trainer):
    make_client(trainer, name="Ada")
    html = trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert 'id="practice-heading"' in html and 'id="today-list"' in html
    assert "First steps" not in html


def test_before_any_planned_session_the_sessions_chart_is_an_empty_state(
    trainer_client, trainer, routine
):
    client_with_plan(trainer, routine, "New Nora", started_days_ago=0)  # starts today
    html = trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert 'data-empty-chart="sessions"' in html
    assert "Sessions done per day, last 30 days" not in html
    assert '<rect class="chart__bar"' not in html


def queue_item(html, client):
    """The dashboard queue's item of one client, as HTML."""
    queue_html = html[html.index('id="attention-queue"') :]
    item = queue_html[queue_html.index(f'data-client="{client.pk}"') :]
    return item[: item.index("</ul>")]


@pytest.fixture
def rita(trainer):
    rita = make_client(trainer, name="Refer Rita")
    make_intake(rita, assessed_on=days_ago(3), red_flags=["weight_loss"])
    rita.refresh_from_db()
    return rita


def handle_red_flags(trainer_client, rita, **headers):
    return trainer_client.post(
        reverse("clients:attention-handle"),
        {
            "client": rita.pk,
            "reason": "uncleared_red_flags",
            "occurrence": f"intake-{rita.latest_intake_id}",
        },
        **headers,
    )


def test_red_flags_not_cleared_link_to_the_clearance_form_with_no_handled(trainer_client, rita):
    item = queue_item(trainer_client.get(reverse("clients:dashboard")).text, rita)
    assert "Red flags not cleared" in item
    assert f'href="{rita.get_absolute_url()}#clearance-form">Record clearance' in item
    assert "Handled" not in item and 'name="reason"' not in item
    # The link lands on the form: the client page has it under that id.
    page = trainer_client.get(rita.get_absolute_url()).text
    assert 'id="clearance-form"' in page and "Record clearance" in page


def test_a_posted_handled_for_red_flags_not_cleared_is_refused_and_saves_nothing(
    trainer_client, rita
):
    response = handle_red_flags(trainer_client, rita)
    assert response.status_code == 302 and response["Location"] == reverse("clients:dashboard")
    page = trainer_client.get(response["Location"]).text
    assert (
        "“Red flags not cleared” cannot be marked handled for Refer Rita: record a clinician's "
        "clearance on their page." in page.replace("&#x27;", "'")
    )
    assert "Red flags not cleared" in queue_item(page, rita)
    assert not AttentionHandled.objects.exists()


def test_a_handled_posted_from_htmx_redraws_the_queue_with_the_refusal(trainer_client, rita):
    response = handle_red_flags(trainer_client, rita, HTTP_HX_REQUEST="true")
    html = response.text
    assert response.status_code == 200 and "<nav" not in html
    assert "queue__status--refused" in html and "cannot be marked handled" in html
    assert "Red flags not cleared" in queue_item(html, rita)
    assert not AttentionHandled.objects.exists()


def test_red_flags_marked_handled_before_still_show_until_a_clearance(trainer_client, rita):
    AttentionHandled.objects.create(
        client=rita,
        reason="uncleared_red_flags",
        occurrence=f"intake-{rita.latest_intake_id}",
        handled_by=rita.trainer,
    )
    assert queue(trainer_client)["Refer Rita"] == ["Red flags not cleared"]


def test_recording_the_clearance_takes_red_flags_not_cleared_off_the_queue(trainer_client, rita):
    assert "Refer Rita" in queue(trainer_client)
    response = trainer_client.post(
        reverse("clients:clearance-create", args=[rita.pk, rita.latest_intake_id]),
        {"cleared_by": "Dr Moss, GP", "cleared_on": days_ago(0).isoformat(), "details": ""},
    )
    assert response.status_code == 302
    assert "Refer Rita" not in queue(trainer_client)


def test_a_new_symptom_not_cleared_links_to_its_own_clearance_form(trainer_client, trainer):
    sam = make_client(trainer, name="Symptom Sam")
    make_intake(sam)
    Alert.objects.create(client=sam, kind="red_flag", handled_at=timezone.now(), handled_by=trainer)
    item = queue_item(trainer_client.get(reverse("clients:dashboard")).text, sam)
    assert "New symptom after a session" in item
    assert f'href="{sam.get_absolute_url()}#report-clearance-form">Record clearance' in item
    assert "Handled" not in item
    assert 'id="report-clearance-form"' in trainer_client.get(sam.get_absolute_url()).text
    response = trainer_client.post(
        reverse("clients:red-flag-clearance", args=[sam.pk]),
        {"report-cleared_by": "Dr Lee", "report-cleared_on": days_ago(0).isoformat()},
    )
    assert response.status_code == 302
    assert "Symptom Sam" not in queue(trainer_client)
