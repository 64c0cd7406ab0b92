"""The practice dashboard (owners): every trainer's attention queue, whose client each item
is, a filter by trainer, each trainer's adherence; and moving a client between trainers."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client as Client_
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import assigning, share_links
from clients.models import Alert, AuditEvent, Client, SessionLog
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine, make_trainer

pytestmark = pytest.mark.usefixtures("today")
BUDGET = 10
SHARED_STATE_TABLES = ('"django_session"', '"trainer_site_cache"')


@pytest.fixture
def owner(db):
    return make_trainer("olga", first_name="Olga")


@pytest.fixture
def practice(owner):
    return owner.membership.practice


def build_practice(owner, trainers, clients_each, today):
    """`trainers` trainers with `clients_each` clients each; every client has a pain alert, and
    each trainer's first client a routine done on two of the last seven days."""
    practice = owner.membership.practice
    team = [
        make_trainer(f"trainer{n}", first_name=f"Trainer{n}", practice=practice)
        for n in range(trainers)
    ]
    stretch = Stretch.objects.filter(owner=None).first()
    for trainer in team:
        Client.objects.bulk_create(
            Client(trainer=trainer, name=f"{trainer.first_name} client {n:03}")
            for n in range(clients_each)
        )
        first = Client.objects.filter(trainer=trainer).order_by("pk").first()
        make_intake(first, assessed_on=today - timedelta(days=30))
        first.refresh_from_db()
        routine = make_routine(trainer, stretches=[stretch])
        assignment = assigning.assign(
            first, routine, weekdays=list(range(7)), starts_on=today - timedelta(days=20)
        )
        SessionLog.objects.bulk_create(
            SessionLog(
                assignment=assignment,
                client=first,
                session_date=today - timedelta(days=n),
                status="done",
            )
            for n in (1, 2)
        )
    Alert.objects.bulk_create(
        Alert(client=client, kind="pain_high") for client in Client.objects.filter(trainer__in=team)
    )
    return team


def own_queries(http, path, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = http.get(path, data or {})
    assert response.status_code == 200
    return response, [
        q["sql"]
        for q in queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        and not any(t in q["sql"] for t in SHARED_STATE_TABLES)
    ]


def test_the_owner_sees_every_trainers_queue_with_whose_client_it_is(client, owner, today):
    team = build_practice(owner, trainers=2, clients_each=2, today=today)
    client.force_login(owner)
    html = client.get(reverse("clients:practice-dashboard")).text
    assert "Trainer0 client 000" in html and "Trainer1 client 001" in html
    assert "client of Trainer0" in html and "client of Trainer1" in html
    # Each trainer's figures: one routine every day for 20 days, done on 2 of them.
    row = html.split(f'data-trainer="{team[0].pk}"', 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row  # active clients
    # Today is not over: 6 planned days of the last 7, and 20 days since the start.
    assert "<td>33% (2/6)</td>" in row and "<td>10% (2/20)</td>" in row


def test_the_queue_filters_by_trainer(client, owner, today):
    team = build_practice(owner, trainers=2, clients_each=2, today=today)
    client.force_login(owner)
    response = client.get(
        reverse("clients:practice-dashboard"),
        {"trainer": team[1].pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="practice-queue",
    )
    assert 'id="practice-queue"' in response.text and "<nav" not in response.text
    assert "Trainer1 client 000" in response.text
    assert "Trainer0 client" not in response.text


def test_filtering_by_someone_outside_the_practice_is_not_found(client, owner, today):
    stranger = make_trainer("stranger")
    make_client(stranger, name="Not Theirs")
    client.force_login(owner)
    response = client.get(reverse("clients:practice-dashboard"), {"trainer": stranger.pk})
    assert response.status_code == 404
    assert "Not Theirs" not in response.text


def drawn_and_cached(http, data=None):
    """The page's own queries when drawn (nothing cached), then when read from the cache."""
    cache.clear()
    drawn = own_queries(http, reverse("clients:practice-dashboard"), data)
    return drawn, own_queries(http, reverse("clients:practice-dashboard"), data)


def test_practice_dashboard_fits_the_budget_with_ten_trainers_and_500_clients(client, owner, today):
    build_practice(owner, trainers=10, clients_each=50, today=today)
    client.force_login(owner)
    client.get(reverse("clients:practice-dashboard"))  # warm: session, word lists
    (response, drawn), (again, cached) = drawn_and_cached(client)
    # The 20 most urgent items, the rest a page at a time: the page does not grow with the
    # practice.
    assert response.text.count('class="queue__item"') == 20 and "1–20 of 500" in response.text
    main = slice(response.text.index("<main"), response.text.index("</main>"))
    assert again.text[main] == response.text[main]
    print(f"practice dashboard, 10 trainers x 50 clients: {len(drawn)}, cached {len(cached)}")
    assert len(drawn) <= BUDGET, drawn
    assert len(cached) <= 2, cached  # the trainer and their membership (the owner's check)
    (_, filtered), _ = drawn_and_cached(client, {"trainer": owner.pk})
    assert len(filtered) <= BUDGET


def test_the_practice_dashboard_costs_the_same_for_a_small_practice(client, owner, today):
    build_practice(owner, trainers=1, clients_each=1, today=today)
    client.force_login(owner)
    client.get(reverse("clients:practice-dashboard"))
    (_, small), (_, small_cached) = drawn_and_cached(client)
    build_practice_more = make_trainer("late", practice=owner.membership.practice)
    Client.objects.bulk_create(Client(trainer=build_practice_more, name=f"c{n}") for n in range(50))
    (_, large), (_, large_cached) = drawn_and_cached(client)
    assert len(large) == len(small) and len(large_cached) == len(small_cached)


def test_the_queue_pages_keep_the_trainer_shown(client, owner, today):
    team = build_practice(owner, trainers=2, clients_each=30, today=today)
    client.force_login(owner)
    url = reverse("clients:practice-dashboard")
    first = client.get(url, {"trainer": team[1].pk}).text
    assert "1–20 of 30" in first
    assert f'href="?trainer={team[1].pk}&amp;queue=2"' in first
    second = client.get(
        url,
        {"trainer": team[1].pk, "queue": 2},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="practice-queue",
    ).text
    assert '<nav class="main-nav"' not in second and second.count('class="queue__item"') == 10
    assert "21–30 of 30" in second and "Trainer0 client" not in second
    beyond = client.get(url, {"queue": 9}).text
    assert "No more items" in beyond and 'href="?queue=1"' in beyond


# --- Moving a client -------------------------------------------------------------------------


def test_the_owner_moves_a_client_and_everything_goes_with_them(client, owner, practice, today):
    tom = make_trainer("tom", first_name="Tom", last_name="Trainer", practice=practice)
    alex = make_client(tom, name="Alex Client")
    make_intake(alex)
    alex.refresh_from_db()
    routine = make_routine(tom, stretches=[Stretch.objects.filter(owner=None).first()])
    assignment = assigning.assign(alex, routine, weekdays=list(range(7)))
    link = share_links.issue_link(alex)
    Alert.objects.create(client=alex, kind="pain_high")
    client.force_login(owner)
    response = client.post(
        reverse("clients:client-transfer", args=[alex.pk]), {"trainer": owner.pk}
    )
    assert response.status_code == 302
    alex.refresh_from_db()
    assert alex.trainer == owner
    assert alex.assignments.get() == assignment and alex.alerts.count() == 1
    # The link still opens on the client's phone, with the new trainer's name on it.
    page = Client_().get(link.get_absolute_url())
    assert page.status_code == 200
    assert "Your trainer: <strong>Olga</strong>" in page.text and "Tom Trainer" not in page.text
    # Who, when, from, to: in the audit trail of both trainers.
    events = AuditEvent.objects.filter(client_ref=alex.pk, action="moved")
    assert {e.trainer for e in events} == {tom, owner}
    assert {e.actor for e in events} == {owner}
    assert all("from Tom Trainer to Olga" in e.subject for e in events)
    assert all(timezone.now() - e.at < timedelta(minutes=1) for e in events)
    # The trainer they left no longer sees them.
    client.force_login(tom)
    assert client.get(alex.get_absolute_url()).status_code == 404


def test_a_client_cannot_be_moved_to_a_trainer_of_another_practice(client, owner, practice):
    tom = make_trainer("tom", practice=practice)
    stranger = make_trainer("stranger")
    alex = make_client(tom, name="Alex Client")
    client.force_login(owner)
    response = client.post(
        reverse("clients:client-transfer", args=[alex.pk]), {"trainer": stranger.pk}
    )
    assert response.status_code == 422
    assert "field--invalid" in response.text and "Select a valid choice" in response.text
    alex.refresh_from_db()
    assert alex.trainer == tom
    assert not AuditEvent.objects.filter(action="moved").exists()


def test_the_client_page_offers_the_move_to_the_owner_only(client, owner, practice):
    tom = make_trainer("tom", practice=practice)
    alex = make_client(tom, name="Alex Client")
    move = reverse("clients:client-transfer", args=[alex.pk])
    client.force_login(owner)
    assert move in client.get(alex.get_absolute_url()).text
    form = client.get(move)
    assert form.status_code == 200 and "Olga" in form.text
    client.force_login(tom)
    assert move not in client.get(alex.get_absolute_url()).text
    assert client.get(move).status_code == 404
