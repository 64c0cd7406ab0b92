"""Rendered fragments from the shared cache (trainer_site.page_cache): a repeat visit reads them
instead of recomputing, every kind of write that changes a page shows on the next visit, and
per-request bits (the CSRF token) are the request's own, never the cached drawing's."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import assigning, session_logs, share_links
from clients.models import Client, SessionLog
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


def short_reassessment(http, practice):
    response = http.post(
        reverse("clients:reassessment-create", args=[practice["olga"].pk]),
        {
            "consent": "on",
            "new_warning_sign": "no",
            "pain_now": 2,
            "pain_average_week": 2,
            "pain_worst_week": 4,
        },
    )
    assert response.status_code == 302


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
        (new_intake, "Time to re-assess", None),
        (short_reassessment, "Time to re-assess", None),
        (new_assignment, "Nothing logged yet", None),
        (handle_alert, "Time to re-assess", None),
    ],
    ids=["intake", "short re-assessment", "assignment", "alert handled"],
)
def test_each_kind_of_write_shows_on_the_next_visit(
    trainer_client, client, practice, write, before, after
):
    trainer_client.get(DASHBOARD)  # drawn and cached
    seen = queue_of(trainer_client.get(DASHBOARD).content.decode())  # from the cache
    write(trainer_client, practice)
    now = queue_of(trainer_client.get(DASHBOARD).content.decode())
    if write is new_assignment:
        assert before not in seen and before in now  # Olga now has a plan, and no log
    else:
        assert before in seen and before not in now  # re-assessed, or marked handled


def later(time_machine, seconds):
    time_machine.move_to(timezone.now() + timedelta(seconds=seconds), tick=True)


def test_a_clients_log_shows_on_the_dashboard_within_the_late_window(
    trainer_client, client, practice, time_machine
):
    """What a client does on their page reaches the dashboard within LATE_SECONDS of the last
    drawing, not on the very next visit: a client logging every second would otherwise make
    every visit draw the whole practice again."""
    trainer_client.get(DASHBOARD)  # drawn and cached
    log_pain(client, practice)
    assert "Pain alert" not in queue_of(trainer_client.get(DASHBOARD).content.decode())
    later(time_machine, page_cache.LATE_SECONDS + 1)
    assert "Pain alert" in queue_of(trainer_client.get(DASHBOARD).content.decode())


def test_a_clients_log_shows_at_once_when_the_drawing_is_older_than_the_window(
    trainer_client, client, practice, time_machine
):
    trainer_client.get(DASHBOARD)
    later(time_machine, page_cache.LATE_SECONDS + 1)
    log_pain(client, practice)
    assert "Pain alert" in queue_of(trainer_client.get(DASHBOARD).content.decode())


def test_the_trainers_own_write_after_a_clients_log_shows_everything_at_once(
    trainer_client, client, practice
):
    trainer_client.get(DASHBOARD)
    log_pain(client, practice)
    handle_alert(trainer_client, practice)  # the trainer's own write: drawn again now
    now = queue_of(trainer_client.get(DASHBOARD).content.decode())
    assert "Pain alert" in now and "Time to re-assess" not in now


def test_one_request_draws_a_late_entry_again_while_the_others_serve_it(db, time_machine):
    """Re-entrant on purpose: a request that arrives while another is drawing the entry again
    (here, from inside that drawing) serves the old drawing instead of drawing it too."""
    late_key, entry_key = "test:late-version", "test:late-entry"
    page_cache.bump(late_key)
    drawings = []

    def draw(context, inner=None):
        drawings.append(len(drawings) + 1)
        if inner:
            assert inner() == {"part": f"drawing {len(drawings) - 1}"}
        return {"part": f"drawing {len(drawings)}"}

    def visit(inner=None):
        versions = [late_key]
        found = page_cache.fragments(
            None, entry_key, versions, lambda c: draw(c, inner), late=versions
        )
        return {name: str(html) for name, html in found.items()}

    assert visit() == {"part": "drawing 1"}
    page_cache.bump(late_key)
    assert visit() == {"part": "drawing 1"}  # within the window: as drawn
    later(time_machine, page_cache.LATE_SECONDS + 1)
    assert visit(inner=visit) == {"part": "drawing 2"}  # the inner visit served drawing 1
    assert drawings == [1, 2]
    page_cache.bump(late_key)
    later(time_machine, page_cache.LATE_SECONDS + 1)
    assert visit() == {"part": "drawing 3"}  # the turn was given back


def reply_from_queue(http, practice):
    log = SessionLog.objects.get(client=practice["rosa"], note__gt="")
    url = reverse("clients:session-reply", args=[practice["rosa"].pk, log.pk])
    target = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": f"queue-reply-{log.pk}"}
    assert http.post(url, {f"reply-{log.pk}-text": "Well done."}, **target).status_code == 200


def swap_from_queue(http, practice):
    step = practice["plan"].steps.get()
    url = reverse(
        "clients:assignment-swap", args=[practice["rosa"].pk, practice["plan"].pk, step.pk]
    )
    pigeon = Stretch.objects.get(slug="pigeon-pose")
    response = http.post(url, {"to": pigeon.pk, "back": "dashboard"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def not_now_from_queue(http, practice):
    html = queue_of(http.get(DASHBOARD).content.decode())
    occurrence = html.split('name="reason" value="step_up">')[1].split('value="')[1].split('"')[0]
    response = http.post(
        reverse("clients:attention-handle"),
        {"client": practice["rosa"].pk, "reason": "step_up", "occurrence": occurrence},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("write", "gone"),
    [
        (reply_from_queue, "Note from the client"),
        (swap_from_queue, "Ready for the next variation"),
        (not_now_from_queue, "Ready for the next variation"),
    ],
    ids=["reply", "swap", "not now"],
)
def test_each_action_in_the_queue_shows_on_the_next_visit(trainer_client, practice, write, gone):
    """Rosa did six good sessions (ready for pigeon pose) and left a note yesterday."""
    for n in range(1, 7):
        session_logs.record_session(
            practice["plan"], days_ago(n), 1, status="done", note="Easy" if n == 1 else ""
        )
    trainer_client.get(DASHBOARD)  # drawn and cached
    seen = queue_of(trainer_client.get(DASHBOARD).content.decode())  # from the cache
    assert gone in seen
    write(trainer_client, practice)
    assert gone not in queue_of(trainer_client.get(DASHBOARD).content.decode())


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


# --- The client page: cached whole below the layout -------------------------------------------


def client_page(http, client):
    return http.get(client.get_absolute_url()).content.decode()


def test_a_repeat_visit_reads_the_client_page_from_the_cache(trainer_client, practice):
    rosa = practice["rosa"]
    first = client_page(trainer_client, rosa)
    with CaptureQueriesContext(connection) as queries:
        again = client_page(trainer_client, rosa)
    # The session, the trainer, the client (own first: one short query), the audit entry of the
    # visit, and one read of the page with its versions (without CACHE_URL, a table).
    counted = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(counted) <= 5, "\n".join(q["sql"][:150] for q in counted)
    main = slice(again.index("<main"), again.index("</main>"))
    assert without_tokens(again)[main] == without_tokens(first)[main]
    assert page_cache.csrf_placeholder() not in again


def pain_logged(http, practice):
    log_pain(http, practice)


def alert_handled(http, practice):
    # High pain and a rise from the usual, from one session: one row, one click.
    alert = practice["rosa"].alerts.first()
    url = reverse("clients:alert-handle", args=[practice["rosa"].pk, alert.pk])
    assert http.post(url).status_code == 302


def intake_recorded(http, practice):
    make_intake(practice["rosa"], assessed_on=days_ago(0), pain_now=1)


def routine_assigned(http, practice):
    second = make_routine(practice["rosa"].trainer, name="Evening unwind")
    assigning.assign(practice["rosa"], second, weekdays=[0], starts_on=days_ago(0))


def routine_edited(http, practice):
    routine = practice["routine"]
    step = routine.steps.get()
    response = http.post(
        reverse("routines:step-update", args=[routine.pk, step.pk]),
        {
            "version": Routine.objects.values_list("version", flat=True).get(pk=routine.pk),
            f"step-{step.pk}-hold_seconds": 45,
            f"step-{step.pk}-repetitions": 3,
            f"step-{step.pk}-sides": "each_side",
            f"step-{step.pk}-rest_seconds": 0,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200


def link_revoked(http, practice):
    url = reverse("clients:link-revoke", args=[practice["rosa"].pk])
    assert http.post(url).status_code == 302


def stretch_renamed(http, practice):
    stretch = Stretch.objects.get(slug="supine-figure-4")
    stretch.name = "Figure four on the back"
    stretch.save()


def routine_created(http, practice):
    make_routine(practice["rosa"].trainer, name="Desk break")


def client_renamed(http, practice):
    response = http.post(
        reverse("clients:client-edit", args=[practice["rosa"].pk]),
        {"name": "Rosa Lindqvist", "email": "", "phone": "", "notes": ""},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("write", "changed"),
    [
        (pain_logged, lambda before, after: 'id="alerts"' not in before and 'id="alerts"' in after),
        (
            alert_handled,
            lambda before, after: 'id="alerts"' in before and 'id="alerts"' not in after,
        ),
        (intake_recorded, lambda b, a: b.count("· pain ") + 1 == a.count("· pain ")),
        (routine_assigned, lambda b, a: "Evening unwind" not in b and "<h3>Evening unwind" in a),
        (routine_edited, lambda b, a: "Routine changed" not in b and "Routine changed" in a),
        (link_revoked, lambda b, a: "Copy link" in b and "Copy link" not in a),
        (stretch_renamed, lambda b, a: "Figure four on the back" in a),
        (routine_created, lambda b, a: "Desk break" not in b and "Desk break</option>" in a),
        (client_renamed, lambda b, a: "<h1>Rosa Lindqvist" in a),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_each_kind_of_write_shows_on_the_client_page(
    trainer_client, client, practice, write, changed
):
    if write is alert_handled:
        log_pain(client, practice)
    client_page(trainer_client, practice["rosa"])  # drawn and cached
    before = client_page(trainer_client, practice["rosa"])  # from the cache
    write(client if write is pain_logged else trainer_client, practice)
    after = client_page(trainer_client, practice["rosa"])
    assert changed(before, after)


def test_a_colleague_never_gets_the_trainers_cached_client_page(practice, trainer):
    """The practice owner sees the page with "Client of …" and the move link; the trainer
    without. Each from their own entry."""
    from practices.models import Membership, Role

    owner = get_user_model().objects.create_user("owner", first_name="Olive", last_name="Owner")
    Membership.objects.filter(user=trainer).update(role=Role.TRAINER)
    practice_id = Membership.objects.get(user=trainer).practice_id
    Membership.objects.filter(user=owner).delete()
    Membership.objects.create(user=owner, practice_id=practice_id, role=Role.OWNER)
    own, boss = HttpClient(), HttpClient()
    own.force_login(trainer)
    boss.force_login(owner)
    assert "Client of" not in client_page(own, practice["rosa"])
    seen_by_owner = client_page(boss, practice["rosa"])
    assert "Client of" in seen_by_owner and "Move to another trainer" in seen_by_owner
    assert "Move to another trainer" not in client_page(own, practice["rosa"])


# --- The client list --------------------------------------------------------------------------

CLIENT_LIST = reverse("clients:client-list")


def rows_of(html):
    return html[html.index('id="client-results"') :]


def test_each_kind_of_write_shows_on_the_client_list(trainer_client, client, practice):
    trainer_client.get(CLIENT_LIST)  # drawn and cached
    before = rows_of(trainer_client.get(CLIENT_LIST).text)
    assert "Nadia New" not in before and "9/10" not in before
    make_client(practice["rosa"].trainer, name="Nadia New")
    assert "Nadia New" in rows_of(trainer_client.get(CLIENT_LIST).text)
    log_pain(client, practice)  # pain 9 after the session: the latest pain column
    assert "9/10" in rows_of(trainer_client.get(CLIENT_LIST).text)


def test_the_owners_cached_list_follows_writes_about_a_trainers_clients(practice, trainer):
    """The owner sees every trainer's clients: the list follows each trainer's generation, and
    which trainers those are follows the practice."""
    from practices.models import Membership, Role

    owner = get_user_model().objects.create_user("owner", first_name="Olive", last_name="Owner")
    Membership.objects.filter(user=trainer).update(role=Role.TRAINER)
    practice_id = Membership.objects.get(user=trainer).practice_id
    Membership.objects.filter(user=owner).delete()
    boss = HttpClient()
    boss.force_login(owner)
    assert "Rosa Lind" not in rows_of(boss.get(CLIENT_LIST).text)  # not yet their practice
    Membership.objects.create(user=owner, practice_id=practice_id, role=Role.OWNER)
    assert "Rosa Lind" in rows_of(boss.get(CLIENT_LIST).text)
    make_client(trainer, name="Nadia New")
    assert "Nadia New" in rows_of(boss.get(CLIENT_LIST).text)


# --- The builder's library panel --------------------------------------------------------------


def test_the_builders_cached_library_panel_carries_each_routines_address_and_version(
    trainer_client, practice
):
    routine = practice["routine"]
    other = make_routine(routine.owner, name="Second")
    for _ in range(2):  # drawn, then read from the cache
        html = trainer_client.get(routine.get_absolute_url()).text
    add = reverse("routines:step-add", args=[routine.pk])
    assert f'action="{add}"' in html and 'name="version" value="1"' in html
    routine_edited(trainer_client, practice)  # version 2
    html = trainer_client.get(routine.get_absolute_url()).text
    panel = html[html.index('id="library-results"') :]
    assert 'name="version" value="2"' in panel and 'name="version" value="1"' not in panel
    html = trainer_client.get(other.get_absolute_url()).text
    panel = html[html.index('id="library-results"') :]
    assert f'action="{reverse("routines:step-add", args=[other.pk])}"' in panel
    assert f'action="{add}"' not in panel and page_cache.placeholder("routine-version") not in html
    stretch_renamed(trainer_client, practice)
    assert "Figure four on the back" in trainer_client.get(other.get_absolute_url()).text


# --- The builder: cached whole below the layout -----------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def builder_routine(trainer):
    slugs = ["kneeling-lunge", "pigeon-pose", "half-frog-pose"]
    stretches = {stretch.slug: stretch for stretch in Stretch.objects.filter(slug__in=slugs)}
    return make_routine(trainer, name="Morning reset", stretches=[stretches[s] for s in slugs])


def builder_page(http, routine):
    response = http.get(routine.get_absolute_url())
    assert response.status_code == 200
    return response.text


def steps_of(html):
    start = html.index('id="step-list"')
    return html[start : html.index("</ol>", start)]


def stored_version(routine):
    return Routine.objects.values_list("version", flat=True).get(pk=routine.pk)


def builder_post(http, routine, name, data, step=None):
    args = [routine.pk] if step is None else [routine.pk, step.pk]
    response = http.post(
        reverse(f"routines:{name}", args=args),
        {"version": stored_version(routine), **data},
        **HTMX,
    )
    assert response.status_code == 200, response.text
    return response


def step_added(http, routine):
    stretch = Stretch.objects.get(slug="supine-figure-4")
    builder_post(http, routine, "step-add", {"stretch": stretch.pk})


def dose_edited(http, routine):
    step = routine.steps.get(position=1)
    fields = {
        "hold_seconds": 77,
        "repetitions": step.repetitions,
        "sides": step.sides,
        "rest_seconds": step.rest_seconds,
    }
    builder_post(
        http, routine, "step-update", {f"step-{step.pk}-{k}": v for k, v in fields.items()}, step
    )


def step_moved(http, routine):
    last = routine.steps.order_by("position").last()
    builder_post(http, routine, "step-move", {"direction": "up"}, last)


def step_removed(http, routine):
    builder_post(http, routine, "step-remove", {}, routine.steps.get(position=2))


def removal_undone(http, routine):
    step = routine.steps.get(position=2)
    removed = {name: getattr(step, name) for name in ("hold_seconds", "repetitions", "sides")}
    builder_post(http, routine, "step-remove", {}, step)
    builder_post(
        http,
        routine,
        "step-restore",
        {"stretch": step.stretch_id, "position": 2, "rest_seconds": 0, **removed},
    )


def details_saved(http, routine):
    builder_post(http, routine, "routine-details", {"name": "Evening wind-down", "goal": "Sleep"})


def archived(http, routine):
    response = http.post(reverse("routines:routine-archive", args=[routine.pk]))
    assert response.status_code == 302


def stretch_text_changed(http, routine):
    stretch = Stretch.objects.get(slug="pigeon-pose")
    stretch.name = "Pigeon, gently"
    stretch.save()


def order_of(html):
    return re.findall(r'class="step-row[^"]*" data-step-id="(\d+)"', steps_of(html))


@pytest.mark.parametrize(
    ("write", "changed"),
    [
        (step_added, lambda b, a: len(order_of(b)) == 3 and len(order_of(a)) == 4),
        (dose_edited, lambda b, a: 'value="77"' not in steps_of(b) and 'value="77"' in steps_of(a)),
        (step_moved, lambda b, a: order_of(a) == [order_of(b)[i] for i in (0, 2, 1)]),
        (step_removed, lambda b, a: len(order_of(a)) == 2),
        (
            removal_undone,
            lambda b, a: order_of(a)[0::2] == order_of(b)[0::2] and len(order_of(a)) == 3,
        ),
        (details_saved, lambda b, a: ">Evening wind-down" in a and 'value="Sleep"' not in b),
        (archived, lambda b, a: "Archived</span>" not in b and "Archived</span>" in a),
        (stretch_text_changed, lambda b, a: "Pigeon, gently" not in b and "Pigeon, gently" in a),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_each_kind_of_change_shows_on_the_next_visit_of_the_builder(
    trainer_client, builder_routine, write, changed
):
    builder_page(trainer_client, builder_routine)  # drawn and cached
    before = builder_page(trainer_client, builder_routine)  # from the cache
    write(trainer_client, builder_routine)
    after = builder_page(trainer_client, builder_routine)
    assert changed(before, after)
    # Every form on the page carries the stored version: the next edit is not refused as stale.
    versions = set(re.findall(r'name="version" value="(\d+)"', after))
    assert versions == {str(stored_version(builder_routine))}
    step_moved(trainer_client, builder_routine)


def test_a_repeat_visit_reads_the_builder_from_the_cache(trainer_client, builder_routine):
    first = builder_page(trainer_client, builder_routine)
    with CaptureQueriesContext(connection) as queries:
        again = builder_page(trainer_client, builder_routine)
    # The session, the trainer, the routine, one read of the page with its version.
    counted = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(counted) <= 4, "\n".join(q["sql"][:150] for q in counted)
    main = slice(again.index("<main"), again.index("</main>"))
    assert without_tokens(again)[main] == without_tokens(first)[main]
    assert again.count('class="step-row"') == 3
    assert page_cache.csrf_placeholder() not in again
    assert page_cache.placeholder("routine-version") not in again


def test_the_builders_cached_forms_carry_each_requests_own_csrf_token(builder_routine, trainer):
    browsers = [HttpClient(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:
        browser.force_login(trainer)
    pages = [builder_page(browser, builder_routine) for browser in browsers]
    mains = [page[page.index("<main") : page.index("</main>")] for page in pages]
    # Every form of the cached part has the one token this visit put in, each visit its own.
    tokens = [set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', m)) for m in mains]
    assert [len(found) for found in tokens] == [1, 1] and tokens[0] != tokens[1]
    step = builder_routine.steps.get(position=3)
    response = browsers[1].post(
        reverse("routines:step-move", args=[builder_routine.pk, step.pk]),
        {"csrfmiddlewaretoken": token(mains[1]), "version": 1, "direction": "up"},
    )
    assert response.status_code == 302
    assert stored_version(builder_routine) == 2


def test_another_trainer_never_gets_the_cached_builder(client, builder_routine, other_trainer):
    client.force_login(builder_routine.owner)
    builder_page(client, builder_routine)
    client.force_login(other_trainer)
    assert client.get(builder_routine.get_absolute_url()).status_code == 404


# --- The practice dashboard (owners): every trainer's queue, cached whole -----------------------

PRACTICE = reverse("clients:practice-dashboard")


@pytest.fixture
def team(practice, trainer):
    """The trainer owns the practice; Tom works in it, with Tim (an intake 100 days old)."""
    from tests.factories import make_trainer

    tom = make_trainer(
        "tom", first_name="Tom", practice=trainer.membership.practice, role="trainer"
    )
    tim = make_client(tom, name="Tim Tomlin")
    make_intake(tim, assessed_on=days_ago(100))
    tim.refresh_from_db()
    return {**practice, "tom": tom, "tim": tim}


def practice_queue(http):
    response = http.get(PRACTICE)
    assert response.status_code == 200
    html = response.text
    return (
        html[html.index('id="practice-queue"') : html.index("</section>")]
        + html[html.index('id="figures-heading"') :]
    )


def toms_client_reassessed(http, team):
    make_intake(team["tim"], assessed_on=days_ago(0))


def toms_client_assigned(http, team):
    routine = make_routine(team["tom"], stretches=[Stretch.objects.get(slug="supine-figure-4")])
    assigning.assign(team["tim"], routine, weekdays=list(range(7)), starts_on=days_ago(10))


def toms_item_handled(http, team):
    response = http.post(
        reverse("clients:attention-handle"),
        {
            "client": team["tim"].pk,
            "reason": "old_intake",
            "occurrence": f"intake-{team['tim'].latest_intake_id}",
        },
    )
    assert response.status_code == 302


def toms_client_moved(http, team):
    url = reverse("clients:client-transfer", args=[team["tim"].pk])
    assert http.post(url, {"trainer": team["rosa"].trainer_id}).status_code == 302


def tom_renamed(http, team):
    team["tom"].first_name = "Thomas"
    team["tom"].save()


def trainer_joined(http, team):
    from tests.factories import make_trainer

    una = make_trainer("una", first_name="Una", practice=team["rosa"].trainer.membership.practice)
    make_intake(make_client(una, name="Uma Unwell"), assessed_on=days_ago(1), red_flags=["fever"])


def tom_made_owner(http, team):
    from practices.models import Membership

    membership = Membership.objects.get(user=team["tom"])
    membership.role = "owner"
    membership.save()


def client_logged_pain(http, team):
    log_pain(HttpClient(), team)  # on the client's own page


def hurt_stretch_renamed(http, team):
    stretch_renamed(http, team)


@pytest.mark.parametrize(
    ("write", "changed"),
    [
        (client_logged_pain, lambda b, a: "Pain alert" in a),
        (toms_client_reassessed, lambda b, a: "Tim Tomlin" in b and "Tim Tomlin" not in a),
        (toms_client_assigned, lambda b, a: "Nothing logged yet" in a),
        (toms_item_handled, lambda b, a: "Tim Tomlin" in b and "Tim Tomlin" not in a),
        (toms_client_moved, lambda b, a: "client of Tom" in b and "client of Tom" not in a),
        (tom_renamed, lambda b, a: "client of Thomas" in a and ">Thomas" in a),
        (trainer_joined, lambda b, a: "Uma Unwell" not in b and "client of Una" in a),
        (tom_made_owner, lambda b, a: a.count("Owner</span>") == b.count("Owner</span>") + 1),
        (hurt_stretch_renamed, lambda b, a: "Figure four on the back hurt" in a),
    ],
    ids=[
        "log",
        "intake",
        "assignment",
        "item handled",
        "client moved",
        "trainer renamed",
        "trainer joined",
        "role",
        "stretch renamed",
    ],
)
def test_each_kind_of_write_shows_on_the_practice_dashboard(
    trainer_client, team, write, changed, time_machine
):
    if write is hurt_stretch_renamed:
        from clients.models import Alert, SessionLog, StretchFeedback

        log = SessionLog.objects.create(
            assignment=team["plan"], client=team["rosa"], session_date=days_ago(1), status="done"
        )
        feedback = StretchFeedback.objects.create(
            session_log=log,
            position=1,
            stretch=Stretch.objects.get(slug="supine-figure-4"),
            feeling="hurt",
        )
        Alert.objects.create(client=team["rosa"], kind="stretch_hurt", feedback=feedback)
    practice_queue(trainer_client)  # drawn and cached
    before = practice_queue(trainer_client)  # from the cache
    write(trainer_client, team)
    after = practice_queue(trainer_client)
    if write is client_logged_pain:
        # A client's own activity: shown within page_cache.LATE_SECONDS, not on the next visit.
        assert after == before
        later(time_machine, page_cache.LATE_SECONDS + 1)
        after = practice_queue(trainer_client)
    assert before != after and changed(before, after)


def test_a_repeat_visit_reads_the_practice_dashboard_from_the_cache(trainer_client, team):
    first = trainer_client.get(PRACTICE).text
    with CaptureQueriesContext(connection) as queries:
        again = trainer_client.get(PRACTICE).text
    # The session, the owner, their membership (the owner's check), the practice's members
    # with their versions and one read of the page (two cache reads: tables without CACHE_URL).
    counted = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(counted) <= 5, "\n".join(q["sql"][:150] for q in counted)
    main = slice(again.index("<main"), again.index("</main>"))
    assert again[main] == first[main] and "Tim Tomlin" in again


def test_another_practice_never_gets_the_cached_practice_dashboard(client, team, other_trainer):
    client.force_login(team["rosa"].trainer)
    assert "Tim Tomlin" in client.get(PRACTICE).text
    client.force_login(other_trainer)  # the owner of a practice of their own
    html = client.get(PRACTICE).text
    assert "Tim Tomlin" not in html and "Rosa Lind" not in html and "Nobody needs attention" in html
    client.force_login(team["tom"])  # in the practice, not its owner
    assert client.get(PRACTICE).status_code == 404
