"""A studio in a real browser: the owner invites a trainer by email, the trainer signs up
through the invitation and gets a client; the owner finds that client on the practice
dashboard and moves them to themself; the client's link still opens, with the new name."""

import re

from playwright.sync_api import expect

from clients.models import Client
from tests.browser.helpers import collect_console_errors, sign_in, wait_for_htmx
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_intake, make_trainer


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
    tom.get_by_label("Your name").fill("Tom")
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
