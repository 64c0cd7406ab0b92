from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Client, Intake
from tests.browser.helpers import assert_no_full_reload, collect_console_errors, mark_page, sign_in
from tests.factories import make_trainer


def test_trainer_screens_a_new_client_and_records_clearance(live_server, page):
    make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    errors = collect_console_errors(page)
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("Name").fill("Rosa Lind")
    page.get_by_label("Age band (if you do not know the birth date)").select_option("50_64")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back-pain intake: Rosa Lind")
    mark_page(page)

    # Ticking a flag shows the banner at once; an out-of-range answer is flagged beside its field.
    banner = page.locator("#red-flag-banner")
    expect(banner).to_be_empty()
    page.get_by_label("Has lost weight without trying").check()
    expect(banner).to_contain_text("Get checked before starting")
    page.get_by_label("New trouble passing urine, or not being able to hold urine or stool").check()
    expect(banner).to_contain_text("Urgent medical care now")
    expect(banner).to_contain_text("What to tell them")
    page.get_by_label(
        "New trouble passing urine, or not being able to hold urine or stool"
    ).uncheck()
    expect(banner).to_contain_text("Get checked before starting")
    expect(banner).not_to_contain_text("Urgent")
    page.get_by_label("Pain now").fill("12")
    page.get_by_label("Pain now").press("Tab")
    expect(page.locator("#id_pain_now_live")).to_contain_text("Pain must be between 0 and 10.")
    page.get_by_label("Pain now").fill("6")
    page.get_by_label("Pain now").press("Tab")
    expect(page.locator("#id_pain_now_live")).to_be_empty()

    # Saving without consent is refused (422) and keeps every answer.
    page.get_by_label("Average pain over the last week").fill("5")
    page.get_by_label("Worst pain over the last week").fill("8")
    page.get_by_label("6-12 weeks").check()
    page.get_by_label("Hours sitting on a workday").fill("9")
    page.get_by_label("Hours sitting on a day off").fill("4")
    page.get_by_label("Knee pain").check()
    page.get_by_role("button", name="Save intake").click()
    expect(page.locator("#id_consent_live")).to_contain_text("consent")
    # The emergency questions were left unanswered: never read as "no red flags".
    expect(page.locator("#id_emergency_flags_live")).to_contain_text("“None of these”")
    expect(page.locator("#field-emergency_flags")).not_to_contain_text("(optional)")
    expect(page.get_by_label("Hours sitting on a workday")).to_have_value("9")
    expect(page.get_by_label("Has lost weight without trying")).to_be_checked()
    assert_no_full_reload(page)
    assert not Intake.objects.exists()

    page.locator("#field-emergency_flags").get_by_label("None of these").check()
    page.get_by_label("The client agrees that their health information may be stored here").check()
    page.get_by_role("button", name="Save intake").click()

    # The client page shows the gate and what to say; clearance lifts it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Rosa Lind")
    expect(page.get_by_role("alert").filter(has_text="Get checked before starting")).to_be_visible()
    page.get_by_label("Date of clearance").fill("")
    page.get_by_role("button", name="Record clearance").click()
    expect(page.locator("#id_cleared_by_live")).to_contain_text("This field is required.")
    page.get_by_label("Cleared by").fill("Dr Moss, GP")
    page.get_by_label("Date of clearance").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record clearance").click()
    expect(page.get_by_text("Cleared by a clinician.")).to_be_visible()
    expect(page.get_by_text("Get checked before starting")).to_have_count(0)
    assert not Client.objects.get(name="Rosa Lind").safety.blocks_assigning
    unexpected = [e for e in errors if "422" not in e and "/intakes/" not in e]
    unexpected = [e for e in unexpected if "/clearance/" not in e]
    assert unexpected == []


def test_the_client_page_reads_well_on_a_phone(live_server, phone_page):
    from datetime import timedelta

    from tests.factories import make_client, make_intake

    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    client = make_client(trainer, name="Rosa Lind")
    for days_ago, pain in ((120, 8), (60, 6), (2, 3)):
        assessed_on = timezone.localdate() - timedelta(days=days_ago)
        make_intake(client, assessed_on=assessed_on, pain_now=pain)
    sign_in(phone_page, live_server, "tess", "calm-hips-2026")
    phone_page.goto(f"{live_server.url}{client.get_absolute_url()}")
    chart = phone_page.get_by_role(
        "img", name="Pain at each assessment: line chart, the same data is in the table below"
    )
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= 390
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.get_by_text("Show as a table").first.click()
    expect(phone_page.get_by_role("table", name="Pain at each assessment")).to_contain_text(
        f"{assessed_on:%d %b %Y}"
    )


def test_a_refused_intake_on_a_phone_brings_its_error_summary_into_view(live_server, phone_page):
    page = phone_page
    make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label("Name").fill("Tom Reyes")
    page.get_by_label("Age band (if you do not know the birth date)").select_option("50_64")
    page.get_by_role("button", name="Add client").click()
    added = page.locator(".messages").filter(has_text="Tom Reyes added")
    expect(added).to_be_visible()  # the one-time message, on the intake's first visit

    page.get_by_label("Pain now").fill("4")
    save = page.get_by_role("button", name="Save intake")
    save.scroll_into_view_if_needed()
    save.click()  # no consent: refused
    summary = page.get_by_role("alert").filter(has_text="Some answers need a look")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(added).to_have_count(0)  # not shown again above the errors
    expect(page.get_by_label("Pain now")).to_have_value("4")
