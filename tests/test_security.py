"""Account controls and the audit trail, attacked through the public surface."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse

from clients.models import AuditEvent
from tests.factories import (
    add_authenticator,
    current_code,
    make_client,
    make_intake,
    make_trainer,
)
from trainer_site.models import TrainerSession
from trainer_site.sessions import LAST_SEEN, STARTED

PASSWORD = "calm-hips-2026"


@pytest.fixture
def tess(db):
    return make_trainer("tess", password=PASSWORD, first_name="Tess")


def sign_in(client, username, password, ip="198.51.100.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# --- Lockout (django-axes) ------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_from_every_address(client, tess):
    for _ in range(4):
        assert sign_in(client, "tess", "wrong").status_code == 200
    assert sign_in(client, "tess", "wrong").status_code == 429  # the fifth failure locks
    locked = sign_in(client, "tess", PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert sign_in(client, "tess", PASSWORD, ip="203.0.113.50").status_code == 429


def test_one_address_guessing_many_usernames_is_locked(client, tess):
    for n in range(5):
        sign_in(client, f"nobody{n}", "guess", ip="192.0.2.66")
    assert sign_in(client, "tess", PASSWORD, ip="192.0.2.66").status_code == 429
    assert sign_in(client, "tess", PASSWORD, ip="192.0.2.67").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, tess):
    for _ in range(4):
        sign_in(client, "tess", "wrong")
    assert sign_in(client, "tess", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        sign_in(client, "tess", "wrong")
    assert sign_in(client, "tess", PASSWORD).status_code == 302


def test_the_lockout_cools_off(client, tess, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(5):
        sign_in(client, "tess", "wrong")
    assert sign_in(client, "tess", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )
    assert sign_in(client, "tess", PASSWORD).status_code == 302


# --- Two-factor sign-in --------------------------------------------------------------------------


def test_with_an_authenticator_the_password_alone_opens_nothing(client, tess):
    device = add_authenticator(tess)
    response = sign_in(client, "tess", PASSWORD)
    assert response.status_code == 302
    dashboard = client.get(reverse("clients:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(reverse("two-factor-verify"))
    clients_page = client.get(reverse("clients:client-list"))
    assert clients_page["Location"].startswith(reverse("two-factor-verify"))

    verify = reverse("two-factor-verify") + "?next=/clients/"
    wrong = client.post(
        verify, {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 422
    assert "did not match" in wrong.content.decode()
    too_soon = client.post(verify, {"code": current_code(device)})
    assert (
        too_soon.status_code == 429
    )  # django-otp slows guessing: 1 s after a failure, then 2, 4...
    # Let that delay pass.
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=5)
    device.save()
    right = client.post(verify, {"code": current_code(device), "next": "/clients/"})
    assert right.status_code == 302 and right["Location"] == "/clients/"
    assert client.get(reverse("clients:client-list")).status_code == 200


def test_the_verify_page_never_redirects_off_site(client, tess):
    device = add_authenticator(tess)
    sign_in(client, "tess", PASSWORD)
    response = client.post(
        reverse("two-factor-verify"), {"code": current_code(device), "next": "https://evil.test/"}
    )
    assert response["Location"] == reverse("clients:dashboard")


@pytest.mark.parametrize("target", ["dashboard2", "logout", "admin:index", "clients"])
def test_the_verify_page_treats_a_bare_word_next_as_no_next(client, tess, target):
    device = add_authenticator(tess)
    sign_in(client, "tess", PASSWORD)
    verify = reverse("two-factor-verify")
    page = client.get(verify, {"next": target})
    assert page.status_code == 200
    response = client.post(verify, {"code": current_code(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:dashboard")


def test_setting_up_two_factor_needs_a_correct_code_and_ends_other_sessions(client, tess):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    other_browser = Client()
    sign_in(other_browser, "tess", PASSWORD)
    sign_in(client, "tess", PASSWORD)
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=tess, confirmed=False)
    refused = client.post(reverse("two-factor-setup"), {"code": "12345x"})
    assert refused.status_code == 422
    client.post(reverse("two-factor-setup"), {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("clients:dashboard")).status_code == 200  # this session is verified
    assert other_browser.get(reverse("clients:dashboard")).status_code == 302  # the other one ended


# --- Session lifetime and the list of sessions ---------------------------------------------------


@pytest.mark.parametrize(
    ("started_hours_ago", "idle_minutes", "signed_out"),
    [(7.9, 59, False), (8.1, 1, True), (2, 61, True)],
)
def test_sessions_end_after_8_hours_or_an_idle_hour(
    client, tess, started_hours_ago, idle_minutes, signed_out
):
    sign_in(client, "tess", PASSWORD)
    session = client.session
    now = time.time()
    session[STARTED] = now - started_hours_ago * 3600
    session[LAST_SEEN] = now - idle_minutes * 60
    session.save()
    response = client.get(reverse("clients:dashboard"))
    assert (response.status_code == 302) == signed_out
    if signed_out:
        assert response["Location"].startswith(reverse("login"))
        assert client.get(reverse("clients:dashboard")).status_code == 302


def test_a_trainer_sees_and_ends_their_other_sessions(client, tess):
    from django.test import Client

    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 15) Chrome/140 Mobile")
    sign_in(phone, "tess", PASSWORD)
    sign_in(client, "tess", PASSWORD)
    page = client.get(reverse("account-security")).content.decode()
    assert "Chrome on Android" in page and "This browser" in page
    phone_session = TrainerSession.objects.get(user_agent__contains="Android")
    client.post(reverse("session-end", args=[phone_session.pk]))
    assert phone.get(reverse("clients:dashboard")).status_code == 302
    assert client.get(reverse("clients:dashboard")).status_code == 200


def test_sign_out_forgets_the_session(client, tess):
    sign_in(client, "tess", PASSWORD)
    assert TrainerSession.objects.filter(user=tess).count() == 1
    client.post(reverse("logout"))
    assert not TrainerSession.objects.filter(user=tess).exists()


def test_messages_naming_a_client_stay_on_the_server(client, tess):
    client.force_login(tess)
    alex = make_client(tess, name="Alex Client")
    erased = client.post(
        reverse("clients:client-erase", args=[alex.pk]), {"confirm_name": "Alex Client"}
    )
    assert erased.status_code == 302
    assert "messages" not in erased.cookies
    assert all("Alex" not in morsel.value for morsel in erased.cookies.values())
    assert "Alex Client and all their records were erased" in client.get(erased["Location"]).text


# --- Audit trail ---------------------------------------------------------------------------------


def test_viewing_changing_exporting_and_erasing_are_audited_without_values(client, tess):
    client.force_login(tess)
    alex = make_client(tess, name="Alex Client")
    intake = make_intake(alex, pain_now=9, notes="Secret intake words")
    client.get(alex.get_absolute_url())
    client.get(intake.get_absolute_url())
    client.get(reverse("clients:client-export-json", args=[alex.pk]))
    client.post(
        reverse("clients:client-edit", args=[alex.pk]), {"name": "Alex Client", "notes": "x"}
    )
    client.post(reverse("clients:client-erase", args=[alex.pk]), {"confirm_name": "Alex Client"})
    events = list(AuditEvent.objects.filter(client_ref=alex.pk).order_by("pk"))
    assert [e.action for e in events] == ["viewed", "viewed", "exported", "changed", "erased"]
    assert all(e.actor == tess and e.trainer == tess for e in events)
    text = " ".join(e.subject for e in events)
    text = text.replace(f"{intake.assessed_on:%d %b %Y}", "")  # which intake: its date, any day
    assert "9" not in text and "Secret" not in text and "Alex" not in text


def test_the_trainer_sees_their_clients_access_history_and_nobody_elses(client, tess):
    alex = make_client(tess, name="Alex Client")
    make_intake(alex)
    client.force_login(tess)
    client.get(alex.get_absolute_url())
    history_url = reverse("clients:access-history", args=[alex.pk])
    history = client.get(history_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Tess viewed client page with the latest intake" in history
    assert "<nav" not in history
    assert "Tess viewed" in client.get(history_url).content.decode()  # without JS: a page
    otto = make_trainer("otto", first_name="Otto")
    client.force_login(otto)
    assert client.get(alex.get_absolute_url()).status_code == 404
    assert client.get(history_url).status_code == 404
    assert not AuditEvent.objects.filter(actor=otto).exists()
