"""Two-factor sign-in over HTTP: the typed set-up key, a code after a wrong one, recovery codes."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import add_authenticator, current_code, make_trainer

PASSWORD = "calm-hips-2026"
CODE_SHAPE = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>")


@pytest.fixture
def tess(db):
    return make_trainer("tess", password=PASSWORD, first_name="Tess")


def sign_in(http, username="tess"):
    response = http.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def wrong_code(device):
    return "000000" if current_code(device) != "000000" else "111111"


def let_the_wait_pass(device):
    """Move the last failure back in time instead of sleeping: the test does not depend on load."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=2**device.throttling_failure_count)
    device.save(update_fields=["throttling_failure_timestamp"])


def turn_on(http):
    """Set up two-factor sign-in as a user does; returns the device and the recovery codes."""
    http.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user__username="tess", confirmed=False)
    page = http.post(reverse("two-factor-setup"), {"code": current_code(device)})
    assert page.status_code == 200
    device.refresh_from_db()
    return device, CODE_SHAPE.findall(page.content.decode())


def signed_in_again():
    """Another browser, signed in with the password: at the code page."""
    browser = Client()
    sign_in(browser)
    return browser


def verify(http, **data):
    return http.post(reverse("two-factor-verify"), data)


# --- The set-up key -----------------------------------------------------------------------------


def test_the_key_to_type_is_base32_in_groups_of_four_and_makes_working_codes(client, tess):
    sign_in(client)
    page = client.get(reverse("two-factor-setup")).content.decode()
    key = re.search(r'id="setup-key"[^>]*>([^<]+)<', page).group(1).strip()
    groups = key.split(" ")
    assert len(groups) == 8 and all(re.fullmatch(r"[A-Z2-7]{4}", group) for group in groups)
    secret = b32decode("".join(groups))
    # What an authenticator app computes from the typed key is accepted.
    typed_code = f"{totp(secret):06d}"
    response = client.post(reverse("two-factor-setup"), {"code": typed_code})
    assert response.status_code == 200
    assert "Your recovery codes" in response.content.decode()
    assert TOTPDevice.objects.get(user=tess).confirmed


def test_an_app_code_typed_with_its_space_is_accepted(client, tess):
    device = add_authenticator(tess)
    sign_in(client)
    code = current_code(device)
    response = verify(client, code=f"{code[:3]} {code[3:]}", next="/clients/")
    assert response.status_code == 302 and response["Location"] == "/clients/"


# --- A correct code after a wrong one ----------------------------------------------------------


def test_a_correct_code_right_after_a_wrong_one_is_told_to_wait_then_accepted(client, tess):
    device = add_authenticator(tess)
    sign_in(client)
    wrong = verify(client, code=wrong_code(device))
    assert wrong.status_code == 422
    assert "did not match" in wrong.content.decode()

    right_code = current_code(device)
    right_too_soon = verify(client, code=right_code, next="/clients/")
    assert right_too_soon.status_code == 429
    assert right_too_soon["Retry-After"] == "1"
    page = right_too_soon.content.decode()
    assert "Wait 1 second, then try again." in page
    assert "did not match" not in page  # it was not checked, so it is not called wrong
    assert 'data-retry-after="1"' in page  # the page sends it again when the wait is over
    assert f'value="{right_code}"' in page  # the code is kept for that

    let_the_wait_pass(device)
    right = verify(client, code=right_code, next="/clients/")
    assert right.status_code == 302 and right["Location"] == "/clients/"


def test_the_guessing_limit_is_as_strict_as_before(client, tess):
    device = add_authenticator(tess)
    sign_in(client)
    for attempt in range(3):
        assert verify(client, code=wrong_code(device)).status_code == 422
        if attempt < 2:
            let_the_wait_pass(device)
    # Three wrong codes in a row cost 4 s before the next code is checked; 3 s have passed.
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=3)
    device.save(update_fields=["throttling_failure_timestamp"])
    response = verify(client, code=current_code(device))
    assert response.status_code == 429
    assert "Wait 1 second" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 3  # an unchecked code changes nothing


def test_the_set_up_code_typed_again_to_sign_in_is_called_used_not_wrong(client, tess):
    sign_in(client)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=tess, confirmed=False)
    set_up_code = current_code(device)
    assert client.post(reverse("two-factor-setup"), {"code": set_up_code}).status_code == 200
    browser = signed_in_again()  # the app may still show the same code
    response = verify(browser, code=set_up_code)
    assert response.status_code == 422
    assert "That code has been used already. Wait for the next one" in response.content.decode()


def test_setting_up_shows_the_wait_too(client, tess):
    sign_in(client)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=tess, confirmed=False)
    client.post(reverse("two-factor-setup"), {"code": wrong_code(device)})
    response = client.post(reverse("two-factor-setup"), {"code": current_code(device)})
    assert response.status_code == 429
    assert "Wait 1 second" in response.content.decode()
    let_the_wait_pass(device)
    assert (
        client.post(reverse("two-factor-setup"), {"code": current_code(device)}).status_code == 200
    )


# --- Recovery codes ----------------------------------------------------------------------------


def test_ten_recovery_codes_are_shown_once_after_set_up(client, tess):
    sign_in(client)
    _, codes = turn_on(client)
    assert len(codes) == len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=tess).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in codes}
    security = client.get(reverse("account-security")).content.decode()
    assert "10 unused recovery codes left" in security
    assert not any(code in security for code in codes)  # never shown again


def test_set_up_for_the_admin_continues_to_the_admin_after_the_codes(client, db):
    make_trainer("tess", password=PASSWORD, is_staff=True)
    sign_in(client)
    client.get(reverse("two-factor-setup") + "?next=/admin/")
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post(
        reverse("two-factor-setup"), {"code": current_code(device), "next": "/admin/"}
    )
    assert 'href="/admin/"' in page.content.decode()
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(client, tess):
    sign_in(client)
    _, codes = turn_on(client)
    browser = signed_in_again()
    response = verify(browser, recovery_code=codes[0], next="/clients/")
    assert response.status_code == 302 and response["Location"] == "/clients/"
    page = browser.get("/clients/").content.decode()
    assert "Signed in with a recovery code, which now no longer works. 9 recovery codes left." in (
        page
    )

    again = signed_in_again()
    refused = verify(again, recovery_code=codes[0])
    assert refused.status_code == 422
    assert "That recovery code is not valid, or has been used." in refused.content.decode()
    assert again.get("/clients/").status_code == 302  # still at the code page
    assert StaticToken.objects.filter(device__user=tess).count() == 9


def test_a_recovery_code_may_be_typed_without_its_dash_in_capitals(client, tess):
    sign_in(client)
    _, codes = turn_on(client)
    browser = signed_in_again()
    typed = codes[3].replace("-", " ").upper()
    assert verify(browser, recovery_code=typed).status_code == 302


def test_wrong_recovery_codes_are_slowed_like_app_codes(client, tess):
    sign_in(client)
    _, codes = turn_on(client)
    browser = signed_in_again()
    assert verify(browser, recovery_code="aaaa-aaaa").status_code == 422
    response = verify(browser, recovery_code=codes[0])
    assert response.status_code == 429
    assert "Wait 1 second" in response.content.decode()
    assert StaticToken.objects.filter(device__user=tess).count() == 10  # not used up


def test_app_codes_and_recovery_codes_keep_separate_counts(client, tess):
    sign_in(client)
    device, codes = turn_on(client)
    browser = signed_in_again()
    # A wrong app code does not slow the recovery codes, and signing in with the app does not
    # count as a failed recovery code (django_otp.match_token would have done both).
    assert verify(browser, code=wrong_code(device)).status_code == 422
    assert verify(browser, recovery_code=codes[0]).status_code == 302
    let_the_wait_pass(device)
    other = signed_in_again()
    assert verify(other, code=current_code(device, 1)).status_code == 302
    recovery = StaticDevice.objects.get(user=tess)
    assert recovery.throttling_failure_count == 0


def test_new_recovery_codes_replace_the_old_ones(client, tess):
    sign_in(client)
    _, old_codes = turn_on(client)
    page = client.post(reverse("recovery-codes-regenerate"))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    new_codes = CODE_SHAPE.findall(page.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "The old ones no longer work." in page.content.decode()

    browser = signed_in_again()
    assert verify(browser, recovery_code=old_codes[1]).status_code == 422
    let_the_wait_pass(StaticDevice.objects.get(user=tess))
    assert verify(browser, recovery_code=new_codes[1]).status_code == 302


def test_making_new_codes_keeps_a_session_signed_in_with_a_recovery_code(client, tess):
    sign_in(client)
    _, codes = turn_on(client)
    browser = signed_in_again()
    verify(browser, recovery_code=codes[0])
    assert browser.post(reverse("recovery-codes-regenerate")).status_code == 200
    assert browser.get(reverse("account-security")).status_code == 200  # still verified


def test_making_new_codes_needs_two_factor_on(client, tess):
    sign_in(client)
    response = client.post(reverse("recovery-codes-regenerate"))
    assert response.status_code == 302
    assert not StaticToken.objects.exists()


def test_few_recovery_codes_left_is_flagged_on_the_security_page(client, tess):
    sign_in(client)
    turn_on(client)
    StaticToken.objects.filter(pk__in=StaticToken.objects.values("pk")[:8]).delete()
    page = client.get(reverse("account-security")).content.decode()
    assert "2 unused recovery codes left: make new ones before you run out" in page


def test_staff_signed_in_with_a_recovery_code_may_use_the_admin(client, db):
    make_trainer("tess", password=PASSWORD, is_staff=True, is_superuser=True)
    sign_in(client)
    _, codes = turn_on(client)
    browser = signed_in_again()
    assert browser.get("/admin/")["Location"].startswith(reverse("two-factor-verify"))
    verify(browser, recovery_code=codes[0])
    assert browser.get("/admin/").status_code == 200


def test_turning_off_with_a_recovery_code_removes_the_app_and_the_codes(client, tess):
    sign_in(client)
    _, codes = turn_on(client)
    response = client.post(reverse("two-factor-disable"), {"code": codes[2]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=tess).exists()
    assert not StaticDevice.objects.filter(user=tess).exists()
    assert not StaticToken.objects.exists()


def test_turning_off_needs_a_valid_code(client, tess):
    sign_in(client)
    device, _ = turn_on(client)
    client.post(reverse("two-factor-disable"), {"code": wrong_code(device)})
    assert TOTPDevice.objects.filter(user=tess).exists()
    assert StaticToken.objects.filter(device__user=tess).count() == 10
