"""The client list answers "who needs me": last session, 7-day adherence and latest pain with
its trend, sortable by each, within a fixed query budget."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients import assigning, session_logs
from clients.models import Alert, AlertKind, Client, SessionLog
from tests.factories import make_client, make_intake, make_routine, make_stretch

pytestmark = pytest.mark.usefixtures("today")
LIST = reverse("clients:client-list")


def practice(trainer, today):
    """Three clients: Ada logs every day with falling pain, Bo logged twice over a week ago
    with rising pain, Cy never logged."""
    routine = make_routine(trainer, stretches=[make_stretch(trainer)])
    ada, bo, cy = (make_client(trainer, name=name) for name in ("Ada", "Bo", "Cy"))
    for client in (ada, bo, cy):
        make_intake(client, pain_now=5)
        assigning.assign(
            client, routine, weekdays=list(range(7)), starts_on=today - timedelta(days=20)
        )
    for client, days, pains in ((ada, range(1, 8), (6, 5, 4, 4, 3, 3, 2)), (bo, (8, 9), (3, 7))):
        assignment = client.assignments.get()
        for day, pain in zip(days, reversed(pains), strict=True):
            SessionLog.objects.create(
                assignment=assignment,
                client=client,
                session_date=today - timedelta(days=day),
                status="done",
                pain_after=pain,
            )
    return ada, bo, cy


def row_names(html):
    return re.findall(r'<th scope="row">.*?<a href="[^"]+">([^<]+)</a>', html)


def test_the_list_shows_last_session_week_adherence_and_pain_with_its_trend(
    trainer_client, trainer, today
):
    practice(trainer, today)
    html = trainer_client.get(LIST).text
    ada_row = html[html.index(">Ada<") : html.index(">Bo<")]
    assert f"{(today - timedelta(days=1)):%-d %b}" in ada_row
    assert "100%" in ada_row  # 6 of the 6 planned days before today; today not over
    assert "2/10" in ada_row and "falling since the session before" in ada_row
    bo_row = html[html.index(">Bo<") : html.index(">Cy<")]
    assert "0%" in bo_row and "7/10" in bo_row and "rising since the session before" in bo_row
    cy_row = html[html.index(">Cy<") :]
    assert "none yet" in cy_row and "5/10" in cy_row and "(intake)" in cy_row


@pytest.mark.parametrize(
    ("sort", "names"),
    [
        ("name", ["Ada", "Bo", "Cy"]),
        ("-name", ["Cy", "Bo", "Ada"]),
        ("last_session", ["Cy", "Bo", "Ada"]),  # never logged first: they need you most
        ("-last_session", ["Ada", "Bo", "Cy"]),
        ("adherence", ["Bo", "Cy", "Ada"]),
        ("-adherence", ["Ada", "Bo", "Cy"]),
        ("-pain", ["Bo", "Cy", "Ada"]),  # Bo's log 7, Cy's intake 5, Ada's log 2
        ("pain", ["Ada", "Cy", "Bo"]),
        ("'; drop table", ["Ada", "Bo", "Cy"]),  # not a sort: name order
    ],
)
def test_each_column_sorts_the_list(trainer_client, trainer, today, sort, names):
    practice(trainer, today)
    response = trainer_client.get(LIST, {"sort": sort})
    assert response.status_code == 200
    assert row_names(response.text) == names


def test_the_sorted_column_says_so_and_its_link_turns_the_order_round(
    trainer_client, trainer, today
):
    practice(trainer, today)
    html = trainer_client.get(LIST, {"sort": "-pain"}).text
    header = re.search(r'<th scope="col" aria-sort="descending"><a href="([^"]+)"', html)
    assert header and "sort=pain" in header.group(1).replace("&amp;", "&")
    assert html.count("aria-sort=") == 1
    # Another column's link starts with the direction that puts who needs you first.
    assert "sort=last_session" in html.replace("&amp;", "&")


def test_an_htmx_sort_returns_only_the_results(trainer_client, trainer, today):
    practice(trainer, today)
    html = trainer_client.get(
        LIST, {"sort": "adherence"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="client-results"
    ).text
    assert "<nav" not in html and row_names(html) == ["Bo", "Cy", "Ada"]


@pytest.mark.parametrize("count", [5, 500])
@pytest.mark.parametrize("sort", ["name", "-last_session", "adherence", "-pain"])
def test_the_list_keeps_its_query_budget_with_5_or_500_clients(
    trainer_client, trainer, today, count, sort
):
    routine = make_routine(trainer, stretches=[make_stretch(trainer)])
    Client.objects.bulk_create(Client(trainer=trainer, name=f"Client {n:03}") for n in range(count))
    for client in Client.objects.filter(trainer=trainer)[:60]:
        make_intake(client)
        assignment = assigning.assign(client, routine, weekdays=[0, 2, 4], starts_on=today)
        SessionLog.objects.create(
            assignment=assignment, client=client, session_date=today, status="done", pain_after=3
        )
    # The page's own queries, not the session's and the shared cache's (database tables
    # without CACHE_URL, one round trip each with Redis), nor the test's savepoints: drawn,
    # then read from the shared cache (only the signed-in user).
    shared = ('"django_session"', '"trainer_site_cache"', "SAVEPOINT", "RELEASE SAVEPOINT")
    for budget in (9, 1):
        with CaptureQueriesContext(connection) as queries:
            response = trainer_client.get(LIST, {"sort": sort})
        own = [q["sql"] for q in queries if not any(part in q["sql"] for part in shared)]
        assert len(own) <= budget, "\n".join(own)
    assert len(row_names(response.text)) == min(count, 50)


def test_an_empty_list_offers_no_assign_to_chosen_clients(trainer_client):
    html = trainer_client.get(LIST).content.decode()
    assert "No clients yet" in html
    assert "Assign a routine to the chosen clients" not in html


def test_a_client_with_open_alerts_has_a_marker_that_goes_once_handled(
    trainer_client, trainer, today
):
    _, bo, _ = practice(trainer, today)
    assignment = bo.assignments.get()
    session_logs.record_session(
        assignment, today - timedelta(days=1), 1, status="done", pain_before=5, pain_after=8
    )
    html = trainer_client.get(LIST).content.decode()
    assert "Assign a routine to the chosen clients" in html
    markers = re.findall(
        r'href="([^"]+)#alerts" data-open-alerts="(\d+)">(\d+ open alerts?)<', html
    )
    # One session at 8/10 and 3 above usual: two alerts, one row on the client page, one here.
    assert bo.alerts.count() == 2
    assert markers == [(bo.get_absolute_url(), "1", "1 open alert")]
    assert len(alert_list_rows(trainer_client.get(bo.get_absolute_url()).text)) == 1
    for alert in bo.alerts.all():
        trainer_client.post(reverse("clients:alert-handle", args=[bo.pk, alert.pk]))
    assert "data-open-alerts" not in trainer_client.get(LIST).content.decode()


def alert_list_rows(html):
    """The rows of the client page's open alerts."""
    found = re.search(r'<ul class="alert-list">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>", found.group(1)) if found else []


def test_the_marker_counts_the_rows_the_client_page_shows(trainer_client, trainer, today):
    _, bo, _ = practice(trainer, today)
    assignment = bo.assignments.get()
    log, _ = session_logs.record_session(
        assignment, today - timedelta(days=1), 1, status="done", pain_before=5, pain_after=8
    )
    # A red-flag sign ticked after the same session is a row of its own.
    Alert.objects.create(client=bo, session_log=log, kind=AlertKind.RED_FLAG)
    assert bo.alerts.filter(handled_at__isnull=True).count() == 3
    html = trainer_client.get(LIST).text
    assert 'data-open-alerts="2">2 open alerts<' in html
    assert len(alert_list_rows(trainer_client.get(bo.get_absolute_url()).text)) == 2


def test_no_intake_yet_needs_attention_on_the_dashboard_and_in_the_list(
    trainer_client, trainer, today
):
    practice(trainer, today)
    tom = make_client(trainer, name="Tom Reyes")
    listed = trainer_client.get(LIST, {"show": "attention"}).content.decode()
    assert ">Tom Reyes</a>" in listed
    dashboard = trainer_client.get(reverse("clients:dashboard")).content.decode()
    queue = dashboard[dashboard.index('id="attention-queue"') :]
    item = queue[queue.index(f'data-client="{tom.pk}"') :]
    item = item[: item.index("</ul>")]
    assert "No intake yet" in item
    assert f'href="{reverse("clients:intake-create", args=[tom.pk])}"' in item
    assert "Handled" not in item  # recording the intake is what clears it, in both places
    make_intake(tom)
    listed = trainer_client.get(LIST, {"show": "attention"}).content.decode()
    assert ">Tom Reyes</a>" not in listed
    dashboard = trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert f'data-client="{tom.pk}"' not in dashboard
