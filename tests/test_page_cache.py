"""Rendered fragments from the shared cache (trainer_site.page_cache): a repeat visit reads them
instead of recomputing, every kind of write that changes a page shows on the next visit, and
per-request bits (the CSRF token) are the request's own, never the cached drawing's."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import assigning, share_links
from clients.models import Client
from routines.models import Routine, Stretch
from tests.factories import make_client, make_intake, make_routine
from trainer_site import page_cache

pytestmark = pytest.mark.usefixtures("today")
DASHBOARD = reverse("clients:dashboard")


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def practice(trainer):
    """Rosa (a plan, a private link) and Olga (an intake 100 days old, no plan)."""
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa, assessed_on=days_ago(10))
    rosa.refresh_from_db()
    plan = assigning.assign(rosa, routine, weekdays=list(range(7)), starts_on=days_ago(3))
    olga = make_client(trainer, name="Old Olga")
    make_intake(olga, assessed_on=days_ago(100))
    olga.refresh_from_db()
    return {
        "routine": routine,
        "rosa": rosa,
        "olga": olga,
        "plan": plan,
        "link": share_links.issue_link(rosa),
    }


def queue_of(html):
    start = html.index('id="attention-queue"')
    return html[start : html.index("</section>", start)]


def test_a_repeat_visit_reads_the_dashboard_from_the_cache(trainer_client, practice):
    first = trainer_client.get(DASHBOARD).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = trainer_client.get(DASHBOARD).content.decode()
    # Without CACHE_URL: the session, the signed-in trainer (as on every page), and one read of
    # the fragments with their version.
    assert len(queries) <= 3, "\n".join(q["sql"][:150] for q in queries)
    assert "Old Olga" in queue_of(again) and "Time to re-assess" in queue_of(again)
    assert without_tokens(queue_of(again)) == without_tokens(queue_of(first))


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_pain(http, practice):
    url = reverse("shared:log", args=[practice["link"].token])
    form = {"assignment": practice["plan"].pk, "session_number": 1, "status": "done"}
    response = http.post(url, {**form, "pain_before": 3, "pain_after": 9})
    assert response.status_code in {200, 302}


def new_intake(http, practice):
    make_intake(practice["olga"], assessed_on=days_ago(0))


def new_assignment(http, practice):
    assigning.assign(
        practice["olga"], practice["routine"], weekdays=list(range(7)), starts_on=days_ago(10)
    )


def handle_alert(http, practice):
    response = http.post(
        reverse("clients:attention-handle"),
        {"client": practice["olga"].pk, "reason": "old_intake", "occurrence": occurrence(practice)},
    )
    assert response.status_code == 302


def occurrence(practice):
    return f"intake-{practice['olga'].latest_intake_id}"


@pytest.mark.parametrize(
    ("write", "before", "after"),
    [
        (log_pain, "Pain alert", None),
        (new_intake, "Time to re-assess", None),
        (new_assignment, "Nothing logged yet", None),
        (handle_alert, "Time to re-assess", None),
    ],
    ids=["log", "intake", "assignment", "alert handled"],
)
def test_each_kind_of_write_shows_on_the_next_visit(
    trainer_client, client, practice, write, before, after
):
    trainer_client.get(DASHBOARD)  # drawn and cached
    seen = queue_of(trainer_client.get(DASHBOARD).content.decode())  # from the cache
    write(client if write is log_pain else trainer_client, practice)
    now = queue_of(trainer_client.get(DASHBOARD).content.decode())
    if write is log_pain:
        assert before not in seen and before in now  # a pain alert appears for Rosa
    elif write is new_assignment:
        assert before not in seen and before in now  # Olga now has a plan, and no log
    else:
        assert before in seen and before not in now  # re-assessed, or marked handled


def test_a_routine_edit_shows_on_the_client_page_beside_its_cached_charts(trainer_client, practice):
    page = practice["rosa"].get_absolute_url()
    assert "Routine changed" not in trainer_client.get(page).content.decode()
    routine = practice["routine"]
    step = routine.steps.get()
    version = Routine.objects.values_list("version", flat=True).get(pk=routine.pk)
    trainer_client.post(
        reverse("routines:step-update", args=[routine.pk, step.pk]),
        {
            "version": version,
            f"step-{step.pk}-hold_seconds": 45,
            f"step-{step.pk}-repetitions": 3,
            f"step-{step.pk}-sides": "each_side",
            f"step-{step.pk}-rest_seconds": 0,
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Routine changed" in trainer_client.get(page).content.decode()


def test_cached_forms_carry_each_requests_own_csrf_token(trainer_client, practice, trainer):
    first = trainer_client.get(DASHBOARD).content.decode()
    other_browser = HttpClient()
    other_browser.force_login(trainer)
    second = other_browser.get(DASHBOARD).content.decode()
    assert page_cache.csrf_placeholder() not in first + second
    assert token(first) != token(second)
    # The cached form works with the second browser's token (CSRF checks on).
    checked = HttpClient(enforce_csrf_checks=True)
    checked.force_login(trainer)
    html = checked.get(DASHBOARD).content.decode()
    response = checked.post(
        reverse("clients:attention-handle"),
        {
            "csrfmiddlewaretoken": token(html),
            "client": practice["olga"].pk,
            "reason": "old_intake",
            "occurrence": occurrence(practice),
        },
    )
    assert response.status_code == 302
    assert "Old Olga" not in queue_of(checked.get(DASHBOARD).content.decode())


def test_another_trainer_never_gets_the_cached_dashboard(client, practice, other_trainer):
    client.force_login(practice["rosa"].trainer)
    client.get(DASHBOARD)
    client.force_login(other_trainer)
    html = client.get(DASHBOARD).content.decode()
    assert "Old Olga" not in html and "No clients yet" in html


def test_the_queue_shows_the_most_urgent_twenty_and_pages_the_rest(trainer_client, trainer):
    Client.objects.bulk_create(Client(trainer=trainer, name=f"Quiet {n:02}") for n in range(44))
    for client in Client.objects.filter(trainer=trainer):
        make_intake(client, assessed_on=days_ago(100))
    refer = make_client(trainer, name="Zoe Refer")
    make_intake(refer, assessed_on=days_ago(1), red_flags=["weight_loss"])

    html = queue_of(trainer_client.get(DASHBOARD).content.decode())
    assert html.count('class="queue__item"') == 20
    assert html.index("Zoe Refer") < html.index("Quiet 00")  # red flags before re-assessments
    assert "1–20 of 45" in html
    last = trainer_client.get(DASHBOARD, {"queue": 3}, HTTP_HX_REQUEST="true")
    fragment = last.content.decode()
    assert '<nav class="main-nav"' not in fragment and fragment.count('class="queue__item"') == 5
    assert "41–45 of 45" in fragment and "Quiet 43" in fragment


def test_the_client_pages_cached_charts_follow_new_logs_and_intakes(
    trainer_client, client, practice
):
    rosa = practice["rosa"]
    page = rosa.get_absolute_url()
    html = trainer_client.get(page).content.decode()
    assert "The pain chart appears after two sessions" in html
    assert 'id="trend-charts"' not in html  # one intake: no trend yet
    trainer_client.get(page)  # from the cache
    url = reverse("shared:log", args=[practice["link"].token])
    for day in (1, 0):
        form = {"assignment": practice["plan"].pk, "session_number": 1, "status": "done"}
        client.post(url, {**form, "pain_before": 4, "pain_after": 3})
        if day:
            practice["plan"].logs.update(session_date=days_ago(1))  # yesterday's session
    make_intake(rosa, assessed_on=days_ago(0), pain_now=2)
    html = trainer_client.get(page).content.decode()
    assert "The pain chart appears after two sessions" not in html
    trends = html[html.index('id="trend-charts"') :]
    assert trends.count("<svg") == 2  # pain and sitting across the two intakes
