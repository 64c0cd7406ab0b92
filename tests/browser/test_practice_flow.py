"""A studio in a real browser: the owner invites a trainer by email, the trainer signs up
through the invitation and gets a client; the owner finds that client on the practice
dashboard and moves them to themself; the client's link still opens, with the new name."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Client
from tests.browser.helpers import (
    assert_no_full_reload,
    collect_console_errors,
    mark_page,
    sign_in,
    wait_for_htmx,
)
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_trainer


def test_owner_invites_a_trainer_then_moves_their_client(live_server, browser, mailoutbox):
    make_trainer("olga", password="studio-owner-2026", first_name="Olga", last_name="Owner")
    owner_context = browser.new_context()
    page = owner_context.new_page()
    errors = collect_console_errors(page)
    sign_in(page, live_server, "olga", "studio-owner-2026")

    # The owner invites a trainer; a bad address is refused beside the field first (422).
    page.get_by_role("link", name="Olga Owner").click()
    page.get_by_role("link", name="Team and invitations").click()
    email = page.get_by_label("Trainer's email")
    email.fill("not an address")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("#field-email .errorlist")).to_contain_text("valid email")
    assert not mailoutbox
    errors.clear()  # the 422 above is the answer we wanted
    page.get_by_label("Trainer's email").fill("tom@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to tom@example.com")).to_be_visible()

    # The trainer opens the link from the mail and signs up through it.
    [mail] = mailoutbox
    link = next(line.strip() for line in mail.body.splitlines() if "/practice/join/" in line)
    trainer_context = browser.new_context()
    tom = trainer_context.new_page()
    tom.goto(link)
    expect(tom.get_by_role("heading", level=1)).to_contain_text("Join")
    tom.get_by_label("First name").fill("Tom")
    tom.get_by_label("Username").fill("tom")
    tom.get_by_label("Password", exact=True).fill("studio-trainer-2026")
    tom.get_by_label("Password confirmation").fill("studio-trainer-2026")
    tom.get_by_role("button", name="Create my account and join").click()
    expect(tom.get_by_role("heading", level=1)).to_contain_text("Good to see you, Tom")

    # Tom adds a client, who answers yes to a red flag at intake, and makes their link.
    tom.get_by_role("link", name="Add a client").click()
    tom.get_by_label("Name").fill("Alex Client")
    tom.get_by_role("button", name="Add client").click()
    expect(tom.get_by_role("heading", level=1)).to_contain_text("Alex")
    alex = Client.objects.get(name="Alex Client")
    make_intake(alex, red_flags=["cancer"])  # the intake form has its own browser test
    tom.goto(f"{live_server.url}{alex.get_absolute_url()}")
    tom.get_by_role("button", name="Create private link").click()
    share_url = tom.locator("#share-url").input_value()
    trainer_context.close()

    # The owner sees Alex on the practice dashboard, as Tom's client, and filters by Tom.
    page.goto(f"{live_server.url}/accounts/security/")
    page.get_by_role("link", name="Practice dashboard").click()
    item = page.locator(".queue__item", has_text="Alex Client")
    expect(item).to_contain_text("client of Tom")
    page.get_by_label("Trainer", exact=True).select_option(label="Tom")
    wait_for_htmx(page)
    expect(page).to_have_url(re.compile(r"trainer=\d+"))
    expect(page.locator("#practice-queue .queue__item")).to_have_count(1)

    # ... and moves Alex to themself.
    item.get_by_role("link", name="Alex Client").click()
    expect(page.get_by_text("Client of Tom")).to_be_visible()
    page.get_by_role("link", name="Move to another trainer").click()
    page.get_by_label("Move to").select_option(label="Olga Owner")
    page.get_by_role("button", name="Move Alex Client").click()
    expect(page.get_by_text("Alex Client moved from Tom to Olga Owner")).to_be_visible()
    expect(page.get_by_text("Client of Tom")).to_have_count(0)
    assert errors == []
    owner_context.close()

    # Alex's link still opens on their phone and names the new trainer.
    phone_context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    phone.goto(share_url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hi Alex")
    expect(phone.get_by_text("Your trainer: Olga Owner")).to_be_visible()
    phone_context.close()


def test_owner_pages_through_a_long_queue_of_one_trainer(live_server, page):
    """The practice dashboard shows the 20 most urgent items; the rest come a page at a time,
    for the trainer shown, without reloading the page."""
    olga = make_trainer("olga", password="studio-owner-2026", first_name="Olga")
    tom = make_trainer("tom", first_name="Tom", practice=olga.membership.practice)
    long_ago = timezone.localdate() - timedelta(days=100)
    for n in range(25):
        make_intake(make_client(tom, name=f"Quiet {n:02}"), assessed_on=long_ago)
    make_intake(make_client(olga, name="Own Client"), assessed_on=long_ago)
    errors = collect_console_errors(page)
    sign_in(page, live_server, "olga", "studio-owner-2026")
    page.goto(f"{live_server.url}/practice/")
    queue = page.locator("#practice-queue")
    expect(queue.locator(".queue__item")).to_have_count(20)
    expect(queue).to_contain_text("1–20 of 26")

    page.get_by_label("Trainer", exact=True).select_option(label="Tom")
    wait_for_htmx(page)
    expect(queue).to_contain_text("1–20 of 25")
    mark_page(page)
    page.get_by_role("link", name="Next 20").click()
    wait_for_htmx(page)
    expect(queue.locator(".queue__item")).to_have_count(5)
    expect(queue).to_contain_text("21–25 of 25")
    expect(queue).not_to_contain_text("Own Client")
    page.get_by_role("link", name="More urgent").click()
    wait_for_htmx(page)
    expect(queue.locator(".queue__item")).to_have_count(20)
    assert_no_full_reload(page)
    assert errors == []
