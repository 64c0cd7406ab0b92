"""The client's page kept on the phone (manifest and service worker per link) and session logs
sent late or twice (the phone's key and date), over HTTP."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse

from clients import assigning, share_links
from clients.models import Alert, SessionLog
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def rosa(trainer):
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa, pain_average_week=3)
    rosa.refresh_from_db()
    return rosa


@pytest.fixture
def assignment(trainer, rosa, today):
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="kneeling-lunge")])
    assignment = assigning.assign(rosa, routine, weekdays=list(range(7)))
    assignment.starts_on = today - timedelta(days=14)  # running for a while already
    assignment.save(update_fields=["starts_on"])
    return assignment


@pytest.fixture
def link(rosa, assignment):
    return share_links.issue_link(rosa)


def url(link, name):
    return reverse(f"shared:{name}", args=[link.token])


def log_data(assignment, **changes):
    return {"assignment": assignment.pk, "session_number": 1, "status": "done", **changes}


def test_the_manifest_installs_this_link_only(client, link):
    response = client.get(url(link, "manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    root = link.get_absolute_url()
    assert (manifest["id"], manifest["start_url"], manifest["scope"]) == (root, root, root)
    assert manifest["display"] == "standalone"
    assert manifest["name"] == "Rosa's stretches"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_page_links_its_manifest_and_says_it_is_kept_on_the_phone(client, link):
    html = client.get(url(link, "today")).content.decode()
    assert f'<link rel="manifest" href="{url(link, "manifest")}">' in html
    assert "This page is kept on this phone" in html


def test_the_service_worker_is_served_from_under_the_link(client, link):
    response = client.get(url(link, "service-worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-store" in response["Cache-Control"]
    assert "Service-Worker-Allowed" not in response  # its own folder is its scope
    body = response.content.decode()
    assert "self.registration.scope" in body and "/static/js/offline.js" in body
    assert link.token not in body  # one script for every link; the scope names the link


def test_a_revoked_link_has_no_manifest_or_worker(client, rosa, link):
    share_links.revoke_link(rosa)
    assert client.get(url(link, "manifest")).status_code == 404
    assert client.get(url(link, "service-worker")).status_code == 404


def test_the_csp_lets_the_page_register_its_own_worker(client, link):
    policy = client.get(url(link, "today"))["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy


def test_a_log_sent_again_with_its_key_records_one_session_and_changes_nothing(
    client, link, assignment
):
    key = str(uuid4())
    first = client.post(
        url(link, "log"), log_data(assignment, pain_before=4, client_key=key), **HTMX
    )
    replay = client.post(
        url(link, "log"), log_data(assignment, pain_before=9, client_key=key), **HTMX
    )
    assert first.status_code == replay.status_code == 200
    log = SessionLog.objects.get()
    assert (str(log.client_key), log.pain_before) == (key, 4)
    assert "pain 4 before" in replay.content.decode()
    assert not Alert.objects.exists()


def test_two_keys_for_the_same_session_are_still_one_session(client, link, assignment):
    for pain in (4, 5):
        data = log_data(assignment, pain_before=pain, client_key=str(uuid4()))
        assert client.post(url(link, "log"), data, **HTMX).status_code == 200
    assert SessionLog.objects.get().pain_before == 5


def test_a_log_sent_after_midnight_keeps_the_day_it_was_done(client, link, assignment, today):
    yesterday = today - timedelta(days=1)
    data = log_data(assignment, pain_before=3, pain_after=8, session_date=yesterday.isoformat())
    response = client.post(url(link, "log"), data, **HTMX)
    assert response.status_code == 200
    assert SessionLog.objects.get().session_date == yesterday
    # The alert reaches the trainer when the late log arrives.
    assert set(Alert.objects.values_list("kind", flat=True)) == {"pain_high", "pain_rise"}
    assert "Please stop for now" in response.content.decode()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-4, "A session can be logged up to 2 days later"),
        (2, "That day has not begun yet anywhere"),
    ],
)
def test_a_log_dated_outside_the_window_is_refused_with_a_reason(
    client, link, assignment, today, days, message
):
    data = log_data(assignment, session_date=(today + timedelta(days=days)).isoformat())
    response = client.post(url(link, "log"), data, **HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not SessionLog.objects.exists()


def test_a_log_dated_two_days_back_or_tomorrow_somewhere_is_accepted(
    client, link, assignment, today
):
    for days in (-2, 1):
        day = today + timedelta(days=days)
        data = log_data(assignment, session_date=day.isoformat())
        assert client.post(url(link, "log"), data, **HTMX).status_code == 200
    assert sorted(SessionLog.objects.values_list("session_date", flat=True)) == [
        today - timedelta(days=2),
        today + timedelta(days=1),
    ]


def test_a_malformed_key_is_refused(client, link, assignment):
    response = client.post(url(link, "log"), log_data(assignment, client_key="nope"), **HTMX)
    assert response.status_code == 422
    assert not SessionLog.objects.exists()
