"""The attention queue closes the loop in the browser: the trainer answers a client's note in
place and the client reads it on their phone; one click on "ready for the next variation" puts
the harder stretch in the client's player."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients import assigning, session_logs, share_links
from clients.models import SessionReply
from routines.models import Stretch
from tests.browser.helpers import (
    assert_no_full_reload,
    collect_console_errors,
    mark_page,
    sign_in,
    wait_for_htmx,
)
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer


def planned(trainer, name="Rosa Lind"):
    client = make_client(trainer, name=name)
    make_intake(client)
    client.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="kneeling-lunge")])
    start = timezone.localdate() - timedelta(days=20)
    return client, assigning.assign(client, routine, weekdays=list(range(7)), starts_on=start)


def test_the_trainer_replies_from_the_queue_and_the_client_reads_it_on_their_phone(
    live_server, browser, page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa, plan = planned(trainer)
    yesterday = timezone.localdate() - timedelta(days=1)
    session_logs.record_session(
        plan, yesterday, 1, status="partly", note="The lunge pinched my knee"
    )
    link = share_links.issue_link(rosa)
    errors = collect_console_errors(page)

    sign_in(page, live_server, "tess", "calm-hips-2026")
    item = page.locator(".queue__item", has_text="Rosa Lind")
    expect(item).to_contain_text("Note from the client")
    expect(item).to_contain_text("The lunge pinched my knee")
    mark_page(page)
    item.locator("summary", has_text="Reply").click()
    item.get_by_role("button", name="Send reply").click()  # empty: refused beside the field
    expect(item.get_by_text("Write a reply first.")).to_be_visible()
    assert not SessionReply.objects.exists()
    item.get_by_label("Your reply").fill("Put a folded towel under that knee.")
    item.get_by_role("button", name="Send reply").click()
    wait_for_htmx(page)
    expect(item.get_by_role("status")).to_contain_text("Reply sent: Rosa Lind sees it")
    expect(item).to_contain_text("Put a folded towel under that knee.")
    assert_no_full_reload(page)
    assert page.evaluate("document.activeElement !== document.body")
    # Answered: on the next visit the note has left the queue.
    page.reload()
    expect(page.locator("#attention-queue")).not_to_contain_text("Note from the client")
    assert [e for e in errors if "422" not in e and "/replies/" not in e] == []

    phone = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    client_page = phone.new_page()
    client_page.goto(f"{live_server.url}{link.get_absolute_url()}")
    replies = client_page.get_by_role("region", name="From Tess")
    expect(replies).to_contain_text("Put a folded towel under that knee.")
    expect(replies).to_contain_text("The lunge pinched my knee")
    phone.close()


def test_one_click_in_the_queue_puts_the_harder_variation_in_the_clients_player(
    live_server, browser, page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa, plan = planned(trainer)
    for day in range(1, 7):
        session_logs.record_session(
            plan,
            timezone.localdate() - timedelta(days=day),
            1,
            status="done",
            pain_before=4,
            pain_after=3,
        )
    link = share_links.issue_link(rosa)

    sign_in(page, live_server, "tess", "calm-hips-2026")
    item = page.locator(".queue__item", has_text="Rosa Lind")
    expect(item).to_contain_text("Ready for the next variation")
    expect(item).to_contain_text("Kneeling lunge → Kneeling lunge with overhead reach")
    mark_page(page)
    item.get_by_role("button", name="Swap in Kneeling lunge with overhead reach").click()
    expect(page.locator("#queue-status")).to_contain_text(
        "Swapped Kneeling lunge for Kneeling lunge with overhead reach"
    )
    expect(page.locator("#attention-queue")).not_to_contain_text("Ready for the next variation")
    assert_no_full_reload(page)
    # The button went with the item: focus lands in the queue drawn again, not the page's top.
    page.wait_for_function(
        "document.activeElement !== document.body"
        " && !!document.activeElement.closest('#attention-queue')"
    )

    phone = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    client_page = phone.new_page()
    client_page.goto(f"{live_server.url}{link.get_absolute_url()}")
    session = client_page.locator(".session")
    session.locator(".log-form__before").get_by_label("2", exact=True).click()
    session.get_by_role("button", name="Start session").click()
    expect(session.locator(".player .player__name")).to_have_text(
        "Kneeling lunge with overhead reach"
    )
    phone.close()
