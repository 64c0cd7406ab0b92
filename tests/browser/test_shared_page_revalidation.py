"""The client's page on a phone that has kept it: the link's service worker asks with the kept
copy's ETag, an unchanged page answers 304 without a body and the kept copy is shown; a change
is downloaded. The page is no-store, so this is the only copy on the phone (docs/security.md)."""

from django.utils import timezone
from playwright.sync_api import expect

from clients import session_logs
from clients.views import shared
from tests.browser.test_offline_flow import open_and_keep, phone, practice


def test_a_kept_page_is_revalidated_with_its_etag(live_server, browser, monkeypatch, today):
    answered = []

    class NotModified(shared.HttpResponseNotModified):
        def __init__(self, *args, **kwargs):
            answered.append(304)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(shared, "HttpResponseNotModified", NotModified)
    _, assignment, link = practice()
    context = phone(browser)
    url = f"{live_server.url}{link.get_absolute_url()}"
    client_page = open_and_keep(context, url)
    client_page.reload()  # through the worker: the server's page, kept with its ETag
    expect(client_page.get_by_role("heading", level=1)).to_have_text("Hi Rosa")
    assert answered == []

    client_page.reload()  # unchanged: 304, and the kept copy is shown
    expect(client_page.get_by_role("heading", level=1)).to_have_text("Hi Rosa")
    expect(client_page.locator(".session .log-form")).to_be_visible()
    assert answered == [304]

    session_logs.record_session(
        assignment, timezone.localdate(), 1, status="done", pain_before=5, pain_after=3
    )
    client_page.reload()  # changed: downloaded
    expect(client_page.locator(".session__done")).to_contain_text("Done: pain 5 before, 3 after.")
    assert answered == [304]
    context.close()
