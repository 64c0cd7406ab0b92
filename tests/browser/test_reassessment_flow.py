"""A trainer follows "Time to re-assess" from the dashboard, fills the short re-assessment in on a
phone, and sees the goal chart and its table change on the client page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Intake
from tests.browser.axe import axe_violations
from tests.browser.helpers import collect_console_errors, sign_in
from tests.factories import make_client, make_intake, make_trainer


def test_trainer_re_assesses_from_the_queue_and_sees_the_goals_move(live_server, phone_page):
    page = phone_page
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    olga = make_client(trainer, name="Old Olga")
    earlier = timezone.localdate() - timedelta(weeks=7)
    make_intake(
        olga,
        assessed_on=earlier,
        pain_now=6,
        pain_average_week=5,
        pain_worst_week=8,
        goal_1="Sitting through a film",
        goal_1_score=3,
        goal_2="Lifting my daughter",
        goal_2_score=2,
    )
    errors = collect_console_errors(page)

    sign_in(page, live_server, "tess", "calm-hips-2026")
    queue = page.locator("#attention-queue")
    expect(queue).to_contain_text("Time to re-assess")
    queue.get_by_role("link", name="Short re-assessment of Old Olga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Short re-assessment: Old Olga")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []

    # Saved too soon: the missing answers are named beside their fields, nothing is saved.
    page.get_by_role("button", name="Save re-assessment").click()
    expect(page.locator("#field-new_warning_sign")).to_contain_text("Ask about the warning signs")
    expect(page.locator("#field-goal_1_score")).to_contain_text("Rate this activity from 0 to 10")
    assert Intake.objects.filter(client=olga).count() == 1
    errors.clear()  # the 422 above is the answer we wanted

    page.get_by_label("The client agrees").check()
    page.get_by_label("No, nothing new").check()
    page.get_by_label("Pain now").fill("3")
    page.get_by_label("Average pain over the last week").fill("3")
    page.get_by_label("Worst pain over the last week").fill("4")
    page.get_by_label("Sitting through a film").fill("7")
    page.get_by_label("Lifting my daughter").fill("5")
    page.get_by_role("button", name="Save re-assessment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Old Olga")
    expect(page.locator(".messages")).to_contain_text("Re-assessment saved.")
    trends = page.locator("#trends")
    chart = trends.locator("figure", has_text="Goals at each assessment, beside pain")
    expect(chart.locator("svg [data-series='goal-0'] circle")).to_have_count(2)
    chart.get_by_text("Show as a table").click()
    rows = chart.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_text(f"{earlier:%d %b %Y}326")
    expect(rows.nth(1)).to_have_text(f"{timezone.localdate():%d %b %Y}753")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The reason is gone from the queue.
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#attention-queue")).to_contain_text("Nobody needs you right now")
    assert errors == []


def test_a_new_warning_sign_opens_the_full_intake_with_nothing_saved(live_server, page):
    trainer = make_trainer("tess", password="calm-hips-2026")
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa, goal_1="Walking the dog", goal_1_score=4)
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    page.get_by_role("link", name="Short re-assessment").first.click()
    page.get_by_label("Yes, something new").check()
    page.get_by_role("button", name="Save re-assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-assess: Rosa Lind")
    expect(page.locator(".messages")).to_contain_text("Nothing was saved.")
    expect(page.get_by_text("Red flags: ask these first")).to_be_visible()
    assert Intake.objects.filter(client=rosa).count() == 1
