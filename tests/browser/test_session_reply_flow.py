from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients import assigning, share_links
from clients.models import SessionLog
from routines.models import Stretch
from tests.browser.helpers import sign_in, wait_for_htmx
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer


def test_the_trainer_replies_to_a_note_and_the_client_reads_it_on_their_page(
    live_server, browser, page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa)
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="kneeling-lunge")])
    assignment = assigning.assign(rosa, routine, weekdays=list(range(7)))
    SessionLog.objects.create(
        assignment=assignment,
        client=rosa,
        session_date=timezone.localdate() - timedelta(days=1),
        status="partly",
        note="The lunge pinched my knee",
    )
    link = share_links.issue_link(rosa)

    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    sessions = page.locator("#sessions")
    expect(sessions).to_contain_text("The lunge pinched my knee")
    sessions.locator("summary", has_text="Reply").click()  # the thread loads
    wait_for_htmx(page)
    expect(sessions.get_by_role("button", name="Send reply")).to_be_visible()
    sessions.get_by_role("button", name="Send reply").click()  # empty: refused beside the field
    expect(sessions.get_by_text("Write a reply first.")).to_be_visible()
    sessions.get_by_label("Your reply").fill("Put a folded towel under that knee.")
    sessions.get_by_role("button", name="Send reply").click()
    expect(sessions.get_by_role("status")).to_contain_text("Rosa Lind sees it on their page")
    expect(sessions).to_contain_text("Put a folded towel under that knee.")
    # htmx moves focus to the answer (autofocus) once the swap has settled.
    page.wait_for_function("document.activeElement !== document.body")

    phone = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    client_page = phone.new_page()
    client_page.goto(f"{live_server.url}{link.get_absolute_url()}")
    replies = client_page.get_by_role("region", name="From Tess")
    expect(replies).to_contain_text("Put a folded towel under that knee.")
    expect(replies).to_contain_text("The lunge pinched my knee")
    phone.close()
