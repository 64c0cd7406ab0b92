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
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import make_client, make_stretch, make_trainer

PUBLIC, TRAINER, OWNED, ADMIN = "public", "trainer", "owned", "admin"


@dataclass(frozen=True)
class Route:
    access: str
    # Builds the path from the world fixture; by default the URL name reversed without arguments.
    path: Callable | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    anonymous_status: int = 200
    owner_status: int = 200


def reset_confirm_path(world):
    uid = urlsafe_base64_encode(force_bytes(world.owner.pk))
    token = default_token_generator.make_token(world.owner)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


ROUTES = {
    # Project-wide
    "healthz": Route(PUBLIC),
    "favicon": Route(PUBLIC, anonymous_status=301),
    "stretch-media": Route(
        PUBLIC, path=lambda w: reverse("stretch-media", args=["missing.webp"]), anonymous_status=404
    ),
    "signup": Route(PUBLIC),
    "login": Route(PUBLIC),
    "logout": Route(PUBLIC, method="post", anonymous_status=302, owner_status=302),
    "password_reset": Route(PUBLIC),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(PUBLIC, path=reset_confirm_path, anonymous_status=302),
    "password_reset_complete": Route(PUBLIC),
    "password_change": Route(TRAINER),
    "password_change_done": Route(TRAINER),
    "dashboard": Route(TRAINER),
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
    # Clients
    "clients:client-list": Route(TRAINER),
}


def walk_url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk_url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or '<unnamed ' + str(pattern.pattern) + '>'}"


def all_url_names():
    return set(walk_url_names(get_resolver().url_patterns))


class World:
    """One owner with one of everything, and another trainer who owns nothing of theirs."""

    def __init__(self):
        self.owner = make_trainer("owner", first_name="Owner")
        self.other = make_trainer("intruder", first_name="Intruder")
        self.staff = make_trainer("editor", is_staff=True, is_superuser=True)
        self.client = make_client(self.owner, name="Owned Client")
        self.private_stretch = make_stretch(self.owner, name="Owner's Secret Stretch")


@pytest.fixture
def world(db):
    return World()


def request(client, route, name, world):
    path = route.path(world) if route.path else reverse(name)
    return getattr(client, route.method)(path, route.data)


def test_every_url_is_classified():
    unclassified = {
        name for name in all_url_names() if not name.startswith("admin:") and name not in ROUTES
    }
    assert not unclassified, f"Add these URLs to ROUTES in {__file__}: {sorted(unclassified)}"


def test_no_stale_rows_in_the_matrix():
    assert set(ROUTES) <= all_url_names()


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


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.access != PUBLIC))
def test_owner(client, world, name):
    client.force_login(world.owner)
    response = request(client, ROUTES[name], name, world)
    assert response.status_code == ROUTES[name].owner_status


ADMIN_PAGES = ["admin:index", "admin:auth_user_changelist"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_is_for_staff_only(client, world, name):
    path = reverse(name)
    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].split("?")[0] in {reverse("admin:login"), reverse("login")}
    client.force_login(world.owner)
    assert client.get(path)["Location"].startswith(reverse("admin:login"))
    client.force_login(world.staff)
    assert client.get(path).status_code == 200
