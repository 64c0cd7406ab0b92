"""Every URL pattern, with the answer each kind of visitor gets, in one table.

Adding a URL without a row in ROUTES fails `test_every_url_is_classified`. The visitors:

- anonymous;
- a trainer of another practice;
- a colleague: trainer role, same practice as the client's trainer;
- the owner of that practice;
- the client's own trainer (who made every object in the world below).

A row's access kind picks its line in ANSWERS; `status` is the answer where that line says OK.
Another practice, and anyone who may not see an object, gets 404 (never 403: do not reveal that
the object exists), and no page names anything of theirs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clients import assigning, share_links
from clients.models import Alert, MedicalClearance, ReminderPreference, SessionLog
from practices.membership import invite
from practices.models import Cover
from routines.models import Stretch
from tests.factories import (
    make_client,
    make_intake,
    make_routine,
    make_stretch,
    make_trainer,
    sign_in_with_second_factor,
)
from tests.images import photo_bytes
from trainer_site.models import TrainerSession

PUBLIC, TRAINER, CLIENT, PERSONAL = "public", "trainer", "client", "personal"
OWNERS, OWNER_ONLY, COLLEAGUES = "owners", "owner only", "colleagues"
ROLES = ["anonymous", "other_practice", "colleague", "owner", "own_trainer"]
LOGIN, OK = "login", "ok"

# What each visitor gets, by the kind of URL (see the module docstring).
# fmt: off
ANSWERS = {
    #            anonymous  other practice  colleague  owner  own trainer
    PUBLIC:   (OK,        OK,             OK,        OK,    OK),
    TRAINER:  (LOGIN,     OK,             OK,        OK,    OK),
    # A client's record: their trainer, and the owner of the practice (or a cover, see
    # tests/test_practice_cover.py).
    CLIENT:   (LOGIN,     404,            404,       OK,    OK),
    # The trainer's own tools (routines, private stretches, sessions): theirs alone.
    PERSONAL: (LOGIN,     404,            404,       404,   OK),
    # The practice pages: any practice's owner has them (about their own practice only).
    OWNERS:   (LOGIN,     OK,             404,       OK,    404),
    # Acting on the practice's people (a member, a transfer): its owner alone.
    OWNER_ONLY: (LOGIN,   404,            404,       OK,    404),
    # What a trainer shares with the practice: copied by colleagues (owners included).
    COLLEAGUES: (LOGIN,   404,            OK,        OK,    404),
}
# fmt: on


@dataclass(frozen=True)
class Route:
    access: str
    # Builds the path from the world fixture; by default the URL name reversed without arguments.
    path: Callable | None = None
    method: str = "get"
    # POST data: a dict, or a function of the world fixture.
    data: dict | Callable = field(default_factory=dict)
    # The OK answer: for anonymous visitors of a PUBLIC row, and for everyone else who may.
    anonymous_status: int = 200
    status: int = 200
    # A PUBLIC page's answer to a signed-in trainer, when it differs (sign-up sends them home).
    signed_in_status: int | None = None

    def expected(self, role):
        answer = ANSWERS[self.access][ROLES.index(role)]
        if answer != OK:
            return answer
        if self.access == PUBLIC:
            if role == "anonymous" or self.signed_in_status is None:
                return self.anonymous_status
            return self.signed_in_status
        return self.status


def reset_confirm_path(world):
    uid = urlsafe_base64_encode(force_bytes(world.own.pk))
    token = default_token_generator.make_token(world.own)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def signup_confirm_path(world):
    from trainer_site.forms import signup_tokens

    uid = urlsafe_base64_encode(force_bytes(world.own.pk))
    return reverse(
        "signup-confirm", kwargs={"uidb64": uid, "token": signup_tokens.make_token(world.own)}
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

    return Route(CLIENT, path=path, method="post", status=302)


def client_url(world, name):
    return reverse(f"clients:{name}", args=[world.client.pk])


def owned_post(name, data=None, step=False):
    """A builder change: POSTed with the routine's current version, answered with a redirect."""

    def with_version(world):
        extra = data(world) if callable(data) else data or {}
        return {"version": world.routine.version, **extra}

    return Route(
        PERSONAL,
        path=lambda w: routine_url(w, name, step=step),
        method="post",
        data=with_version,
        status=302,
    )


ROUTES = {
    # Project-wide
    "healthz": Route(PUBLIC),
    "bench-floor": Route(PUBLIC, anonymous_status=404),  # only on during make bench
    "favicon": Route(PUBLIC, anonymous_status=301),
    # A made-up name: nobody's photo, 404 for all. The stored photos have their own table
    # (PHOTOS below): one address, an answer that depends on the stretch behind it.
    "stretch-media": Route(
        PUBLIC, path=lambda w: reverse("stretch-media", args=["missing.webp"]), anonymous_status=404
    ),
    "practice-logo": Route(
        PUBLIC, path=lambda w: reverse("practice-logo", args=["missing.webp"]), anonymous_status=404
    ),
    "signup": Route(PUBLIC, signed_in_status=302),  # a signed-in trainer is sent home
    "signup-confirm": Route(PUBLIC, path=signup_confirm_path),
    "login": Route(PUBLIC),
    "logout": Route(TRAINER, method="post", status=302),
    "password_reset": Route(PUBLIC),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(PUBLIC, path=reset_confirm_path, anonymous_status=302),
    "password_reset_complete": Route(PUBLIC),
    "password_change": Route(TRAINER),
    "password_change_done": Route(TRAINER),
    # Account security
    "account-security": Route(TRAINER),
    "two-factor-setup": Route(TRAINER),
    "two-factor-verify": Route(TRAINER, status=302),  # no authenticator: nothing to verify
    "two-factor-disable": Route(TRAINER, method="post", status=302),
    # Without two-factor on there are no recovery codes to replace: back to Account security.
    "recovery-codes-regenerate": Route(TRAINER, method="post", status=302),
    "sessions-end-others": Route(TRAINER, method="post", status=302),
    "session-end": Route(
        PERSONAL,
        path=lambda w: reverse("session-end", args=[w.own_session.pk]),
        method="post",
        status=302,
    ),
    # The dashboard
    "clients:dashboard": Route(TRAINER),
    "clients:attention-handle": Route(
        CLIENT,
        path=lambda w: reverse("clients:attention-handle"),
        method="post",
        data=lambda w: {"client": w.client.pk, "reason": "pain_alert", "occurrence": "alerts"},
        status=302,
    ),
    "clients:attention-history": Route(TRAINER),
    "clients:digest-settings": Route(
        TRAINER, method="post", data={"daily_digest": "on"}, status=302
    ),
    "clients:contact-settings": Route(TRAINER),
    # Stretch library
    "routines:library": Route(TRAINER),
    "routines:stretch-create": Route(TRAINER),
    "routines:stretch-detail": Route(PERSONAL, path=lambda w: w.private_stretch.get_absolute_url()),
    "routines:stretch-edit": Route(
        PERSONAL, path=lambda w: reverse("routines:stretch-edit", args=[w.private_stretch.slug])
    ),
    "routines:stretch-delete": Route(
        PERSONAL,
        path=lambda w: reverse("routines:stretch-delete", args=[w.private_stretch.slug]),
        method="post",
        status=302,
    ),
    # Routines and the builder
    "routines:routine-list": Route(TRAINER),
    "routines:routine-create": Route(
        TRAINER, method="post", data={"name": "New routine"}, status=302
    ),
    "routines:builder": Route(PERSONAL, path=lambda w: w.routine.get_absolute_url()),
    "routines:builder-library": Route(PERSONAL, path=lambda w: routine_url(w, "builder-library")),
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
    "shared:progress": Route(PUBLIC, path=lambda w: shared_url(w, "progress")),
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
        CLIENT,
        path=lambda w: client_url(w, "assignment-create"),
        method="post",
        data=lambda w: {
            "routine": w.routine_of_actor().pk,
            "sessions_per_day": 1,
            "weekdays": [0, 1, 2, 3, 4, 5, 6],
            "starts_on": timezone.localdate().isoformat(),
        },
        status=302,
    ),
    "clients:assignment-update-copy": assignment_post("assignment-update-copy"),
    "clients:assignment-swap": assignment_post("assignment-swap", step=True),
    "clients:assignment-end": assignment_post("assignment-end"),
    "clients:advanced-unlock": Route(
        CLIENT, path=lambda w: client_url(w, "advanced-unlock"), method="post", status=302
    ),
    "clients:advanced-lock": Route(
        CLIENT, path=lambda w: client_url(w, "advanced-lock"), method="post", status=302
    ),
    "clients:alert-handle": Route(
        CLIENT,
        path=lambda w: reverse("clients:alert-handle", args=[w.client.pk, w.alert.pk]),
        method="post",
        status=302,
    ),
    # The chosen clients a visitor may not handle are simply left out of the page.
    "clients:assign-many": Route(TRAINER),
    "clients:session-reply": Route(
        CLIENT,
        path=lambda w: reverse("clients:session-reply", args=[w.client.pk, w.session_log.pk]),
        method="post",
        data=lambda w: {f"reply-{w.session_log.pk}-text": "Well done: keep the hold gentle."},
        status=302,
    ),
    "clients:link-issue": Route(
        CLIENT, path=lambda w: client_url(w, "link-issue"), method="post", status=302
    ),
    "clients:link-revoke": Route(
        CLIENT, path=lambda w: client_url(w, "link-revoke"), method="post", status=302
    ),
    "clients:link-qr": Route(CLIENT, path=lambda w: client_url(w, "link-qr")),
    "clients:link-email": Route(
        CLIENT, path=lambda w: client_url(w, "link-email"), method="post", status=302
    ),
    # The practice (tests/test_practice_team.py has the rules behind these answers)
    "clients:practice-dashboard": Route(OWNERS),
    "clients:practice-team": Route(OWNERS),
    "clients:practice-invite": Route(
        OWNERS, method="post", data={"email": "new@example.com"}, status=302
    ),
    "clients:practice-member-remove": Route(
        OWNER_ONLY,
        path=lambda w: reverse("clients:practice-member-remove", args=[w.colleague.membership.pk]),
        method="post",
        status=302,
    ),
    "clients:practice-member-role": Route(
        OWNER_ONLY,
        path=lambda w: reverse("clients:practice-member-role", args=[w.colleague.membership.pk]),
        method="post",
        data={"role": "owner"},
        status=302,
    ),
    "clients:invitation-accept": Route(
        PUBLIC, path=lambda w: reverse("clients:invitation-accept", args=[w.invitation_token])
    ),
    "clients:practice-cover": Route(TRAINER),
    "clients:practice-cover-end": Route(
        PERSONAL,
        path=lambda w: reverse("clients:practice-cover-end", args=[w.cover.pk]),
        method="post",
        status=302,
    ),
    "clients:practice-library": Route(TRAINER),
    "clients:practice-details": Route(
        OWNERS, method="post", data={"name": "Studio", "contact_line": "12 High St"}, status=302
    ),
    "clients:practice-routine-share": Route(
        PERSONAL,
        path=lambda w: reverse("clients:practice-routine-share", args=[w.routine.pk]),
        method="post",
        data={"shared": "on"},
        status=302,
    ),
    "clients:practice-stretch-share": Route(
        PERSONAL,
        path=lambda w: reverse("clients:practice-stretch-share", args=[w.private_stretch.pk]),
        method="post",
        data={"shared": "on"},
        status=302,
    ),
    "clients:practice-routine-copy": Route(
        COLLEAGUES,
        path=lambda w: reverse("clients:practice-routine-copy", args=[w.shared_routine.pk]),
        method="post",
        status=302,
    ),
    "clients:practice-stretch-copy": Route(
        COLLEAGUES,
        path=lambda w: reverse("clients:practice-stretch-copy", args=[w.shared_stretch.pk]),
        method="post",
        status=302,
    ),
    "clients:client-transfer": Route(
        OWNER_ONLY,
        path=lambda w: client_url(w, "client-transfer"),
        method="post",
        data=lambda w: {"trainer": w.owner.pk},
        status=302,
    ),
    # Clients and intake
    "clients:client-list": Route(TRAINER),
    "clients:client-create": Route(TRAINER),
    "clients:client-detail": Route(CLIENT, path=lambda w: w.client.get_absolute_url()),
    "clients:client-edit": Route(CLIENT, path=lambda w: client_url(w, "client-edit")),
    "clients:client-archive": Route(
        CLIENT, path=lambda w: client_url(w, "client-archive"), method="post", status=302
    ),
    "clients:client-erase": Route(CLIENT, path=lambda w: client_url(w, "client-erase")),
    "clients:access-history": Route(CLIENT, path=lambda w: client_url(w, "access-history")),
    "clients:client-export-json": Route(CLIENT, path=lambda w: client_url(w, "client-export-json")),
    "clients:client-export-csv": Route(CLIENT, path=lambda w: client_url(w, "client-export-csv")),
    "clients:intake-create": Route(CLIENT, path=lambda w: client_url(w, "intake-create")),
    "clients:intake-check": Route(
        CLIENT,
        path=lambda w: client_url(w, "intake-check"),
        method="post",
        data={"refer_flags": ["cancer"]},
    ),
    "clients:intake-detail": Route(CLIENT, path=lambda w: w.intake.get_absolute_url()),
    # The short re-assessment (its POST: tests/test_reassessment.py).
    "clients:reassessment-create": Route(
        CLIENT, path=lambda w: client_url(w, "reassessment-create")
    ),
    "clients:clearance-create": Route(
        CLIENT,
        path=lambda w: reverse("clients:clearance-create", args=[w.client.pk, w.intake.pk]),
        method="post",
        data=lambda w: {"cleared_by": "Dr Owner", "cleared_on": timezone.localdate().isoformat()},
        status=302,
    ),
    "clients:red-flag-clearance": Route(
        CLIENT,
        path=lambda w: client_url(w, "red-flag-clearance"),
        method="post",
        data=lambda w: {
            "report-cleared_by": "Dr Owner",
            "report-cleared_on": timezone.localdate().isoformat(),
        },
        status=302,
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
    """A practice of three (an owner, the client's own trainer, a colleague), the own trainer
    with one of everything, and a trainer of another practice who owns nothing of theirs."""

    def __init__(self):
        self.owner = make_trainer("owner", first_name="Owner")
        practice = self.owner.membership.practice
        self.own = make_trainer("tess", first_name="Tess", practice=practice)
        self.colleague = make_trainer("colin", first_name="Colin", practice=practice)
        self.other = make_trainer("intruder", first_name="Intruder")
        self.staff = make_trainer("editor", is_staff=True, is_superuser=True)
        self.client = make_client(self.own, name="Owned Client", email="owned@example.com")
        self.intake = make_intake(self.client, red_flags=["cancer"], notes="Secret intake note")
        self.private_stretch = make_stretch(self.own, name="Tess's Secret Stretch")
        self.library_stretch = Stretch.objects.get(slug="kneeling-lunge", owner=None)
        stretches = [self.library_stretch, Stretch.objects.get(slug="pigeon-pose")]
        self.routine = make_routine(self.own, name="Tess's Secret Routine", stretches=stretches)
        self.step = self.routine.steps.first()
        self.shared_stretch = make_stretch(
            self.own, name="Tess's shared stretch", shared_with_practice=True
        )
        self.shared_routine = make_routine(
            self.own,
            name="Tess's shared routine",
            stretches=[self.shared_stretch, self.library_stretch],
            shared_with_practice=True,
        )
        # The owner assigns from their own routines, never from another trainer's.
        self.owner_routine = make_routine(self.owner, name="Owner routine", stretches=stretches)
        MedicalClearance.objects.create(
            intake=self.intake, cleared_by="GP", cleared_on=timezone.localdate()
        )
        self.client.refresh_from_db()
        self.assignment = assigning.assign(self.client, self.routine, weekdays=list(range(7)))
        self.link = share_links.issue_link(self.client)
        self.alert = Alert.objects.create(client=self.client, kind="pain_high")
        self.session_log = SessionLog.objects.create(
            assignment=self.assignment,
            client=self.client,
            session_date=timezone.localdate(),
            status="done",
            note="Felt tight",
        )
        self.own_session = TrainerSession.objects.create(
            user=self.own, session_key="k" * 32, user_agent="Firefox on Linux"
        )
        self.reminder = ReminderPreference.objects.create(
            client=self.client, time_of_day="08:00", weekdays=[0], unsubscribe_token="u" * 32
        )
        _, self.invitation_token = invite(practice, "new@example.com", self.owner)
        # Not running yet: the colleague must not see Tess's clients through it.
        tomorrow = timezone.localdate() + timedelta(days=1)
        self.cover = Cover.objects.create(
            trainer=self.own, covered_by=self.colleague, starts_on=tomorrow, ends_on=tomorrow
        )
        self.actor = None  # who makes the request (set by visit)

    def user(self, role):
        return {
            "anonymous": None,
            "other_practice": self.other,
            "colleague": self.colleague,
            "owner": self.owner,
            "own_trainer": self.own,
        }[role]

    def routine_of_actor(self):
        return self.owner_routine if self.actor == self.owner else self.routine

    def photo_url(self, stretch):
        """The stretch's address of a stored photo (made only by the tests that fetch it)."""
        if not stretch.photo:
            stretch.photo.save("x.webp", ContentFile(photo_bytes("WEBP")))
        return stretch.photo.url


@pytest.fixture
def world(db):
    return World()


def request(client, route, name, world):
    path = route.path(world) if route.path else reverse(name)
    data = route.data(world) if callable(route.data) else route.data
    return getattr(client, route.method)(path, data)


def visit(client, world, name, role):
    world.actor = world.user(role)
    if world.actor is not None:
        client.force_login(world.actor)
    return request(client, ROUTES[name], name, world)


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


SECRETS = ["Owned Client", "Secret Stretch", "Secret Routine", "Secret intake note"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_visitor_gets_the_answer_in_the_table(client, world, name, role):
    route = ROUTES[name]
    expected = route.expected(role)
    response = visit(client, world, name, role)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
        return
    assert response.status_code == expected
    if expected == 404 or (role == "other_practice" and route.access != PUBLIC):
        page = response.content.decode()
        assert not [secret for secret in SECRETS if secret in page]


def test_the_table_sends_every_kind_of_visitor_somewhere_different():
    """The roles are told apart: a row kind that answered the same to all would test nothing."""
    assert ANSWERS[CLIENT] != ANSWERS[PERSONAL] != ANSWERS[TRAINER]
    assert ANSWERS[CLIENT][ROLES.index("colleague")] == 404
    assert ANSWERS[CLIENT][ROLES.index("owner")] == OK


# Stored stretch photos (/media/stretches/<random name>): who may see the stretch may see its
# photo. A private stretch is its trainer's; shared with the practice, its colleagues' too (the
# practice library shows it to them). No login is asked (clients' pages reach private photos
# with a day's grant, tests/test_photo_storage.py): anyone else gets 404.
# fmt: off
PHOTOS = {
    #                    anonymous  other practice  colleague  owner  own trainer
    "library_stretch": (200,       200,            200,       200,   200),
    "private_stretch": (404,       404,            404,       404,   200),
    "shared_stretch":  (404,       404,            200,       200,   200),
}
# fmt: on


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("stretch", sorted(PHOTOS))
def test_every_visitor_gets_the_photo_answer_in_the_table(client, world, stretch, role):
    url = world.photo_url(getattr(world, stretch))
    world.actor = world.user(role)
    if world.actor is not None:
        client.force_login(world.actor)
    response = client.get(url)
    assert response.status_code == PHOTOS[stretch][ROLES.index(role)]
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"RIFF")  # the WebP itself


ADMIN_PAGES = ["admin:index", "admin:auth_user_changelist"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_is_for_staff_with_a_second_factor(client, world, name):
    path = reverse(name)
    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].split("?")[0] in {reverse("admin:login"), reverse("login")}
    client.force_login(world.own)
    assert client.get(path)["Location"].startswith(reverse("admin:login"))
    client.force_login(world.staff)  # password only: set up the authenticator first
    assert client.get(path)["Location"].startswith(reverse("two-factor-setup"))
    sign_in_with_second_factor(client, world.staff)
    assert client.get(path).status_code == 200
