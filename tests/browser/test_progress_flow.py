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
