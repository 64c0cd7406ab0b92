from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.helpers import collect_console_errors, sign_in
from tests.factories import make_trainer

PASSWORD = "calm-hips-2026"


def authenticator_code(typed_key, steps_ahead=0):
    """What an authenticator app shows after the key was typed into it by hand."""
    return f"{totp(b32decode(typed_key.replace(' ', '')), drift=steps_ahead):06d}"


def turn_on_two_factor(page, live_server):
    """Set up the app from the key shown on the page; returns the key, the code typed to turn it
    on and the recovery codes."""
    page.goto(f"{live_server.url}/accounts/security/")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    typed_key = page.locator("#setup-key").inner_text()
    set_up_code = authenticator_code(typed_key)
    page.get_by_label("6-digit code from your authenticator app").fill(set_up_code)
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="10 recovery codes, shown only now")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_text("10 unused recovery codes left")).to_be_visible()
    return typed_key, set_up_code, [code.strip() for code in codes]


def sign_in_to_the_code_page(page, live_server):
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/accounts/login/?next=/clients/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One more step")


def test_trainer_types_the_shown_key_into_an_app_and_signs_in_with_its_codes(live_server, page):
    make_trainer("tess", password=PASSWORD, first_name="Tess")
    errors = collect_console_errors(page)
    sign_in(page, live_server, "tess", PASSWORD)
    typed_key, set_up_code, _ = turn_on_two_factor(page, live_server)

    sign_in_to_the_code_page(page, live_server)
    code_field = page.get_by_label("6-digit code from your authenticator app")
    # Straight away the app may still show the set-up code: it is refused as used, not as wrong.
    code_field.fill(set_up_code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code has been used already.")).to_be_visible()
    # The app's next code, typed with the space apps show, and then after the wait the page
    # sends it again by itself.
    next_code = authenticator_code(typed_key, steps_ahead=1)
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{next_code[:3]} {next_code[3:]}"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")
    # Only the 429 "wait" answer may show as a failed request: nothing else went wrong.
    assert [error for error in errors if "two-factor/verify" not in error] == []


def test_a_recovery_code_signs_in_once_and_is_refused_the_second_time(live_server, page):
    make_trainer("tess", password=PASSWORD, first_name="Tess")
    sign_in(page, live_server, "tess", PASSWORD)
    _, _, codes = turn_on_two_factor(page, live_server)

    sign_in_to_the_code_page(page, live_server)
    page.get_by_text("Lost your phone? Use a recovery code").click()
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Sign in with a recovery code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")
    expect(page.get_by_text("9 recovery codes left.")).to_be_visible()

    sign_in_to_the_code_page(page, live_server)
    page.get_by_text("Lost your phone? Use a recovery code").click()
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Sign in with a recovery code").click()
    expect(page.get_by_text("That recovery code is not valid, or has been used.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("One more step")

    # A new set from Account security: the old codes stop working, a new one signs in.
    page.get_by_label("Recovery code").fill(codes[1])
    page.get_by_role("button", name="Sign in with a recovery code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")
    page.get_by_role("link", name="Tess", exact=True).click()
    expect(page.get_by_text("8 unused recovery codes left")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(
        page.get_by_text("New recovery codes made. The old ones no longer work.")
    ).to_be_visible()
    new_codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(new_codes) == 10 and codes[2] not in new_codes


def test_the_right_code_right_after_a_wrong_one_gets_through(live_server, page, settings):
    # django-otp waits 2^(n-1) x this many seconds after n wrong codes; 5 s rather than 1 s makes
    # sure the right code lands inside the wait however slow the machine is.
    settings.OTP_TOTP_THROTTLE_FACTOR = 5
    make_trainer("tess", password=PASSWORD, first_name="Tess")
    sign_in(page, live_server, "tess", PASSWORD)
    typed_key, _, _ = turn_on_two_factor(page, live_server)
    sign_in_to_the_code_page(page, live_server)
    code_field = page.get_by_label("6-digit code from your authenticator app")
    right = authenticator_code(typed_key, steps_ahead=1)
    code_field.fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code did not match.")).to_be_visible()
    statuses = []
    page.on("response", lambda response: statuses.append(response.status))
    page.get_by_label("6-digit code from your authenticator app").fill(right)
    page.get_by_role("button", name="Continue").click()
    # Sent inside django-otp's wait (429: "Wait 5 seconds"), the page counts down and sends the
    # code again by itself.
    expect(page.get_by_text("Wait")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients", timeout=20_000)
    assert 429 in statuses and 302 in statuses
