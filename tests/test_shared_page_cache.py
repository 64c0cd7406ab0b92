"""The client's private page kept whole in the shared cache (clients.shared_cache): every kind of
write that changes what the page shows shows on the next visit; nothing per visit or per visitor
is in it; a phone sending the ETag of its copy gets 304; and its forms, which carry no CSRF
token, are refused from other sites and accepted from the page itself."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients import assigning, share_links
from clients.models import Assignment, ReminderPreference, SessionLog
from routines.doses import dose_text
from routines.models import Difficulty, Routine, Stretch
from tests import clock
from tests.factories import make_client, make_intake, make_routine

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def world(trainer):
    lunge = Stretch.objects.get(slug="kneeling-lunge")
    routine = make_routine(trainer, name="Desk reset", stretches=[lunge])
    alex = make_client(trainer, name="Alex Client", email="alex@example.com")
    make_intake(alex, cautions=["knee"], sitting_hours_workday=2, longest_sitting_minutes=20)
    alex.refresh_from_db()
    plan = assigning.assign(alex, routine, weekdays=list(range(7)))
    return {"alex": alex, "routine": routine, "plan": plan, "link": share_links.issue_link(alex)}


@pytest.fixture
def phone():
    """The client's phone: no session, no cookies of ours."""
    return HttpClient()


def page(phone, world):
    response = phone.get(world["link"].get_absolute_url())
    return response.status_code, response.content.decode()


# --- Each kind of write, through the surface that makes it ------------------------------------


def log_posted(trainer_client, world):
    url = reverse("shared:log", args=[world["link"].token])
    form = {"assignment": world["plan"].pk, "session_number": 1, "status": "done"}
    HttpClient().post(url, {**form, "pain_before": 3, "pain_after": 2})
    return "Done: pain 3 before, 2 after."


def assign_form(routine):
    return {
        "routine": routine.pk,
        "sessions_per_day": 1,
        "weekdays": list(range(7)),
        "starts_on": timezone.localdate().isoformat(),
    }


def assignment_added(trainer_client, world):
    figure_4 = Stretch.objects.get(slug="supine-figure-4")
    other = make_routine(world["routine"].owner, name="Evening unwind", stretches=[figure_4])
    response = trainer_client.post(
        reverse("clients:assignment-create", args=[world["alex"].pk]),
        assign_form(other),
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return "Evening unwind"


def assignment_ended(trainer_client, world):
    trainer_client.post(
        reverse("clients:assignment-end", args=[world["alex"].pk, world["plan"].pk])
    )
    return "Your trainer has not added a routine yet."


def routine_edited_and_copy_updated(trainer_client, world):
    routine, plan = world["routine"], world["plan"]
    step = routine.steps.get()
    version = Routine.objects.values_list("version", flat=True).get(pk=routine.pk)
    trainer_client.post(
        reverse("routines:step-update", args=[routine.pk, step.pk]),
        {
            "version": version,
            f"step-{step.pk}-hold_seconds": 75,
            f"step-{step.pk}-repetitions": 4,
            f"step-{step.pk}-sides": "each_side",
            f"step-{step.pk}-rest_seconds": 0,
        },
        HTTP_HX_REQUEST="true",
    )
    trainer_client.post(reverse("clients:assignment-update-copy", args=[world["alex"].pk, plan.pk]))
    return dose_text(plan.steps.get())


def step_swapped(trainer_client, world):
    plan = world["plan"]
    trainer_client.post(
        reverse("clients:assignment-swap", args=[world["alex"].pk, plan.pk, plan.steps.get().pk])
    )
    return "Standing hip-flexor stretch"


def reminder_saved(trainer_client, world):
    HttpClient().post(
        reverse("shared:reminders", args=[world["link"].token]),
        {"enabled": "on", "time_of_day": "07:45", "weekdays": list(range(7))},
    )
    assert ReminderPreference.objects.get(client=world["alex"]).enabled
    return 'value="07:45"'


def trainer_contact_changed(trainer_client, world):
    trainer_client.post(
        reverse("clients:contact-settings"),
        {"contact_name": "Tess Hill", "contact_email": "", "contact_phone": "07700 900123"},
    )
    return "07700 900123"


def trainer_renamed(trainer_client, world):
    trainer = world["routine"].owner
    trainer.first_name = "Theresa"
    trainer.save()
    return "Theresa"


def practice_branding_changed(trainer_client, world):
    response = trainer_client.post(
        reverse("clients:practice-details"),
        {"name": "Hip Hub Studio", "contact_line": "12 High St"},
    )
    assert response.status_code == 302
    return "Hip Hub Studio · 12 High St"


def advanced_unlocked_and_assigned(trainer_client, world):
    alex = world["alex"]
    trainer_client.post(reverse("clients:advanced-unlock", args=[alex.pk]))
    king = Stretch.objects.filter(difficulty=Difficulty.ADVANCED, owner=None).first()
    advanced = make_routine(world["routine"].owner, name="Advanced flow", stretches=[king])
    trainer_client.post(
        reverse("clients:assignment-create", args=[alex.pk]),
        assign_form(advanced),
    )
    assert Assignment.objects.filter(client=alex, title="Advanced flow").exists()
    return king.name


def new_intake_sits_a_lot(trainer_client, world):
    make_intake(world["alex"], sitting_hours_workday=9)
    return 'id="movement-breaks"'


def stretch_text_edited(trainer_client, world):
    lunge = Stretch.objects.get(slug="kneeling-lunge")
    lunge.setup = "Kneel on a folded towel, one foot forward."
    lunge.save()
    return "Kneel on a folded towel, one foot forward."


def client_renamed(trainer_client, world):
    alex = world["alex"]
    alex.name = "Alexandra Client"
    alex.save()
    return "Hi Alexandra"


WRITES = [
    log_posted,
    assignment_added,
    assignment_ended,
    routine_edited_and_copy_updated,
    step_swapped,
    reminder_saved,
    trainer_contact_changed,
    trainer_renamed,
    practice_branding_changed,
    advanced_unlocked_and_assigned,
    new_intake_sits_a_lot,
    stretch_text_edited,
    client_renamed,
]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_each_kind_of_write_shows_on_the_next_visit(trainer_client, phone, world, write):
    page(phone, world)  # drawn and kept
    status, cached = page(phone, world)  # from the cache
    assert status == 200
    shows = write(trainer_client, world)
    assert shows not in cached
    status, now = page(phone, world)
    assert status == 200 and shows in now


def test_a_routine_edit_alone_leaves_the_clients_copy_as_it_was(trainer_client, phone, world):
    """The client's copy is frozen until the trainer updates it (clients.assigning)."""
    _, before = page(phone, world)
    routine = world["routine"]
    step = routine.steps.get()
    trainer_client.post(
        reverse("routines:step-update", args=[routine.pk, step.pk]),
        {
            "version": Routine.objects.values_list("version", flat=True).get(pk=routine.pk),
            f"step-{step.pk}-hold_seconds": 75,
            f"step-{step.pk}-repetitions": 4,
            f"step-{step.pk}-sides": "each_side",
            f"step-{step.pk}-rest_seconds": 0,
        },
        HTTP_HX_REQUEST="true",
    )
    assert page(phone, world)[1] == before


def test_a_revoked_link_answers_404_at_once(trainer_client, phone, world):
    page(phone, world)
    assert page(phone, world)[0] == 200
    trainer_client.post(reverse("clients:link-revoke", args=[world["alex"].pk]))
    assert page(phone, world)[0] == 404


def test_the_next_day_is_drawn_for_that_day(phone, world):
    _, first = page(phone, world)
    assert page(phone, world)[1] == first  # from the cache
    today = timezone.localdate()
    noon_tomorrow = datetime.combine(
        today + timedelta(days=1), time(12), tzinfo=timezone.get_current_timezone()
    )
    with clock.ticking_from(noon_tomorrow):
        _, tomorrow = page(phone, world)
    assert f"{today + timedelta(days=1):%A}" in tomorrow and f"{today:%A}" not in tomorrow


# --- Nothing per visit or per visitor in the kept page -----------------------------------------


def test_the_page_sets_no_cookie_and_is_the_same_for_every_visitor(trainer_client, phone, world):
    # A signed-in trainer with a message waiting opens the link first: the kept page has
    # neither their message nor anything of their session, and the message stays for them.
    trainer_client.post(
        reverse("clients:contact-settings"),
        {"contact_name": "Tess Hill", "contact_email": "", "contact_phone": ""},
    )
    seen_by_trainer = trainer_client.get(world["link"].get_absolute_url())
    response = phone.get(world["link"].get_absolute_url())
    html = response.content.decode()
    assert html == seen_by_trainer.content.decode()
    assert "Saved. Your clients see this" not in html
    assert "csrfmiddlewaretoken" not in html and "x-csrftoken" not in html
    assert not response.cookies
    assert response["ETag"] == seen_by_trainer["ETag"]
    assert [str(m) for m in get_messages(trainer_client.get("/").wsgi_request)] == [
        "Saved. Your clients see this on their page and emails."
    ]


# --- Conditional GET ------------------------------------------------------------------------------


def test_a_phone_with_the_current_copy_gets_304_until_something_changes(phone, world):
    url = world["link"].get_absolute_url()
    first = phone.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and "no-store" in first["Cache-Control"]
    again = phone.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and "no-store" in again["Cache-Control"]
    # The gzip middleware sends the tag as weak: the phone sends it back so.
    assert phone.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    log_posted(None, world)
    changed = phone.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Done: pain 3 before, 2 after." in changed.content.decode()


# --- The forms without a token: same origin only -----------------------------------------------


@pytest.fixture
def checked():
    """A browser whose requests go through Django's CSRF checks, as in production."""
    return HttpClient(enforce_csrf_checks=True)


def log_form(world):
    return {"assignment": world["plan"].pk, "session_number": 1, "status": "done"}


FORGED = [
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://sub.testserver"},
    {"HTTP_ORIGIN": "https://evil.example"},  # a browser without Sec-Fetch-Site
    {"HTTP_ORIGIN": "null"},  # a sandboxed frame, a data: page
]


@pytest.mark.parametrize("headers", FORGED, ids=["cross-site", "same-site", "origin", "null"])
@pytest.mark.parametrize("form", ["log", "start", "reminders", "done"])
def test_a_post_from_another_site_is_refused(checked, world, headers, form):
    token = world["link"].token
    plan = world["plan"]
    url, data = {
        "log": (reverse("shared:log", args=[token]), log_form(world)),
        "start": (
            reverse("shared:start", args=[token]),
            {"assignment": plan.pk, "session_number": 1, "pain_before": 2},
        ),
        "reminders": (
            reverse("shared:reminders", args=[token]),
            {"enabled": "on", "time_of_day": "07:45", "weekdays": [0]},
        ),
        "done": (
            f"{reverse('shared:done', args=[token])}?a={plan.pk}&n=1&d={timezone.localdate()}",
            {"status": "done"},
        ),
    }[form]
    response = checked.post(url, data, **headers)
    assert response.status_code == 403
    assert not SessionLog.objects.exists() and not ReminderPreference.objects.exists()


SAME_ORIGIN = [
    {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
    {"HTTP_ORIGIN": "http://testserver"},  # a browser without Sec-Fetch-Site
    {},  # not a browser: no cookie or other ambient credential to abuse
]


@pytest.mark.parametrize("headers", SAME_ORIGIN, ids=["fetch-metadata", "origin", "no-headers"])
def test_a_post_from_the_page_itself_needs_no_token(checked, world, headers):
    url = reverse("shared:log", args=[world["link"].token])
    response = checked.post(
        url, {**log_form(world), "pain_before": 3}, HTTP_HX_REQUEST="true", **headers
    )
    assert response.status_code == 200
    assert SessionLog.objects.get().pain_before == 3


def test_trainer_pages_keep_their_csrf_token(checked, trainer, world):
    checked.force_login(trainer)
    response = checked.post(
        reverse("clients:contact-settings"),
        {"contact_name": "Tess"},
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 403  # same origin is not enough there: the token is needed


def test_each_language_is_kept_apart(world):
    """The page is kept per language: a phone that switched to Spanish never hands its page to
    one reading English, nor the other way round."""
    url = world["link"].get_absolute_url()
    english, spanish = HttpClient(), HttpClient()
    assert ">Reminders<" in english.get(url).content.decode()
    switched = spanish.get(url, {"lang": "es"})
    assert ">Recordatorios<" in switched.content.decode()
    assert ">Recordatorios<" in spanish.get(url).content.decode()  # remembered, from the cache
    again = english.get(url)
    assert (
        ">Reminders<" in again.content.decode() and ">Recordatorios<" not in again.content.decode()
    )
    assert again["ETag"] != switched["ETag"]
