from datetime import datetime, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients import assigning, session_logs, share_links
from routines.models import Stretch
from tests.browser.helpers import assert_no_full_reload, collect_console_errors, mark_page, sign_in
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer


def planned_client(trainer, name, **client_fields):
    client = make_client(trainer, name=name, **client_fields)
    make_intake(client, pain_average_week=3)
    client.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    return client, assigning.assign(client, routine, weekdays=list(range(7)))


def test_trainer_goes_from_the_queue_to_the_client_and_handles_the_alert(live_server, page):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    paula, plan = planned_client(trainer, "Pain Paula")
    session_logs.record_session(plan, timezone.localdate(), 1, status="done", pain_after=8)
    olga = make_client(trainer, name="Old Olga")
    make_intake(olga, assessed_on=timezone.localdate() - timedelta(days=100))
    rita = make_client(trainer, name="Refer Rita")
    make_intake(rita, red_flags=["weight_loss"])
    errors = collect_console_errors(page)

    sign_in(page, live_server, "tess", "calm-hips-2026")
    queue = page.locator("#attention-queue")
    expect(queue.locator(".queue__item")).to_have_count(3)
    expect(queue).to_contain_text("Pain alert")
    expect(queue).to_contain_text("Time to re-assess")

    # Red flags not cleared: no "Handled", a link to where the clearance is recorded.
    rita_item = queue.locator(".queue__item").filter(has_text="Refer Rita")
    expect(rita_item).to_contain_text("Red flags not cleared")
    expect(rita_item.get_by_role("button")).to_have_count(0)
    rita_item.get_by_role("link", name="Record clearance for Refer Rita").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer Rita")
    clearance = page.locator("#clearance-form")
    expect(clearance).to_be_in_viewport()
    clearance.get_by_label("Cleared by").fill("Dr Moss, GP")
    clearance.get_by_role("button", name="Record clearance").click()
    expect(page.get_by_text("Cleared by a clinician.")).to_be_visible()
    page.get_by_role("link", name="Dashboard").click()
    expect(queue.locator(".queue__item")).to_have_count(2)
    expect(queue).not_to_contain_text("Refer Rita")

    # Handled straight from the queue (HTMX, no reload).
    mark_page(page)
    page.get_by_role("button", name="Mark “Time to re-assess” handled for Old Olga").click()
    expect(queue.locator(".queue__item")).to_have_count(1)
    assert_no_full_reload(page)

    # Into the client, where the alert is marked handled; back on the dashboard it is gone.
    queue.get_by_role("link", name="Pain Paula").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pain Paula")
    alerts = page.locator("#alerts")
    expect(alerts).to_contain_text("Pain of 7 or more")
    expect(alerts).to_contain_text("Pain 2 or more above their usual")
    # One session's two pain alerts are one row: one click handles both.
    expect(page.locator("#alerts li")).to_have_count(1)
    alerts.get_by_role("button", name="Mark handled").click()
    expect(page.locator("#alerts")).to_have_count(0)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#attention-queue")).to_contain_text("Nobody needs you right now")
    assert paula.alerts.filter(handled_at__isnull=True).count() == 0
    page.get_by_role("link", name="Handled items").click()
    history = page.get_by_role("table", name="The last items marked handled")
    expect(history).to_contain_text("Old Olga")
    expect(history).to_contain_text("Pain of 7 or more")
    assert errors == []


def test_client_sets_a_reminder_and_gets_a_movement_break_nudge(live_server, browser):
    trainer = make_trainer("tess")
    rosa, _ = planned_client(trainer, "Rosa Lind", email="rosa@example.com")
    link = share_links.issue_link(rosa)
    context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    # The breaks below run from 00:00 to 23:59 on the phone's clock: start that clock at noon.
    context.clock.install(time=datetime.now().replace(hour=12, minute=0, second=0, microsecond=0))
    page = context.new_page()
    errors = collect_console_errors(page)
    page.goto(f"{live_server.url}{link.get_absolute_url()}?speed=600")
    mark_page(page)

    card = page.locator("#reminder-card")
    card.get_by_label("Email me a reminder").check()
    card.get_by_label("At", exact=True).fill("07:45")
    card.get_by_role("button", name="Save reminder").click()
    expect(page.locator("#reminder-card")).to_contain_text("We will email you at 07:45")
    assert rosa.reminder.enabled

    breaks = page.locator("#movement-breaks")
    breaks.get_by_label("From").fill("00:00")
    breaks.get_by_label("Until").fill("23:59")
    breaks.get_by_role("button", name="Start movement breaks").click()
    expect(breaks.locator(".breaks__status")).to_contain_text("Next break in")
    # 30 minutes at 600x speed: three seconds.
    expect(breaks.get_by_text("Time to stand up.")).to_be_visible(timeout=10_000)
    breaks.get_by_role("button", name="Done").click()
    expect(breaks.get_by_text("Time to stand up.")).to_be_hidden()
    assert_no_full_reload(page)
    page.reload()
    expect(page.locator("#movement-breaks .breaks__toggle")).to_have_text("Stop movement breaks")
    assert errors == []
    context.close()
