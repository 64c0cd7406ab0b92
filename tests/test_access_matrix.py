"""Every URL pattern, classified and checked for anonymous, another trainer and the owner.

Adding a URL without a row in ROUTES fails `test_every_url_is_classified`. Rows say who may use a
route and what each kind of visitor gets:

- PUBLIC: no login needed (anonymous gets `anonymous_status`).
- TRAINER: any signed-in trainer; anonymous is sent to the login page.
- OWNED: names an object a trainer owns; anonymous goes to login, another trainer gets 404
  (never 403: do not reveal that the object exists), the owner gets `owner_status`.
- ADMIN: the Django admin; anonymous and non-staff trainers go to the admin login.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clients import assigning, share_links
from clients.models import Alert, MedicalClearance, ReminderPreference
from routines.models import Stretch
from tests.factories import (
    make_client,
    make_intake,
    make_routine,
    make_stretch,
    make_trainer,
    sign_in_with_second_factor,
)
from trainer_site.models import TrainerSession

PUBLIC, TRAINER, OWNED, ADMIN = "public", "trainer", "owned", "admin"


@dataclass(frozen=True)
class Route:
    access: str
    # Builds the path from the world fixture; by default the URL name reversed without arguments.
    path: Callable | None = None
    method: str = "get"
    # POST data: a dict, or a function of the world fixture.
    data: dict | Callable = field(default_factory=dict)
    anonymous_status: int = 200
    owner_status: int = 200


def reset_confirm_path(world):
    uid = urlsafe_base64_encode(force_bytes(world.owner.pk))
    token = default_token_generator.make_token(world.owner)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def signup_confirm_path(world):
    from trainer_site.forms import signup_tokens

    uid = urlsafe_base64_encode(force_bytes(world.owner.pk))
    return reverse(
        "signup-confirm", kwargs={"uidb64": uid, "token": signup_tokens.make_token(world.owner)}
    )


def routine_url(world, name, step=False):
    args = [world.routine.pk, world.step.pk] if step else [world.routine.pk]
    return reverse(f"routines:{name}", args=args)


def shared_url(world, name):
    return reverse(f"shared:{name}", args=[world.link.token])


def assignment_post(name, step=False):
    def path(world):
        args = [world.client.pk, world.assignment.pk]
        if step:
            args.append(world.assignment.steps.first().pk)
        return reverse(f"clients:{name}", args=args)

    return Route(OWNED, path=path, method="post", owner_status=302)


def client_url(world, name):
    return reverse(f"clients:{name}", args=[world.client.pk])


def owned_post(name, data=None, step=False):
    """A builder change: POSTed with the routine's current version, answered with a redirect."""

    def with_version(world):
        extra = data(world) if callable(data) else data or {}
        return {"version": world.routine.version, **extra}

    return Route(
        OWNED,
        path=lambda w: routine_url(w, name, step=step),
        method="post",
        data=with_version,
        owner_status=302,
    )


ROUTES = {
    # Project-wide
    "healthz": Route(PUBLIC),
    "bench-floor": Route(PUBLIC, anonymous_status=404),  # only on during make bench
    "favicon": Route(PUBLIC, anonymous_status=301),
    "stretch-media": Route(
        PUBLIC, path=lambda w: reverse("stretch-media", args=["missing.webp"]), anonymous_status=404
    ),
    "signup": Route(PUBLIC),
    "signup-confirm": Route(PUBLIC, path=signup_confirm_path),
    "login": Route(PUBLIC),
    "logout": Route(TRAINER, method="post", owner_status=302),
    "password_reset": Route(PUBLIC),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(PUBLIC, path=reset_confirm_path, anonymous_status=302),
    "password_reset_complete": Route(PUBLIC),
    "password_change": Route(TRAINER),
    "password_change_done": Route(TRAINER),
    # Account security
    "account-security": Route(TRAINER),
    "two-factor-setup": Route(TRAINER),
    "two-factor-verify": Route(TRAINER, owner_status=302),  # no authenticator: nothing to verify
    "two-factor-disable": Route(TRAINER, method="post", owner_status=302),
    # Without two-factor on there are no recovery codes to replace: back to Account security.
    "recovery-codes-regenerate": Route(TRAINER, method="post", owner_status=302),
    "sessions-end-others": Route(TRAINER, method="post", owner_status=302),
    "session-end": Route(
        OWNED,
        path=lambda w: reverse("session-end", args=[w.owner_session.pk]),
        method="post",
        owner_status=302,
    ),
    # The dashboard
    "clients:dashboard": Route(TRAINER),
    "clients:attention-handle": Route(
        OWNED,
        path=lambda w: reverse("clients:attention-handle"),
        method="post",
        data=lambda w: {"client": w.client.pk, "reason": "pain_alert", "occurrence": "alerts"},
        owner_status=302,
    ),
    "clients:attention-history": Route(TRAINER),
    "clients:digest-settings": Route(
        TRAINER, method="post", data={"daily_digest": "on"}, owner_status=302
    ),
    "clients:contact-settings": Route(TRAINER),
    # Stretch library
    "routines:library": Route(TRAINER),
    "routines:stretch-create": Route(TRAINER),
    "routines:stretch-detail": Route(OWNED, path=lambda w: w.private_stretch.get_absolute_url()),
    "routines:stretch-edit": Route(
        OWNED, path=lambda w: reverse("routines:stretch-edit", args=[w.private_stretch.slug])
    ),
    "routines:stretch-delete": Route(
        OWNED,
        path=lambda w: reverse("routines:stretch-delete", args=[w.private_stretch.slug]),
        method="post",
        owner_status=302,
    ),
    # Routines and the builder
    "routines:routine-list": Route(TRAINER),
    "routines:routine-create": Route(
        TRAINER, method="post", data={"name": "New routine"}, owner_status=302
    ),
    "routines:builder": Route(OWNED, path=lambda w: w.routine.get_absolute_url()),
    "routines:builder-library": Route(OWNED, path=lambda w: routine_url(w, "builder-library")),
    "routines:routine-details": owned_post("routine-details", {"name": "Renamed"}),
    "routines:routine-copy": owned_post("routine-copy"),
    "routines:routine-archive": owned_post("routine-archive"),
    "routines:routine-delete": owned_post("routine-delete"),
    "routines:step-add": owned_post("step-add", lambda w: {"stretch": w.library_stretch.pk}),
    "routines:step-restore": owned_post(
        "step-restore",
        lambda w: {
            "stretch": w.library_stretch.pk,
            "position": 1,
            "hold_seconds": 30,
            "repetitions": 2,
            "sides": "each_side",
            "rest_seconds": 0,
        },
    ),
    "routines:step-reorder": owned_post(
        "step-reorder", lambda w: {"order": ",".join(str(s.pk) for s in w.routine.steps.reverse())}
    ),
    "routines:step-update": owned_post(
        "step-update",
        lambda w: {
            f"step-{w.step.pk}-hold_seconds": 40,
            f"step-{w.step.pk}-repetitions": 2,
            f"step-{w.step.pk}-sides": "each_side",
            f"step-{w.step.pk}-rest_seconds": 5,
        },
        step=True,
    ),
    "routines:step-move": owned_post("step-move", {"direction": "down"}, step=True),
    "routines:step-remove": owned_post("step-remove", step=True),
    # The client's private pages: public to whoever holds the token (tests/test_shared_page.py
    # checks that revoked, expired and made-up tokens are 404).
    "shared:today": Route(PUBLIC, path=lambda w: shared_url(w, "today")),
    "shared:log": Route(
        PUBLIC,
        path=lambda w: shared_url(w, "log"),
        method="post",
        data=lambda w: {
            "assignment": w.assignment.pk,
            "session_number": 1,
            "status": "done",
            "pain_before": 3,
            "pain_after": 2,
        },
    ),
    "shared:calendar": Route(PUBLIC, path=lambda w: shared_url(w, "calendar")),
    "shared:manifest": Route(PUBLIC, path=lambda w: shared_url(w, "manifest")),
    "shared:service-worker": Route(PUBLIC, path=lambda w: shared_url(w, "service-worker")),
    "shared:handout": Route(PUBLIC, path=lambda w: shared_url(w, "handout")),
    "shared:qr": Route(PUBLIC, path=lambda w: shared_url(w, "qr")),
    # Pain 1 before, below the stop rule: the player may start (204, nothing recorded).
    "shared:start": Route(
        PUBLIC,
        path=lambda w: shared_url(w, "start"),
        method="post",
        data=lambda w: {"assignment": w.assignment.pk, "session_number": 1, "pain_before": 1},
        anonymous_status=302,
    ),
    "shared:reminders": Route(
        PUBLIC,
        path=lambda w: shared_url(w, "reminders"),
        method="post",
        data={"enabled": "on", "time_of_day": "08:00", "weekdays": [0, 1, 2]},
    ),
    "shared:done": Route(
        PUBLIC,
        path=lambda w: f"{shared_url(w, 'done')}?a={w.assignment.pk}&n=1&d={timezone.localdate()}",
    ),
    "clients:reminder-stop": Route(
        PUBLIC, path=lambda w: reverse("clients:reminder-stop", args=[w.reminder.unsubscribe_token])
    ),
    # Assignments, the private link and alerts (trainer side)
    "clients:assignment-create": Route(
        OWNED,
        path=lambda w: client_url(w, "assignment-create"),
        method="post",
        data=lambda w: {
            "routine": w.routine.pk,
            "sessions_per_day": 1,
            "weekdays": [0, 1, 2, 3, 4, 5, 6],
            "starts_on": timezone.localdate().isoformat(),
        },
        owner_status=302,
    ),
    "clients:assignment-update-copy": assignment_post("assignment-update-copy"),
    "clients:assignment-swap": assignment_post("assignment-swap", step=True),
    "clients:assignment-end": assignment_post("assignment-end"),
    "clients:advanced-unlock": Route(
        OWNED, path=lambda w: client_url(w, "advanced-unlock"), method="post", owner_status=302
    ),
    "clients:advanced-lock": Route(
        OWNED, path=lambda w: client_url(w, "advanced-lock"), method="post", owner_status=302
    ),
    "clients:alert-handle": Route(
        OWNED,
        path=lambda w: reverse("clients:alert-handle", args=[w.client.pk, w.alert.pk]),
        method="post",
        owner_status=302,
    ),
    "clients:link-issue": Route(
        OWNED, path=lambda w: client_url(w, "link-issue"), method="post", owner_status=302
    ),
    "clients:link-revoke": Route(
        OWNED, path=lambda w: client_url(w, "link-revoke"), method="post", owner_status=302
    ),
    "clients:link-qr": Route(OWNED, path=lambda w: client_url(w, "link-qr")),
    "clients:link-email": Route(
        OWNED, path=lambda w: client_url(w, "link-email"), method="post", owner_status=302
    ),
    # Clients and intake
    "clients:client-list": Route(TRAINER),
    "clients:client-create": Route(TRAINER),
    "clients:client-detail": Route(OWNED, path=lambda w: w.client.get_absolute_url()),
    "clients:client-edit": Route(OWNED, path=lambda w: client_url(w, "client-edit")),
    "clients:client-archive": Route(
        OWNED, path=lambda w: client_url(w, "client-archive"), method="post", owner_status=302
    ),
    "clients:client-erase": Route(OWNED, path=lambda w: client_url(w, "client-erase")),
    "clients:access-history": Route(OWNED, path=lambda w: client_url(w, "access-history")),
    "clients:client-export-json": Route(OWNED, path=lambda w: client_url(w, "client-export-json")),
    "clients:client-export-csv": Route(OWNED, path=lambda w: client_url(w, "client-export-csv")),
    "clients:intake-create": Route(OWNED, path=lambda w: client_url(w, "intake-create")),
    "clients:intake-check": Route(
        OWNED,
        path=lambda w: client_url(w, "intake-check"),
        method="post",
        data={"refer_flags": ["cancer"]},
    ),
    "clients:intake-detail": Route(OWNED, path=lambda w: w.intake.get_absolute_url()),
    "clients:clearance-create": Route(
        OWNED,
        path=lambda w: reverse("clients:clearance-create", args=[w.client.pk, w.intake.pk]),
        method="post",
        data=lambda w: {"cleared_by": "Dr Owner", "cleared_on": timezone.localdate().isoformat()},
        owner_status=302,
    ),
}


def walk_url_views(patterns, namespace=""):
    """(URL name, view) for every pattern, namespaces included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk_url_views(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}{name}", pattern.callback


def all_url_names():
    return {name for name, _ in walk_url_views(get_resolver().url_patterns)}


class World:
    """One owner with one of everything, and another trainer who owns nothing of theirs."""

    def __init__(self):
        self.owner = make_trainer("owner", first_name="Owner")
        self.other = make_trainer("intruder", first_name="Intruder")
        self.staff = make_trainer("editor", is_staff=True, is_superuser=True)
        self.client = make_client(self.owner, name="Owned Client", email="owned@example.com")
        self.intake = make_intake(self.client, red_flags=["cancer"], notes="Secret intake note")
        self.private_stretch = make_stretch(self.owner, name="Owner's Secret Stretch")
        self.library_stretch = Stretch.objects.get(slug="kneeling-lunge", owner=None)
        self.routine = make_routine(
            self.owner,
            name="Owner's Secret Routine",
            stretches=[self.library_stretch, Stretch.objects.get(slug="pigeon-pose")],
        )
        self.step = self.routine.steps.first()
        MedicalClearance.objects.create(
            intake=self.intake, cleared_by="GP", cleared_on=timezone.localdate()
        )
        self.client.refresh_from_db()
        self.assignment = assigning.assign(self.client, self.routine, weekdays=list(range(7)))
        self.link = share_links.issue_link(self.client)
        self.alert = Alert.objects.create(client=self.client, kind="pain_high")
        self.owner_session = TrainerSession.objects.create(
            user=self.owner, session_key="k" * 32, user_agent="Firefox on Linux"
        )
        self.reminder = ReminderPreference.objects.create(
            client=self.client, time_of_day="08:00", weekdays=[0], unsubscribe_token="u" * 32
        )


@pytest.fixture
def world(db):
    return World()


def request(client, route, name, world):
    path = route.path(world) if route.path else reverse(name)
    data = route.data(world) if callable(route.data) else route.data
    return getattr(client, route.method)(path, data)


def test_every_url_is_classified():
    unclassified = {
        name for name in all_url_names() if not name.startswith("admin:") and name not in ROUTES
    }
    assert not unclassified, f"Add these URLs to ROUTES in {__file__}: {sorted(unclassified)}"


def test_no_stale_rows_in_the_matrix():
    assert set(ROUTES) <= all_url_names()


def test_only_the_public_routes_waive_the_login():
    """LoginRequiredMiddleware sends anonymous visitors of every view to the login page; a view
    is public only when marked @login_not_required, and exactly the PUBLIC rows are."""
    waived = {
        name
        for name, view in walk_url_views(get_resolver().url_patterns)
        if not name.startswith("admin:") and not getattr(view, "login_required", True)
    }
    assert waived == {name for name, route in ROUTES.items() if route.access == PUBLIC}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_visitor(client, world, name):
    route = ROUTES[name]
    response = request(client, route, name, world)
    if route.access == PUBLIC:
        assert response.status_code == route.anonymous_status
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.access == OWNED))
def test_other_trainer_gets_404(client, world, name):
    client.force_login(world.other)
    response = request(client, ROUTES[name], name, world)
    assert response.status_code == 404
    page = response.content.decode()
    assert world.client.name not in page
    assert "Secret Stretch" not in page
    assert "Secret Routine" not in page
    assert "Secret intake note" not in page


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.access != PUBLIC))
def test_owner(client, world, name):
    client.force_login(world.owner)
    response = request(client, ROUTES[name], name, world)
    assert response.status_code == ROUTES[name].owner_status


ADMIN_PAGES = ["admin:index", "admin:auth_user_changelist"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_is_for_staff_with_a_second_factor(client, world, name):
    path = reverse(name)
    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].split("?")[0] in {reverse("admin:login"), reverse("login")}
    client.force_login(world.owner)
    assert client.get(path)["Location"].startswith(reverse("admin:login"))
    client.force_login(world.staff)  # password only: set up the authenticator first
    assert client.get(path)["Location"].startswith(reverse("two-factor-setup"))
    sign_in_with_second_factor(client, world.staff)
    assert client.get(path).status_code == 200
