from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from routines.models import Stretch
from tests.browser.helpers import collect_console_errors
from tests.factories import current_code, make_trainer
from tests.images import photo_bytes


def test_editor_edits_a_stretch_and_uploads_a_photo_in_the_admin(live_server, page, tmp_path):
    make_trainer("editor", password="curate-2026-lib", is_staff=True, is_superuser=True)
    photo = tmp_path / "lunge.jpg"
    photo.write_bytes(photo_bytes("JPEG", (800, 600), gps=True))
    errors = collect_console_errors(page)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("curate-2026-lib")
    page.get_by_role("button", name="Log in").click()
    # Staff must set up two-factor sign-in before the admin opens.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)
    page.get_by_label("6-digit code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Turn on").click()
    page.get_by_role("link", name="I have saved them, continue").click()
    page.get_by_role("link", name="Stretches").click()
    page.get_by_role("link", name="Kneeling lunge", exact=True).click()

    page.get_by_label("Summary [en-gb]").fill("Kneel, tuck the pelvis, shift forward.")
    page.locator("input[type=file][name=photo]").set_input_files(str(photo))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    stretch = Stretch.objects.get(slug="kneeling-lunge")
    assert stretch.summary == "Kneel, tuck the pelvis, shift forward."
    assert stretch.photo.name.endswith(".webp")
    assert errors == []
