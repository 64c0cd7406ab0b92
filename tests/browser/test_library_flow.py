import re

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_full_reload, collect_console_errors, mark_page, sign_in
from tests.factories import make_trainer


def test_trainer_searches_and_filters_the_library_without_reloading(live_server, page):
    make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    errors = collect_console_errors(page)
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.get_by_role("link", name="Library").click()
    results = page.locator("#stretch-results")
    expect(results).to_contain_text("12 stretches")
    mark_page(page)

    page.get_by_role("searchbox", name="Search").fill("pigeon")
    expect(results).to_contain_text("King pigeon pose")
    expect(results).not_to_contain_text("Kneeling lunge")
    expect(page).to_have_url(re.compile(r"q=pigeon"))

    page.get_by_role("searchbox", name="Search").fill("")
    expect(results).to_contain_text("12 stretches")
    page.get_by_label("Knee pain", exact=True).check()
    expect(results).not_to_contain_text("Kneeling lunge")
    expect(results).to_contain_text("Pandiculation march")
    expect(page).to_have_url(re.compile(r"hide_tagged=knee"))

    page.get_by_label("Difficulty").select_option("restorative")
    expect(results).to_contain_text("2 stretches")
    assert_no_full_reload(page)

    page.get_by_role("link", name="Pandiculation march").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pandiculation march")
    expect(page.get_by_role("link", name="Seated or lying pandiculation")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"difficulty=restorative"))
    expect(page.locator("#stretch-results")).to_contain_text("2 stretches")
    assert errors == []


def test_shared_filter_link_opens_the_filtered_library(live_server, page):
    make_trainer("tess", password="calm-hips-2026")
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}/library/?difficulty=advanced")
    expect(page.locator("#stretch-results")).to_contain_text("1 stretch")
    expect(page.get_by_label("Difficulty")).to_have_value("advanced")
