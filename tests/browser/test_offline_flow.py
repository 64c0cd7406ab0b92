"""The client's page in a basement: kept on the phone by the link's own service worker, a
session logged offline waits on the phone and reaches the server exactly once."""

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from clients import assigning, share_links
from clients.models import SessionLog
from routines.models import Stretch
from tests.browser.helpers import sign_in
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer

WAITING = "Saved on this phone. It will be sent when you are online."
CACHED = """async () => {
    const names = await caches.keys();
    const counts = {};
    for (const name of names) counts[name] = (await (await caches.open(name)).keys()).length;
    return counts;
}"""


def practice():
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa, pain_average_week=4)
    rosa.refresh_from_db()
    routine = make_routine(
        trainer, name="Morning release", stretches=[Stretch.objects.get(slug="supine-figure-4")]
    )
    assignment = assigning.assign(rosa, routine, weekdays=list(range(7)))
    return rosa, assignment, share_links.issue_link(rosa)


def phone(browser):
    """A phone whose clock and time zone are the server's (the run's clock may be moved)."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, timezone_id=settings.TIME_ZONE
    )
    context.clock.install(time=timezone.now())
    context.clock.resume()
    return context


def open_and_keep(context, url):
    """First visit: the page registers the link's worker, which keeps it for the next one."""
    page = context.new_page()
    page.goto(url)
    expect(page.locator(".kept-note")).to_be_visible()
    expect(page.locator(".kept-note")).to_contain_text("kept on this phone")
    return page


def log_offline(page, before="4", after="2"):
    session = page.locator(".session").first
    session.locator(".log-form__before").get_by_label(before, exact=True).click()
    session.get_by_role("button", name="Start session").click()
    session.get_by_role("button", name="Next stretch").click()
    session.locator(".log-form__after").get_by_label(after, exact=True).click()
    session.get_by_role("button", name="Done").click()
    expect(session.locator(".session__waiting")).to_have_text(WAITING)


def test_a_session_logged_in_a_basement_arrives_once_when_the_phone_is_online(
    live_server, browser, page, today
):
    rosa, _, link = practice()
    context = phone(browser)
    url = f"{live_server.url}{link.get_absolute_url()}"
    client_page = open_and_keep(context, f"{url}?speed=100")
    assert client_page.evaluate("navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    client_page.reload()  # from the phone: the network is gone
    expect(client_page.get_by_role("heading", level=1)).to_have_text("Hi Rosa")
    # The player still runs at test speed from the kept scripts.
    session = client_page.locator(".session").first
    session.locator(".log-form__before").get_by_label("4", exact=True).click()
    session.get_by_role("button", name="Start session").click()
    expect(session.locator(".player")).to_be_visible()
    expect(session.locator(".log-form__after")).to_be_visible()
    session.locator(".log-form__after").get_by_label("2", exact=True).click()
    session.get_by_role("button", name="Done").click()
    expect(session.locator(".session__waiting")).to_have_text(WAITING)
    assert not SessionLog.objects.exists()

    context.set_offline(False)
    expect(client_page.locator(".session__done")).to_contain_text("Done: pain 4 before, 2 after.")
    log = SessionLog.objects.get()
    assert (log.status, log.pain_before, log.pain_after) == ("done", 4, 2)
    assert log.session_date == today
    assert log.client_key is not None
    assert client_page.evaluate("LogQueue.all(location.pathname)") == []

    # The trainer's client page shows it.
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    expect(page.locator("#sessions")).to_contain_text("4 → 2")
    context.close()


def test_a_kept_log_sent_twice_and_from_two_tabs_is_one_session(live_server, browser):
    _, _, link = practice()
    context = phone(browser)
    url = f"{live_server.url}{link.get_absolute_url()}"
    first = open_and_keep(context, f"{url}?speed=100")
    context.set_offline(True)
    first.reload()
    log_offline(first)
    second = context.new_page()
    second.goto(url)  # offline too: from the phone, showing the same log waiting
    expect(second.locator(".session__waiting")).to_have_text(WAITING)
    kept = first.evaluate("LogQueue.all(location.pathname)")
    assert len(kept) == 1

    context.set_offline(False)
    # Both tabs send on "online"; and the same kept log is replayed twice more by hand.
    for tab in (first, second):
        expect(tab.locator(".session__done")).to_be_visible()
    statuses = first.evaluate(
        """async (entry) => {
            const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value;
            const statuses = [];
            for (const copy of [entry, entry]) {
                await LogQueue.keep(location.pathname, copy);
                statuses.push((await LogQueue.send(location.pathname, copy, token)).status);
            }
            return statuses;
        }""",
        kept[0],
    )
    assert statuses == [200, 200]
    assert SessionLog.objects.count() == 1
    assert str(SessionLog.objects.get().client_key) == kept[0]["key"]
    context.close()


def test_a_revoked_link_opened_online_is_deleted_from_the_phone(live_server, browser):
    rosa, _, link = practice()
    context = phone(browser)
    url = f"{live_server.url}{link.get_absolute_url()}"
    client_page = open_and_keep(context, url)
    kept = client_page.evaluate(CACHED)
    assert list(kept) == [f"psoas-link:{link.get_absolute_url()}"]
    assert kept[f"psoas-link:{link.get_absolute_url()}"] >= 4  # the page, its CSS, JS, drawing

    share_links.revoke_link(rosa)
    client_page.goto(url)
    expect(client_page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    assert client_page.evaluate(CACHED) == {}
    assert client_page.evaluate("navigator.serviceWorker.getRegistrations()") == []
    assert client_page.evaluate("indexedDB.databases()") == []
    context.close()


def test_two_links_on_one_phone_keep_nothing_in_common(live_server, browser):
    _, _, link = practice()
    trainer = make_trainer("omar", password="calm-hips-2026")
    other = make_client(trainer, name="Ben Ode")
    make_intake(other)
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="kneeling-lunge")])
    assigning.assign(other, routine, weekdays=list(range(7)))
    other_link = share_links.issue_link(other)
    context = phone(browser)
    open_and_keep(context, f"{live_server.url}{link.get_absolute_url()}")
    second = open_and_keep(context, f"{live_server.url}{other_link.get_absolute_url()}")
    scopes = second.evaluate(
        "async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope)"
    )
    assert sorted(scopes) == sorted(
        f"{live_server.url}{x.get_absolute_url()}" for x in (link, other_link)
    )
    assert sorted(second.evaluate(CACHED)) == sorted(
        f"psoas-link:{x.get_absolute_url()}" for x in (link, other_link)
    )
    context.close()


def test_the_page_is_installable_with_its_own_manifest_and_worker(live_server, browser):
    _, _, link = practice()
    context = phone(browser)
    client_page = open_and_keep(context, f"{live_server.url}{link.get_absolute_url()}")
    manifest = client_page.evaluate(
        """async () => {
            const href = document.querySelector('link[rel="manifest"]').href;
            const manifest = await (await fetch(href)).json();
            const icons = [];
            for (const icon of manifest.icons) {
                const response = await fetch(new URL(icon.src, href));
                const bitmap = await createImageBitmap(await response.blob());
                const type = response.headers.get("content-type");
                icons.push([icon.sizes, `${bitmap.width}x${bitmap.height}`, type]);
            }
            return {...manifest, loaded: icons};
        }"""
    )
    root = link.get_absolute_url()
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        root,
        root,
        "standalone",
    )
    assert manifest["name"] == "Rosa's stretches" and manifest["short_name"]
    assert ["192x192", "192x192", "image/png"] in manifest["loaded"]
    assert ["512x512", "512x512", "image/png"] in manifest["loaded"]
    maskable = [icon for icon in manifest["icons"] if icon.get("purpose") == "maskable"]
    assert [icon["sizes"] for icon in maskable] == ["512x512"]
    assert manifest["id"] == root and manifest["icons"][0]["src"].startswith("/static/")
    assert client_page.evaluate("navigator.serviceWorker.controller.scriptURL") == (
        f"{live_server.url}{root}sw.js"
    )
    # The worker controls the page and its scope is the link alone.
    assert (
        client_page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)")
        == f"{live_server.url}{root}"
    )
    cdp = context.new_cdp_session(client_page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito windows, where Chromium never offers to install.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == [], errors
    context.close()


def test_a_kept_log_asks_for_background_sync_and_the_workers_sync_sends_it(live_server, browser):
    """Chromium has Background Sync: keeping a log registers the "send-logs" tag, and the sync
    event (dispatched here through the DevTools protocol, as the browser does when the phone is
    back online) makes the link's worker send the queue with no page of the link open."""
    _, _, link = practice()
    root = link.get_absolute_url()
    context = phone(browser)
    client_page = open_and_keep(context, f"{live_server.url}{root}?speed=100")
    context.set_offline(True)
    client_page.reload()
    log_offline(client_page)
    tags = client_page.evaluate("async () => (await navigator.serviceWorker.ready).sync.getTags()")
    assert tags == ["send-logs"]
    client_page.close()  # no page of the link is left to send it on "online"
    context.set_offline(False)
    assert not SessionLog.objects.exists()

    other = context.new_page()  # the same origin, outside the link's scope
    other.goto(f"{live_server.url}/accounts/login/")
    cdp = context.new_cdp_session(other)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    other.wait_for_timeout(500)
    (registration,) = {
        r["registrationId"] for r in registrations if r["scopeURL"] == f"{live_server.url}{root}"
    }
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registration,
            "tag": "send-logs",
            "lastChance": False,
        },
    )
    other.wait_for_function(
        """async (root) => {
            const open = indexedDB.open(`psoas-logs:${root}`);
            const database = await new Promise((resolve) => {
                open.onsuccess = () => resolve(open.result);
            });
            const count = await new Promise((resolve) => {
                const request = database.transaction("logs").objectStore("logs").count();
                request.onsuccess = () => resolve(request.result);
            });
            database.close();
            return count === 0;
        }""",
        arg=root,
    )
    log = SessionLog.objects.get()
    assert (log.status, log.pain_before, log.pain_after) == ("done", 4, 2)
    context.close()
