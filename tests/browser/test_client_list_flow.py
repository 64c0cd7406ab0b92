from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import make_client, make_intake, make_trainer


def test_on_a_phone_each_client_is_one_compact_row_and_the_headers_sort(live_server, phone_page):
    page = phone_page
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    for name, pain in (("Ada Long-Surname Example", 2), ("Bo", 8), ("Cy", 5)):
        make_intake(make_client(trainer, name=name), pain_now=pain)
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}/clients/")
    rows = page.locator(".client-row")
    expect(rows).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for index in range(3):
        box = rows.nth(index).bounding_box()
        assert box["height"] < 100, box  # the name, then the figures on one line
        assert box["width"] <= 390
    page.get_by_role("link", name="Latest pain").click()
    expect(page.get_by_role("columnheader", name="Latest pain")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(page.locator(".client-row th a")).to_have_text(["Bo", "Cy", "Ada Long-Surname Example"])
