from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import collect_console_errors, sign_in
from tests.factories import current_code, make_trainer


def test_trainer_turns_on_two_factor_and_signs_in_with_a_code(live_server, page, browser):
    make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    errors = collect_console_errors(page)
    # A second browser signed in earlier: turning two-factor on ends it.
    laptop = browser.new_context().new_page()
    sign_in(laptop, live_server, "tess", "calm-hips-2026")

    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.get_by_role("link", name="Tess", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account security")
    expect(page.locator(".session-list li")).to_have_count(2)
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(
        page.get_by_role("img", name="QR code to add Psoas Coach to your authenticator app")
    ).to_be_visible()
    device = TOTPDevice.objects.get(user__username="tess", confirmed=False)
    page.get_by_label("6-digit code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    expect(page.get_by_role("heading", name="10 recovery codes, shown only now")).to_be_visible()
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.locator(".session-list li")).to_have_count(1)

    laptop.goto(f"{live_server.url}/clients/")
    expect(laptop.get_by_role("button", name="Sign in")).to_be_visible()  # that session ended

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill("calm-hips-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One more step")
    page.goto(f"{live_server.url}/clients/")
    expect(page.get_by_role("heading", level=1)).to_have_text("One more step")  # still blocked
    device.refresh_from_db()
    # The code used for set-up cannot be used again: the app's next code is already valid.
    page.get_by_label("6-digit code from your authenticator app").fill(current_code(device, 1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")
    assert errors == []
