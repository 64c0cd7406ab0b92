"""A new emergency sign after a session, on a phone and on the trainer's screen (review findings
1 and 2): the urgent-care card, no Start after a reload, the red banner above the earlier
clearance, assigning blocked, "Mark handled" with a note, a new clearance, then Start again."""

from django.utils import timezone
from playwright.sync_api import expect

from clients import assigning, share_links
from clients.models import Alert, MedicalClearance, TrainerPreference
from routines.models import Stretch
from tests.browser.helpers import collect_console_errors, sign_in
from tests.factories import make_client, make_intake, make_routine, make_trainer


def test_a_red_flag_after_a_session_stops_the_client_until_a_clearance_is_recorded(
    live_server, phone_page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    TrainerPreference.objects.create(
        trainer=trainer, contact_name="Tess Hill", contact_phone="07700 900123"
    )
    rosa = make_client(trainer, name="Rosa Lind")
    intake = make_intake(rosa, pain_average_week=3, red_flags=["fever"])
    MedicalClearance.objects.create(
        intake=intake, cleared_by="Dr Lee", cleared_on=timezone.localdate()
    )
    rosa.refresh_from_db()
    routine = make_routine(
        trainer, name="Desk reset", stretches=[Stretch.objects.get(slug="supine-figure-4")]
    )
    assigning.assign(rosa, routine, weekdays=list(range(7)), sessions_per_day=2)
    link = share_links.issue_link(rosa)
    page = phone_page
    errors = collect_console_errors(page)

    # The client logs the first session without the timer and ticks the red-flag box.
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    first = page.locator(".session").first
    first.get_by_role("button", name="Log it without the timer").click()
    first.locator(".log-form__before").get_by_label("2", exact=True).click()
    first.locator(".log-form__after").get_by_label("2", exact=True).click()
    first.get_by_label("Yes, I have noticed one of these").check()
    first.get_by_role("button", name="Did part of it").click()
    card = page.locator(".urgent-card")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading")).to_have_text("Get urgent medical care now")
    expect(card).to_contain_text("Go to an emergency department or call your local emergency")
    expect(card).to_contain_text("Do not do any more stretches until a doctor has seen you.")
    expect(card.get_by_role("link", name="07700 900123")).to_be_visible()
    expect(page.get_by_text("Please stop for now")).to_have_count(0)

    # A reload: the card in place of the sessions, and nothing to start.
    page.reload()
    expect(page.locator(".urgent-card")).to_contain_text("you told us about a sign")
    expect(page.get_by_role("button", name="Start session")).to_have_count(0)
    expect(page.locator(".player")).to_have_count(0)

    # The trainer: the red banner above the earlier clearance, assigning blocked.
    trainer_page = page.context.browser.new_page(viewport={"width": 1280, "height": 800})
    sign_in(trainer_page, live_server, "tess", "calm-hips-2026")
    trainer_page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    banner = trainer_page.locator(".new-red-flag")
    expect(banner).to_contain_text("New red-flag symptom reported on")
    expect(banner).to_contain_text("after a clearance")
    trainer_page.get_by_text("Assign a routine").click()
    expect(trainer_page.get_by_text("Blocked: new red-flag symptom.")).to_be_visible()
    expect(trainer_page.get_by_role("button", name="Assign")).to_be_disabled()

    # "Mark handled" needs a note of what was done.
    alerts = trainer_page.locator("#alerts")
    alerts.get_by_role("button", name="Mark handled").click()
    expect(trainer_page.locator("#alerts")).to_contain_text("Write what was done")
    assert Alert.objects.get(kind="red_flag").handled_at is None
    trainer_page.get_by_label("What was done").fill("Phoned Rosa; seen at the ED, all clear.")
    trainer_page.locator("#alerts").get_by_role("button", name="Mark handled").click()
    expect(trainer_page.get_by_text("Marked as handled.")).to_be_visible()
    # The client is still told to get care first: handled is not cleared.
    page.reload()
    expect(page.locator(".urgent-card")).to_be_visible()
    expect(page.get_by_role("button", name="Start session")).to_have_count(0)
    # Still blocked until a clinician's clearance is recorded for the new symptom.
    trainer_page.get_by_text("Assign a routine").click()
    expect(trainer_page.get_by_role("button", name="Assign")).to_be_disabled()
    clearance = trainer_page.locator("#report-clearance-form")
    clearance.get_by_label("Cleared by").fill("Dr Moss, emergency department")
    clearance.get_by_role("button", name="Record clearance").click()
    expect(trainer_page.get_by_text("Clearance recorded.")).to_be_visible()
    expect(trainer_page.locator(".new-red-flag")).to_have_count(0)
    trainer_page.get_by_text("Assign a routine").click()
    expect(trainer_page.get_by_role("button", name="Assign")).to_be_enabled()
    trainer_page.close()

    # The client can start the second session again.
    page.reload()
    expect(page.locator(".urgent-card")).to_have_count(0)
    expect(page.get_by_role("button", name="Start session")).to_be_visible()
    assert [e for e in errors if "422" not in e] == []


def test_a_red_flag_ticked_offline_shows_the_urgent_advice_at_once_then_the_servers_card(
    live_server, browser
):
    from tests.browser.test_offline_flow import open_and_keep, phone, practice

    _, _, link = practice()
    context = phone(browser)
    url = f"{live_server.url}{link.get_absolute_url()}"
    client_page = open_and_keep(context, url)
    context.set_offline(True)
    client_page.reload()
    session = client_page.locator(".session").first
    session.get_by_role("button", name="Log it without the timer").click()
    session.locator(".log-form__before").get_by_label("2", exact=True).click()
    session.locator(".log-form__after").get_by_label("2", exact=True).click()
    session.get_by_label("Yes, I have noticed one of these").check()
    session.get_by_role("button", name="Done").click()
    waiting = session.locator(".session__waiting")
    expect(waiting).to_contain_text("Stop now and get urgent care: go to an emergency department")
    expect(waiting).to_contain_text("Saved on this phone.")
    context.set_offline(False)
    expect(client_page.locator(".urgent-card")).to_contain_text("Do not do any more stretches")
    assert Alert.objects.filter(kind="red_flag").count() == 1
    context.close()
