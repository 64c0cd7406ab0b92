from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients import assigning, share_links
from clients.models import SessionLog
from routines.models import Stretch
from tests.browser.helpers import sign_in
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer


def test_six_good_sessions_then_one_click_and_the_clients_player_has_the_harder_stretch(
    live_server, browser, page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa)
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="kneeling-lunge")])
    today = timezone.localdate()
    assignment = assigning.assign(
        rosa, routine, weekdays=list(range(7)), starts_on=today - timedelta(days=20)
    )
    for day in range(1, 7):
        SessionLog.objects.create(
            assignment=assignment,
            client=rosa,
            session_date=today - timedelta(days=day),
            status="done",
            pain_before=4,
            pain_after=3,
        )
    link = share_links.issue_link(rosa)

    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    suggestion = page.locator(".progression-suggestion")
    expect(suggestion).to_contain_text("Ready for the next variation")
    expect(suggestion).to_contain_text("Kneeling lunge with overhead reach")
    suggestion.get_by_role("button", name="Swap in Kneeling lunge with overhead reach").click()
    expect(page.locator(".messages")).to_contain_text(
        "Swapped Kneeling lunge for Kneeling lunge with overhead reach"
    )
    expect(page.locator(".assignment__steps")).to_contain_text("Kneeling lunge with overhead reach")

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
