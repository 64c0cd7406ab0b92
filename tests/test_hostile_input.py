"""Property-based attacks (Hypothesis): random and hostile values (NUL characters and integers
of any size included) at every form and HTMX endpoint, every page's query string and the tokens
in private-link and unsubscribe paths. Never a 500; always a 4xx with a message or a clean save;
whatever was stored renders escaped. The suite runs on SQLite and PostgreSQL."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clients import assigning, share_links
from clients.models import MedicalClearance
from routines.models import Stretch
from tests.factories import (
    add_authenticator,
    make_client,
    make_intake,
    make_routine,
    make_stretch,
    make_trainer,
    sign_in_with_second_factor,
)

MARKUP = "<script>alert(1)</script>"
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            MARKUP,
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "\u202e\u0000\ufeff",
            "𝕏" * 120,
            "9" * 400,
            "-1",
            "1e309",
            "NaN",
            "-0",
            "2026-02-30",
            "25:61",
            "   ",
            "x" * 1_100_000,  # over the 1 MB request limit
            "y" * 200_000,
        ]
    ),
    # NUL characters, which PostgreSQL cannot store, alone and inside ordinary values.
    st.sampled_from(["\x00", "a\x00b", "1\x00", "\x00" * 20, "2026-09-01\x00"]),
    st.text(max_size=20).map(lambda text: text + "\x00"),
    # Integers of any size: past 2**63 neither SQLite nor PostgreSQL can hold them.
    st.integers().map(str),
    st.sampled_from([str(2**63), str(2**63 - 1), str(-(2**63) - 1), str(10**30), "9" * 40]),
    # Several values for one field, as a multi-select sends them.
    st.lists(st.one_of(st.text(max_size=20), st.integers().map(str)), max_size=3),
)
ACCEPTABLE = {200, 302, 400, 404, 409, 413, 422, 429}
ONE_MB = 1024 * 1024  # the request limit the README and docs/security.md promise
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_form(fields):
    return st.dictionaries(st.sampled_from(fields), hostile_text, max_size=len(fields))


@pytest.fixture
def world(trainer):
    alex = make_client(trainer, name="Alex Client", email="alex@example.com")
    intake = make_intake(alex, red_flags=["cancer"])
    MedicalClearance.objects.create(intake=intake, cleared_by="GP", cleared_on=timezone.localdate())
    alex.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="pigeon-pose")])
    assignment = assigning.assign(alex, routine, weekdays=list(range(7)))
    link = share_links.issue_link(alex)
    return {
        "client": alex,
        "intake": intake,
        "routine": routine,
        "step": routine.steps.get(),
        "assignment": assignment,
        "link": link,
    }


@pytest.fixture
def staff_client(client, db):
    sign_in_with_second_factor(client, make_trainer("curator", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def verifier(db):
    user = make_trainer("verifier")
    add_authenticator(user)
    return user


def post(http, path, data, htmx=False):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = http.post(path, data, **extra)
    assert response.status_code in ACCEPTABLE, (path, response.status_code)
    if response.status_code in {400, 409, 422}:
        assert response.content, "an error needs a message"
    return response


def assert_escaped(http, path):
    html = http.get(path).content.decode()
    assert MARKUP not in html
    assert "<img src=x onerror" not in html


CLIENT_FIELDS = ["name", "email", "phone", "date_of_birth", "age_band", "notes"]
INTAKE_FIELDS = [
    "consent", "assessed_on", "pain_now", "pain_average_week", "pain_worst_week", "pain_areas",
    "pain_duration", "onset", "worse_with", "goal_1", "goal_1_score", "sitting_hours_workday",
    "sitting_hours_day_off", "longest_sitting_minutes", "job_type", "activity_minutes_week",
    "strength_days_week", "under_clinician_care", "clinician_care_details", "emergency_flags",
    "refer_flags", "cautions", "notes",
]  # fmt: skip


@EXAMPLES
@given(data=hostile_form(CLIENT_FIELDS))
def test_client_forms(trainer_client, world, data):
    post(trainer_client, reverse("clients:client-create"), data)
    post(trainer_client, reverse("clients:client-edit", args=[world["client"].pk]), data)
    assert_escaped(trainer_client, reverse("clients:client-list"))


@EXAMPLES
@given(data=hostile_form(INTAKE_FIELDS))
def test_intake_form_and_live_check(trainer_client, world, data):
    pk = world["client"].pk
    post(trainer_client, reverse("clients:intake-create", args=[pk]), data, htmx=True)
    post(trainer_client, reverse("clients:intake-check", args=[pk]), data, htmx=True)
    assert_escaped(trainer_client, world["client"].get_absolute_url())


@EXAMPLES
@given(data=hostile_form(["cleared_by", "cleared_on", "details"]))
def test_clearance_form(trainer_client, world, data):
    client, intake = world["client"], world["intake"]
    post(trainer_client, reverse("clients:clearance-create", args=[client.pk, intake.pk]), data)


@EXAMPLES
@given(
    data=hostile_form(
        [
            "version", "hold_seconds", "repetitions", "sides", "rest_seconds",
            "tempo_contract_seconds", "tempo_release_seconds", "tempo_rest_seconds",
            "client_note", "private_note", "stretch", "position", "order", "direction", "name",
            "goal",
        ]
    )
)  # fmt: skip
def test_builder_endpoints(trainer_client, world, data):
    routine, step = world["routine"], world["step"]
    prefixed = {f"step-{step.pk}-{key}": value for key, value in data.items()}
    prefixed["version"] = data.get("version", "")
    for name, payload in [
        ("step-update", prefixed),
        ("step-add", data),
        ("step-restore", data),
        ("step-reorder", data),
        ("step-move", data),
        ("routine-details", data),
    ]:
        args = [routine.pk, step.pk] if name in {"step-update", "step-move"} else [routine.pk]
        post(trainer_client, reverse(f"routines:{name}", args=args), payload, htmx=True)
    post(trainer_client, reverse("routines:routine-create"), data)
    assert_escaped(trainer_client, routine.get_absolute_url())


@EXAMPLES
@given(
    data=hostile_form(
        ["routine", "sessions_per_day", "weekdays", "starts_on", "ends_on", "expires_on"]
    )
)
def test_assignment_and_link_forms(trainer_client, world, data):
    pk = world["client"].pk
    post(trainer_client, reverse("clients:assignment-create", args=[pk]), data)
    post(trainer_client, reverse("clients:link-issue", args=[pk]), data)


@EXAMPLES
@given(
    data=hostile_form(
        [
            "assignment", "session_number", "status", "pain_before", "pain_after",
            "new_red_flag", "note", "enabled", "time_of_day", "weekdays",
        ]
    ),
    token=st.one_of(st.none(), hostile_text.filter(lambda t: isinstance(t, str) and "/" not in t)),
)  # fmt: skip
def test_the_shared_page_endpoints(client, world, data, token):
    token = world["link"].token if token is None else token
    if not token.strip() or len(token) > 2000:
        token = "x"
    if any(ch in token for ch in "?#%\\") or not token.isprintable():
        token = "x"  # a value no URL path can carry never reaches the app
    for name in ("log", "reminders"):
        post(client, reverse(f"shared:{name}", args=[token]), data, htmx=True)
    assert_escaped(client, world["link"].get_absolute_url())


def test_a_form_post_over_1_mb_is_refused_before_any_form_sees_it(trainer_client):
    response = trainer_client.post(
        reverse("clients:client-create"), {"name": "A", "notes": "x" * (ONE_MB + ONE_MB // 2)}
    )
    assert response.status_code == 413  # from its Content-Length, unread


def test_a_form_post_just_under_1_mb_reaches_the_form(trainer_client):
    response = trainer_client.post(
        reverse("clients:client-create"), {"name": "A", "notes": "x" * (ONE_MB - 1000)}
    )
    assert response.status_code == 422  # the form answered, beside the field
    assert "at most" in response.content.decode()


STRETCH_FIELDS = [
    "name", "summary", "difficulty", "target_areas", "setup", "cues", "you_should_feel",
    "stop_if", "common_mistakes", "props", "caution_tags", "hold_seconds", "repetitions",
    "sides", "tempo_contract_seconds", "tempo_release_seconds", "tempo_rest_seconds",
    "illustration_alt", "video_url", "media_source", "media_author", "media_licence",
    "steps_text",
]  # fmt: skip


@EXAMPLES
@given(data=hostile_form(STRETCH_FIELDS))
def test_own_stretch_forms(trainer_client, trainer, data):
    post(trainer_client, reverse("routines:stretch-create"), data)
    own = make_stretch(owner=trainer, name="My wall stretch")
    post(trainer_client, reverse("routines:stretch-edit", args=[own.slug]), data)
    assert_escaped(trainer_client, reverse("routines:library"))


@EXAMPLES
@given(data=hostile_form([*STRETCH_FIELDS, "slug", "is_published", "illustration"]))
def test_the_admin_stretch_form(staff_client, data):
    from tests.test_library_admin import admin_form

    post(staff_client, reverse("admin:routines_stretch_add"), admin_form(**data))


@EXAMPLES
@given(
    account=hostile_form(["first_name", "email", "username", "password1", "password2"]),
    sign_in=hostile_form(["username", "password"]),
    code=hostile_form(["code", "next"]),
)
def test_account_forms(client, verifier, account, sign_in, code):
    post(client, reverse("signup"), account)
    post(client, reverse("login"), sign_in)
    post(client, reverse("password_reset"), {"email": account.get("email", "")})
    client.force_login(verifier)
    post(client, reverse("two-factor-verify"), code)
    response = client.get(reverse("two-factor-verify"), code)
    assert response.status_code in ACCEPTABLE


@EXAMPLES
@given(
    handle=hostile_form(["client", "reason", "occurrence"]),
    digest=hostile_form(["daily_digest", "digest_time"]),
    erase=hostile_form(["confirm_name"]),
)
def test_dashboard_and_erase_forms(trainer_client, world, handle, digest, erase):
    post(trainer_client, reverse("clients:attention-handle"), handle, htmx=True)
    post(trainer_client, reverse("clients:digest-settings"), digest, htmx=True)
    post(trainer_client, reverse("clients:client-erase", args=[world["client"].pk]), erase)


QUERY_NAMES = [
    "q", "page", "show", "archived", "difficulty", "target", "safe_with", "next", "a", "n",
    "d", "o", "p", "e", "all", "belongs_to", "difficulty__exact", "is_published__exact",
]  # fmt: skip
query_strings = st.dictionaries(
    st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=10)), hostile_text, max_size=4
)


def get(http, path, query, htmx=False):
    extra = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "client-results"} if htmx else {}
    response = http.get(path, query, **extra)
    assert response.status_code in ACCEPTABLE, (path, query, response.status_code)
    if response.status_code == 400:
        assert response.content, "an error needs a message"


@EXAMPLES
@given(query=query_strings)
def test_query_strings_on_every_trainer_page(trainer_client, world, query):
    client, routine = world["client"], world["routine"]
    pages = [
        reverse("clients:dashboard"),
        reverse("clients:attention-history"),
        reverse("clients:client-list"),
        client.get_absolute_url(),
        world["intake"].get_absolute_url(),
        reverse("clients:access-history", args=[client.pk]),
        reverse("clients:client-export-csv", args=[client.pk]),
        reverse("routines:routine-list"),
        routine.get_absolute_url(),
        reverse("routines:builder-library", args=[routine.pk]),
        reverse("routines:library"),
        reverse("routines:stretch-detail", args=["pigeon-pose"]),
        reverse("account-security"),
        reverse("two-factor-setup"),
    ]
    for path in pages:
        get(trainer_client, path, query)
        get(trainer_client, path, query, htmx=True)
    q = query.get("q") if isinstance(query.get("q"), str) else "x"
    path_query = {"q": q}
    get(trainer_client, reverse("clients:client-list"), path_query, htmx=True)


@EXAMPLES
@given(query=query_strings)
def test_query_strings_on_the_admin(staff_client, query):
    for name in ("admin:routines_stretch_changelist", "admin:clients_auditevent_changelist"):
        get(staff_client, reverse(name), query)


@EXAMPLES
@given(query=query_strings, token=hostile_text.filter(lambda value: isinstance(value, str)))
def test_query_strings_and_tokens_on_the_public_pages(client, world, query, token):
    link = world["link"]
    for name in ("today", "calendar", "handout", "qr", "done"):
        get(client, reverse(f"shared:{name}", args=[link.token]), query)
    escaped = quote(token[:3000], safe="")
    for path in (f"/s/{escaped}/", f"/s/{escaped}/print/", f"/reminders/stop/{escaped}/"):
        get(client, path, query)
    response = client.post(f"/reminders/stop/{escaped}/", query)
    assert response.status_code in ACCEPTABLE, (token, response.status_code)
    get(client, reverse("login"), query)
    get(client, reverse("healthz"), query)


# --- NUL characters: PostgreSQL cannot hold them, so every request carrying one gets a 400 ------


def assert_refused_for_nul(response):
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_in_a_private_link_or_unsubscribe_token_is_a_400(client, db):
    assert_refused_for_nul(client.get("/s/%00/"))
    assert_refused_for_nul(client.get("/s/abc%00def/print/"))
    assert_refused_for_nul(client.get("/reminders/stop/%00/"))
    assert_refused_for_nul(client.post("/reminders/stop/%00/"))


@pytest.mark.parametrize(
    "name",
    ["clients:client-list", "routines:routine-list", "routines:library", "clients:dashboard"],
)
def test_a_nul_in_a_search_is_a_400(trainer_client, name):
    assert_refused_for_nul(trainer_client.get(reverse(name), {"q": "\x00"}))
    assert_refused_for_nul(trainer_client.get(reverse(name), {"page": "1", "\x00": "x"}))


def test_a_nul_in_the_builder_library_panel_search_is_a_400(trainer_client, world):
    panel = reverse("routines:builder-library", args=[world["routine"].pk])
    assert_refused_for_nul(trainer_client.get(panel, {"q": "pigeon\x00"}, HTTP_HX_REQUEST="true"))


def test_a_nul_in_a_cookie_header_or_form_field_is_a_400(client, trainer_client, db):
    # Django reads the octal escape of a quoted cookie value: this session key ends in NUL.
    assert_refused_for_nul(client.get(reverse("login"), HTTP_COOKIE='sessionid="abcdefgh\\000"'))
    assert_refused_for_nul(
        trainer_client.get(reverse("clients:dashboard"), HTTP_USER_AGENT="x\x00y")
    )
    assert_refused_for_nul(trainer_client.post(reverse("clients:client-create"), {"name": "A\x00"}))
    assert_refused_for_nul(
        client.post(reverse("login"), {"username": "tess\x00", "password": "whatever-123"})
    )


# --- Numbers too large for any integer column -------------------------------------------------

HUGE = str(10**30)


def test_huge_numbers_in_the_library_forms_multi_selects_are_a_422(trainer_client):
    response = trainer_client.post(
        reverse("routines:stretch-create"),
        {"name": "Huge", "target_areas": [HUGE], "props": [HUGE], "caution_tags": ["-" + HUGE]},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert f"Select a valid choice. {HUGE} is not one of the available choices." in html
    assert not Stretch.objects.filter(name="Huge").exists()


@pytest.mark.parametrize("path", ["/clients/{}/", "/routines/{}/", "/clients/{}/export.csv"])
def test_huge_numbers_in_paths_are_a_404(trainer_client, path):
    assert trainer_client.get(path.format(HUGE)).status_code == 404


# --- Uploads are refused from their Content-Length, before the body is read ---------------------


def declared_body(http, path, megabytes):
    """POST a small multipart body that declares itself `megabytes` long."""
    body = (
        b'--edge\r\nContent-Disposition: form-data; name="photo"; filename="big.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + b"\xff" * 1000 + b"\r\n--edge--\r\n"
    )
    return http.generic(
        "POST",
        path,
        body,
        content_type="multipart/form-data; boundary=edge",
        CONTENT_LENGTH=str(megabytes * 1024 * 1024),
    )


def test_an_upload_over_the_photo_limit_is_refused_unread(trainer_client):
    response = declared_body(trainer_client, reverse("routines:stretch-create"), 60)
    assert response.status_code == 413
    assert "Photos can be at most 5 MB" in response.content.decode()


def test_a_file_posted_to_a_form_without_uploads_is_refused_over_the_form_limit(trainer_client):
    response = declared_body(trainer_client, reverse("clients:client-create"), 2)
    assert response.status_code == 413


def test_a_photo_a_little_over_5_mb_reaches_the_form_and_its_message(trainer_client):
    from tests.images import photo_bytes, upload

    big = photo_bytes("PNG", (10, 10)) + b"\x00" * (5 * 1024 * 1024 + 1000)
    response = trainer_client.post(
        reverse("routines:stretch-create"), {"name": "Big photo", "photo": upload("big.png", big)}
    )
    assert response.status_code == 422
    assert "at most 5 MB" in response.content.decode()
