"""Stop rules in a real browser on a phone: pain 9 before the session shows the stop card and no
timer, and the trainer sees the alert."""

from playwright.sync_api import expect

from clients import assigning, share_links
from clients.models import Alert, SessionLog, TrainerPreference
from routines.models import Stretch
from tests.browser.helpers import sign_in
from tests.factories import make_client, make_intake, make_routine, make_trainer


def test_pain_9_before_shows_the_stop_card_no_timer_and_the_trainer_sees_the_alert(
    live_server, phone_page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    TrainerPreference.objects.create(
        trainer=trainer, contact_name="Tess Hill", contact_phone="07700 900123"
    )
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa, pain_average_week=3)
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    assignment = assigning.assign(rosa, routine, weekdays=list(range(7)))
    link = share_links.issue_link(rosa)

    page = phone_page
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    session = page.locator(".session")
    session.locator(".log-form__before").get_by_label("9", exact=True).click()
    session.get_by_role("button", name="Start session").click()

    stop = page.locator(".stop-card")
    expect(stop).to_be_visible()
    expect(stop).to_contain_text("Please do not start today")
    expect(stop).to_contain_text("Tell Tess Hill how you feel")
    expect(stop.get_by_role("link", name="07700 900123")).to_be_visible()
    expect(stop).to_contain_text("both legs")
    expect(page.locator(".player")).to_have_count(0)  # no timer anywhere on the page
    expect(page.get_by_role("button", name="Start session")).to_have_count(0)
    page.wait_for_timeout(500)
    expect(page.locator(".player__count")).to_have_count(0)
    log = SessionLog.objects.get(assignment=assignment)
    assert (log.status, log.pain_before) == ("skipped", 9)

    page.context.clear_cookies()
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    alerts = page.locator("#alerts")
    expect(alerts).to_contain_text("Pain of 7 or more")
    expect(alerts).to_contain_text("pain 9")
    alerts.get_by_role("button", name="Mark handled").click()  # one row: pain 9, 2 above usual
    expect(page.get_by_text("Marked as handled.")).to_be_visible()
    assert Alert.objects.filter(handled_at__isnull=False).count() == 2


def test_an_advanced_routine_is_refused_unlocked_in_one_click_then_assigned(
    live_server, phone_page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa)
    stretches = [Stretch.objects.get(slug=s) for s in ("pigeon-pose", "king-pigeon-pose")]
    make_routine(trainer, name="Deep hips", stretches=stretches)

    page = phone_page
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    expect(page.locator("#advanced")).to_contain_text("Advanced stretches (such as king pigeon)")
    page.get_by_label("Routine", exact=True).select_option(label="Deep hips")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("King pigeon pose is an advanced stretch")).to_be_visible()
    expect(page.locator(".assignment")).to_have_count(0)

    page.get_by_role("button", name="Unlock advanced stretches for Rosa Lind").click()
    expect(page.get_by_text("Advanced stretches unlocked for Rosa Lind.")).to_be_visible()
    expect(page.locator("#advanced")).to_contain_text("unlocked by Tess on")

    page.get_by_label("Routine", exact=True).select_option(label="Deep hips")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".assignment h3")).to_have_text("Deep hips")
    rosa.refresh_from_db()
    assert rosa.advanced_unlocked_by == trainer
