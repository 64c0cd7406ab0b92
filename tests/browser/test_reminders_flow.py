"""The client sets a reminder on their phone: the phone's own time zone is taken unless they
choose another."""

from playwright.sync_api import expect

from clients import assigning, share_links
from clients.models import ReminderPreference
from routines.models import Stretch
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer


def test_a_reminder_is_kept_in_the_phones_time_zone(live_server, browser):
    trainer = make_trainer("tess", password="calm-hips-2026")
    rosa = make_client(trainer, name="Rosa Lind", email="rosa@example.com")
    make_intake(rosa)
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    assigning.assign(rosa, routine, weekdays=list(range(7)))
    link = share_links.issue_link(rosa)
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, timezone_id="America/Chicago"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    card = page.locator("#reminder-card")
    zone = card.get_by_label("Time zone")
    expect(zone).to_have_value("America/Chicago")

    card.get_by_label("Email me a reminder").check()
    card.get_by_label("At", exact=True).fill("07:30")
    zone.fill("Chicago")  # not a zone name: refused beside the field, nothing saved
    card.get_by_role("button", name="Save reminder").click()
    expect(page.locator("#reminder-card")).to_contain_text("We do not know that time zone.")
    assert not ReminderPreference.objects.exists()

    page.locator("#reminder-card").get_by_label("Time zone").fill("America/Chicago")
    page.locator("#reminder-card").get_by_role("button", name="Save reminder").click()
    expect(page.locator(".saved-note")).to_have_text(
        "Saved. We will email you at 07:30 (America/Chicago)."
    )
    assert ReminderPreference.objects.get(client=rosa).time_zone == "America/Chicago"
    context.close()
