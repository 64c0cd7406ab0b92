from playwright.sync_api import expect

from clients.models import SessionLog
from routines.models import Stretch
from tests.browser.helpers import assert_no_full_reload, collect_console_errors, mark_page, sign_in
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer


def test_client_follows_the_routine_from_the_link_and_the_trainer_sees_it(
    live_server, browser, phone_page
):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    client = make_client(trainer, name="Rosa Lind")
    make_intake(client, pain_average_week=4)
    make_routine(
        trainer,
        name="Morning release",
        stretches=[
            Stretch.objects.get(slug="kneeling-lunge"),
            Stretch.objects.get(slug="pandiculation-march"),
        ],
    )

    # The trainer, on a phone, assigns the routine and copies the private link.
    trainer_page = phone_page
    trainer_page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(trainer_page, live_server, "tess", "calm-hips-2026")
    trainer_page.goto(f"{live_server.url}{client.get_absolute_url()}")
    trainer_page.get_by_label("Routine", exact=True).select_option(label="Morning release")
    trainer_page.get_by_role("button", name="Assign").click()
    expect(trainer_page.locator(".assignment h3")).to_have_text("Morning release")
    expect(trainer_page.locator('[data-adherence="7"]')).to_have_text("–")  # nothing due yet
    trainer_page.get_by_role("button", name="Create private link").click()
    trainer_page.get_by_role("button", name="Copy link").click()
    expect(trainer_page.get_by_role("button", name="Copied")).to_be_visible()
    link = trainer_page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(f"{live_server.url}/s/")

    # The client: another browser, no account, a phone. Timers run 100 times faster in tests.
    client_context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    page = client_context.new_page()
    errors = collect_console_errors(page)
    page.goto(f"{link}?speed=100")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Rosa")
    mark_page(page)
    session = page.locator(".session").first
    # The player announces every cue it enters; read what the client sees at that moment.
    page.evaluate(
        """() => {
            window.__phases = [];
            document.addEventListener("player:cue", (event) => {
                const player = event.target.querySelector(".player");
                const name = player.querySelector(".player__name").textContent;
                const phase = player.querySelector(".player__phase").textContent;
                const where = player.querySelector(".player__where").textContent;
                window.__phases.push(
                    phase === "Get ready" ? `${name}: ${phase}` : `${name}: ${phase} (${where})`
                );
            });
        }"""
    )
    before = session.locator(".log-form__before")
    expect(before).to_be_visible()
    expect(session.locator(".log-form__after")).to_be_hidden()
    before.get_by_label("4", exact=True).click()
    session.get_by_role("button", name="Start session").click()
    player = session.locator(".player")
    expect(player).to_be_visible()
    expect(player.locator(".player__name")).to_have_text("Kneeling lunge")
    after = session.locator(".log-form__after")
    expect(after).to_be_visible(timeout=15_000)
    expect(player).to_be_hidden()
    # The cues it went through, in order: ready, holds per side, side switch, march tempo.
    phases = page.evaluate("window.__phases")
    assert phases[:6] == [
        "Kneeling lunge: Get ready",
        "Kneeling lunge: Hold and breathe (Left back leg · 1 of 2)",
        "Kneeling lunge: Hold and breathe (Left back leg · 2 of 2)",
        "Kneeling lunge: Switch sides (Right back leg)",
        "Kneeling lunge: Hold and breathe (Right back leg · 1 of 2)",
        "Kneeling lunge: Hold and breathe (Right back leg · 2 of 2)",
    ]
    assert phases[6:10] == [
        "Pandiculation march: Get ready",
        "Pandiculation march: Contract slowly (Left lifting leg · 1 of 5)",
        "Pandiculation march: Release, slower still (Left lifting leg · 1 of 5)",
        "Pandiculation march: Rest (Left lifting leg · 1 of 5)",
    ]
    assert phases[10] == "Pandiculation march: Contract slowly (Right lifting leg · 1 of 5)"
    after.get_by_label("2", exact=True).click()
    session.get_by_role("button", name="Done").click()
    expect(page.locator(".session__done")).to_contain_text("Done: pain 4 before, 2 after.")
    assert_no_full_reload(page)
    assert errors == []
    log = SessionLog.objects.get(client=client)
    assert (log.status, log.pain_before, log.pain_after) == ("done", 4, 2)

    # The trainer sees the session and the adherence figure move.
    trainer_page.reload()
    expect(trainer_page.locator("#sessions")).to_contain_text("Done")
    expect(trainer_page.locator("#sessions")).to_contain_text("4 → 2")
    expect(trainer_page.locator('[data-adherence="7"]')).to_have_text("100%")
    client_context.close()


def test_the_page_works_without_javascript(live_server, browser):
    from clients import assigning, share_links

    trainer = make_trainer("tess")
    client = make_client(trainer, name="Rosa Lind")
    make_intake(client)
    client.refresh_from_db()
    routine = make_routine(
        trainer, name="Plain", stretches=[Stretch.objects.get(slug="supine-figure-4")]
    )
    assigning.assign(client, routine, weekdays=list(range(7)))
    link = share_links.issue_link(client)
    context = browser.new_context(viewport=PHONE_VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Supine figure-4")).to_be_visible()
    page.locator(".log-form__before").get_by_label("3", exact=True).click()
    page.locator(".log-form__after").get_by_label("2", exact=True).click()
    page.get_by_role("button", name="Did part of it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logged")
    expect(page.locator(".session__done")).to_contain_text(
        "Did part of it: pain 3 before, 2 after."
    )
    context.close()
