"""Every page and HTMX endpoint: at most 10 queries, and no more with lots of data than with a
little (the N+1 guard). Sizes: 1 of everything against hundreds of clients, routines and
stretches, 50 intakes, 20 assignments, 1,000 session logs."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import assigning, share_links
from clients.models import Alert, Client, Intake, SessionLog, StretchFeedback
from routines.models import Routine, RoutineStep, Stretch
from tests.factories import make_client, make_intake, make_routine, make_stretch

BUDGET = 10
pytestmark = pytest.mark.usefixtures("today")  # dates in the practice are counted from one today
# Without CACHE_URL the session and the cache every worker shares are database tables: a page
# reads its session and cache entries there, and a write marks the trainer's cached overview
# stale (a cache write: count, look up, update), and a session log the client's cached page too
# (clients.freshness: two versions, 6 queries). With Redis, none of these are queries.
SHARED_STATE_TABLES = ('"django_session"', '"trainer_site_cache"')
SHARED_STATE_BUDGET = 7


def build(trainer, size):
    """One trainer's practice; `size` scales every list that a page shows."""
    big = size == "large"
    today = timezone.localdate()
    library = list(Stretch.objects.filter(owner=None))
    for n in range(300 if big else 1):
        make_stretch(trainer, name=f"Own stretch {n}") if n < 20 else None
    Client.objects.bulk_create(
        Client(trainer=trainer, name=f"Client {n:03}") for n in range(500 if big else 1)
    )
    Routine.objects.bulk_create(
        Routine(owner=trainer, name=f"Routine {n:03}") for n in range(300 if big else 1)
    )
    alex = make_client(trainer, name="Alex Focus", email="alex@example.com")
    for n in range(50 if big else 1):
        make_intake(
            alex,
            assessed_on=today - timedelta(days=n),
            cautions=["knee"],
            # Goals for the client page's goal chart, renamed now and then.
            goal_1="Sitting through a film",
            goal_1_score=n % 11,
            goal_2=f"Goal {n % 5}",
            goal_2_score=5,
        )
    alex.refresh_from_db()
    assigning.unlock_advanced(alex, trainer)  # the whole library, king pigeon included
    routine = make_routine(
        trainer, name="Focus routine", stretches=(library * 3)[: 20 if big else 3]
    )
    assignments = [
        assigning.assign(alex, routine, weekdays=list(range(7)), starts_on=today - timedelta(90))
        for _ in range(20 if big else 1)
    ]
    SessionLog.objects.bulk_create(
        SessionLog(
            assignment=assignments[n % len(assignments)],
            client=alex,
            session_date=today - timedelta(days=n // len(assignments)),
            status="done",
            pain_before=3,
            pain_after=2,
        )
        for n in range(1000 if big else 1)
    )
    # How each stretch felt: one tap per step of every log, the first step often too much.
    steps_of = {a.pk: list(a.steps.all()) for a in assignments}
    StretchFeedback.objects.bulk_create(
        StretchFeedback(
            session_log=logged,
            position=step.position,
            stretch_id=step.stretch_id,
            feeling="too_much" if step.position == 1 else "right",
        )
        for logged in SessionLog.objects.filter(client=alex)
        for step in steps_of[logged.assignment_id]
    )
    log = SessionLog.objects.filter(client=alex).first()
    for kind in ("pain_high", "pain_rise", "red_flag"):
        Alert.objects.create(client=alex, kind=kind, session_log=log)
    hurt = StretchFeedback.objects.filter(session_log__client=alex).first()
    Alert.objects.create(client=alex, kind="stretch_hurt", session_log=log, feedback=hurt)
    link = share_links.issue_link(alex)
    return {
        "client": alex,
        "intake": Intake.objects.filter(client=alex).first(),
        "routine": routine,
        "step": routine.steps.get(position=2),
        "assignment": assignments[0],
        "link": link,
    }


def pages(w):
    client, routine, step = w["client"], w["routine"], w["step"]
    htmx = {"HTTP_HX_REQUEST": "true"}
    return {
        "dashboard": ("get", reverse("clients:dashboard"), {}, {}),
        "handled items": ("get", reverse("clients:attention-history"), {}, {}),
        "client list": ("get", reverse("clients:client-list"), {"q": "client"}, {}),
        "client page": ("get", client.get_absolute_url(), {}, {}),
        "intake form": ("get", reverse("clients:intake-create", args=[client.pk]), {}, {}),
        "intake page": ("get", w["intake"].get_absolute_url(), {}, {}),
        "short re-assessment form": (
            "get",
            reverse("clients:reassessment-create", args=[client.pk]),
            {},
            {},
        ),
        "intake live check": (
            "post",
            reverse("clients:intake-check", args=[client.pk]),
            {"pain_now": "12", "refer_flags": ["cancer"]},
            htmx,
        ),
        "access history": ("get", reverse("clients:access-history", args=[client.pk]), {}, htmx),
        "routine list": ("get", reverse("routines:routine-list"), {}, {}),
        "builder": ("get", routine.get_absolute_url(), {}, {}),
        "builder library": (
            "get",
            reverse("routines:builder-library", args=[routine.pk]),
            {"q": "o"},
            htmx,
        ),
        "step dose (htmx)": (
            "post",
            reverse("routines:step-update", args=[routine.pk, step.pk]),
            lambda: {
                "version": current_version(routine),
                f"step-{step.pk}-hold_seconds": 40,
                f"step-{step.pk}-repetitions": 2,
                f"step-{step.pk}-sides": "each_side",
                f"step-{step.pk}-rest_seconds": 0,
            },
            htmx,
        ),
        "step move (htmx)": (
            "post",
            reverse("routines:step-move", args=[routine.pk, step.pk]),
            lambda: {"version": current_version(routine), "direction": "up"},
            htmx,
        ),
        "library search": ("get", reverse("routines:library"), {"q": "pose"}, {}),
        "stretch page": ("get", Stretch.objects.get(slug="pigeon-pose").get_absolute_url(), {}, {}),
        "account security": ("get", reverse("account-security"), {}, {}),
        "shared page": ("get", w["link"].get_absolute_url(), {}, {}),
        "shared log (htmx)": (
            "post",
            reverse("shared:log", args=[w["link"].token]),
            {"assignment": w["assignment"].pk, "session_number": 1, "status": "done"},
            htmx,
        ),
        # The same page switched to Spanish: the library's texts are columns of the same rows.
        "shared page in Spanish": ("get", w["link"].get_absolute_url(), {"lang": "es"}, {}),
    }


def current_version(routine):
    return Routine.objects.values_list("version", flat=True).get(pk=routine.pk)


def warm_up(http, world):
    """Visit every page once first: the session and the word-list caches are then warm, as
    they are on a running server. The measure is the steady state."""
    for method, path, data, extra in pages(world).values():
        if method == "get":
            http.get(path, data, **extra)


def count(http, method, path, data, extra):
    """(queries of the page's own, reads and writes of the session and the shared cache)."""
    data = data() if callable(data) else data  # read before measuring
    with CaptureQueriesContext(connection) as queries:
        response = getattr(http, method)(path, data, **extra)
    assert response.status_code in {200, 302}, (path, response.status_code)
    # SAVEPOINT / RELEASE exist only because each test runs inside a transaction; in production
    # the same atomic() blocks are BEGIN / COMMIT, which are not queries.
    counted = [
        q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    shared_state = sum(1 for sql in counted if any(t in sql for t in SHARED_STATE_TABLES))
    return len(counted) - shared_state, shared_state


@pytest.fixture
def counts(trainer_client, trainer, request):
    """Query counts per page for a practice of the requested size."""
    world = build(trainer, request.param)
    warm_up(trainer_client, world)
    return {name: count(trainer_client, *spec) for name, spec in pages(world).items()}


@pytest.mark.parametrize("counts", ["small", "large"], indirect=True)
def test_no_page_runs_more_than_ten_queries(counts):
    over = {name: own for name, (own, _) in counts.items() if own > BUDGET}
    assert not over, f"over the budget of {BUDGET} queries: {over}"
    over = {name: shared for name, (_, shared) in counts.items() if shared > SHARED_STATE_BUDGET}
    assert not over, f"over {SHARED_STATE_BUDGET} session and cache queries: {over}"


def test_query_counts_do_not_grow_with_the_data(trainer_client, trainer, other_trainer):
    from django.test import Client as HttpClient

    small = build(trainer, "small")
    warm_up(trainer_client, small)
    # The clock stands still while counting: on a slow machine a pass can take over a minute, and
    # the session's once-a-minute "last seen" write would then be counted against one side.
    with time_machine.travel(time.time(), tick=False):
        small_counts = {name: count(trainer_client, *spec) for name, spec in pages(small).items()}
    # The same pages for another trainer with a big practice.
    big_http = HttpClient()
    big_http.force_login(other_trainer)
    large = build(other_trainer, "large")
    warm_up(big_http, large)
    with time_machine.travel(time.time(), tick=False):
        large_counts = {name: count(big_http, *spec) for name, spec in pages(large).items()}
    grown = {
        name: (small_counts[name], large_counts[name])
        for name in small_counts
        if sum(large_counts[name]) > sum(small_counts[name])
    }
    assert not grown, f"query counts grew with the data (small, large): {grown}"
    assert RoutineStep.objects.filter(routine=large["routine"]).count() == 20
