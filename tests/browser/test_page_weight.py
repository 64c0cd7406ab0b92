"""What a first visit costs over the wire: HTML, CSS and JS, gzip-compressed as whitenoise and
the proxy send them (images apart). The client's page must stay under 30 KB on a phone; trainer
pages under 60 KB."""

import gzip

from playwright.sync_api import expect

from clients import assigning, share_links
from routines.models import Stretch
from tests.browser.helpers import sign_in
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer

COUNTED = {"document", "stylesheet", "script"}


def weigh(page, path):
    """Visit `path` with an empty cache; the gzip size of every HTML, CSS and JS response."""
    sizes = {}

    def record(response):
        if response.request.resource_type in COUNTED and response.ok:
            sizes[response.url] = len(gzip.compress(response.body(), compresslevel=9))

    page.on("response", record)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    return sizes


def practice():
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa = make_client(trainer, name="Rosa Lind", email="rosa@example.com")
    make_intake(rosa)
    rosa.refresh_from_db()
    stretches = [
        Stretch.objects.get(slug=s)
        for s in (
            "kneeling-lunge",
            "pigeon-pose",
            "half-frog-pose",
            "pandiculation-march",
            "supine-figure-4",
        )
    ]
    routine = make_routine(trainer, name="Full session", stretches=stretches)
    assigning.assign(rosa, routine, weekdays=list(range(7)), sessions_per_day=2)
    return rosa, routine, share_links.issue_link(rosa)


def test_the_clients_page_weighs_under_30_kb(live_server, browser):
    _, _, link = practice()
    context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True)
    sizes = weigh(context.new_page(), f"{live_server.url}{link.get_absolute_url()}")
    total = sum(sizes.values())
    assert not any("htmx" in url for url in sizes), "the client's page needs no htmx"
    assert total < 30 * 1024, f"{total} bytes gzipped: {sizes}"
    context.close()


def test_trainer_pages_weigh_under_60_kb(live_server, page):
    rosa, routine, _ = practice()
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.context.clear_cookies()  # a first visit: sign in again with an empty cache
    sign_in(page, live_server, "tess", "calm-hips-2026")
    for path in ("/", rosa.get_absolute_url(), routine.get_absolute_url(), "/library/"):
        fresh = page.context.browser.new_context()
        fresh.add_cookies(page.context.cookies())
        visit = fresh.new_page()
        sizes = weigh(visit, f"{live_server.url}{path}")
        expect(visit.get_by_role("navigation", name="Main")).to_be_visible()
        total = sum(sizes.values())
        assert total < 60 * 1024, f"{path}: {total} bytes gzipped: {sizes}"
        fresh.close()
