"""The client sees their own progress on a phone, from their daily page, also without signal."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from clients import assigning, session_logs, share_links
from routines.models import Stretch
from tests.browser.test_offline_flow import open_and_keep, phone
from tests.factories import make_client, make_intake, make_routine, make_trainer

pytestmark = pytest.mark.browser


def test_a_client_opens_their_progress_on_a_phone_and_again_offline(live_server, browser, today):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa, goal_1="MARKER-GOAL")
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    plan = assigning.assign(
        rosa, routine, weekdays=list(range(7)), starts_on=today - timedelta(days=10)
    )
    for back, (before, after) in enumerate([(3, 1), (4, 2), (5, 3)], start=1):
        session_logs.record_session(
            plan,
            today - timedelta(days=back),
            1,
            status="done",
            pain_before=before,
            pain_after=after,
        )
    link = share_links.issue_link(rosa)
    context = phone(browser)
    page = open_and_keep(context, f"{live_server.url}{link.get_absolute_url()}")

    page.get_by_role("link", name="See my progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    expect(page.locator("[data-streak]")).to_have_text("3")
    expect(page.locator("td.plan-day--done")).to_have_count(3)
    expect(page.locator(".plan-day[aria-current=date]")).to_contain_text("planned today")
    chart = page.get_by_role("img", name="Pain before and after sessions", exact=False)
    expect(chart).to_be_visible()
    page.get_by_text("Show as a table").click()
    expect(page.locator(".chart__table tbody tr")).to_have_count(3)
    assert "MARKER-GOAL" not in page.content()
    # Fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Kept on the phone by the link's worker: it opens again in a basement.
    page.wait_for_function(
        """async () => {
            const manifest = document.querySelector('link[rel="manifest"]').href;
            const cache = await caches.open(`psoas-link:${new URL(".", manifest).pathname}`);
            return !!(await cache.match(location.pathname));
        }"""
    )
    context.set_offline(True)
    page.reload()
    expect(page.locator("[data-streak]")).to_have_text("3")
    context.close()


def test_a_new_clients_calendar_on_a_phone_starts_with_not_started_yet(live_server, browser, today):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa)
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    plan = assigning.assign(
        rosa, routine, weekdays=list(range(7)), sessions_per_day=3, starts_on=today
    )
    session_logs.record_session(plan, today, 1, status="done")
    session_logs.record_session(plan, today, 2, status="partly")
    link = share_links.issue_link(rosa)
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}{link.get_absolute_url()}progress/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    expect(page.locator("td.plan-day--rest")).to_have_count(0)
    before = page.locator("td.plan-day--before")
    expect(before).to_have_count(21 + today.weekday())
    expect(before.first).to_contain_text("not started yet")
    today_cell = page.locator(".plan-day[aria-current=date]")
    expect(today_cell.locator(".plan-day__mark")).to_have_text("2/3")
    expect(today_cell).to_contain_text("2 of 3 sessions done")
    legend = page.locator(".plan-legend")
    expect(legend).to_contain_text("◐ done in part")
    expect(legend).to_contain_text("1/2 sessions done of those planned")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # At 320 px the languages keep their distance from the brand (or take their own row).
    page.set_viewport_size({"width": 320, "height": 640})
    brand = page.locator(".shared-header__brand").bounding_box()
    languages = page.locator(".language-switch").bounding_box()
    beside = abs(brand["y"] - languages["y"]) < brand["height"] / 2
    assert not beside or languages["x"] - (brand["x"] + brand["width"]) >= 16
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
