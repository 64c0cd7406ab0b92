"""The trainer's header on a phone: every section of the main navigation in sight (none
scrolled out of view), the current one included, and the header short enough to leave the page
most of the screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import make_trainer


@pytest.mark.parametrize("width", [320, 390])
def test_every_tab_is_in_sight_on_a_phone(live_server, page, width):
    make_trainer("nadia", password="calm-hips-2026", first_name="Nadia-Alexandra Montgomery")
    page.set_viewport_size({"width": width, "height": 640})
    sign_in(page, live_server, "nadia", "calm-hips-2026")
    page.goto(f"{live_server.url}/library/")
    nav = page.get_by_role("navigation", name="Main")
    tabs = nav.get_by_role("link")
    expect(tabs).to_have_count(4)
    for tab in tabs.all():
        box = tab.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, tab.inner_text()
    expect(nav.get_by_role("link", name="Library")).to_have_attribute("aria-current", "page")
    # Nothing on the page scrolls sideways, and the header leaves the page the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 165, header
    if width >= 390:  # the four sections on one row
        assert len({round(tab.bounding_box()["y"]) for tab in tabs.all()}) == 1
    # The logo keeps its name for screen readers when its words are not shown.
    expect(page.get_by_role("link", name="Psoas Coach")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
