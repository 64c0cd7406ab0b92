"""The player's spoken cues and per-stretch feedback on a phone: the utterances follow the routine
(speech synthesis stubbed in the page), a stretch that hurt shows the stop card and reaches the
trainer by name, also from a log kept on the phone offline."""

from playwright.sync_api import expect

from clients.models import AssignedStep, SessionLog, StretchFeedback
from routines.models import Stretch
from tests.browser.helpers import sign_in
from tests.browser.test_offline_flow import WAITING, open_and_keep, phone
from tests.browser.test_player import _client_with

# The page's speech synthesis, replaced by a recorder before any script runs.
STUB_SPEECH = """(() => {
    window.__spoken = [];
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
    const record = (said) => window.__spoken.push({text: said.text, lang: said.lang});
    Object.defineProperty(window, "speechSynthesis", {
        configurable: true,
        value: { speak: record, cancel() {}, pause() {}, resume() {}, getVoices: () => [] },
    });
})();"""


# The question under each stretch's name, and the stop card's heading.
ASK, ASKED = "How does this stretch feel?", "How did this stretch feel?"
STOP = "Stop this stretch now"


def short_doses(assignment, sides):
    """Five-second holds, one repetition each, no rest: a routine a test can sit through."""
    for step, side in zip(assignment.steps.order_by("position"), sides, strict=True):
        step.sides, step.hold_seconds, step.repetitions, step.rest_seconds = side, 5, 1, 0
        step.save()


def start(session, pain="2"):
    session.locator(".log-form__before").get_by_label(pain, exact=True).click()
    session.get_by_role("button", name="Start session").click()


def test_spoken_cues_follow_the_routine_when_turned_on(live_server, phone_page):
    lunge, pigeon = (Stretch.objects.get(slug=s) for s in ("kneeling-lunge", "pigeon-pose"))
    _, _, assignment, link = _client_with([lunge, pigeon])
    short_doses(assignment, ["each_side", "left"])  # two-sided, then one side only
    page = phone_page
    page.add_init_script(STUB_SPEECH)
    url = f"{live_server.url}{link.get_absolute_url()}?speed=4"
    page.goto(url)
    toggle = page.get_by_label("Speak the cues aloud")
    expect(toggle).not_to_be_checked()  # off by default
    # Nothing heavier on a first visit: the cue code comes when it is needed.
    assert page.evaluate("!!document.querySelector('script[src*=coach]')") is False
    toggle.check()
    page.reload()
    expect(toggle).to_be_checked()  # remembered on the phone

    session = page.locator(".session")
    start(session)
    expect(session.locator(".log-form__after")).to_be_visible(timeout=30_000)
    spoken = page.evaluate("window.__spoken")
    countdown = ["three", "two", "one"]
    assert [said["text"] for said in spoken] == [
        lunge.name,
        "left side",
        *countdown,
        "switch sides",
        "right side",
        *countdown,
        pigeon.name,
        "left side",
        *countdown,
    ]
    # In the page's language.
    assert {said["lang"] for said in spoken} == {page.evaluate("document.documentElement.lang")}
    # The chime's visual twin is still there: the player showed every cue.
    expect(session.get_by_role("group", name=f"{pigeon.name}: {ASKED}")).to_be_visible()
    # The link's worker keeps the cue code for a session without signal.
    page.wait_for_function(
        """async () => {
            for (const name of await caches.keys()) {
                const kept = await (await caches.open(name)).keys();
                if (kept.some((request) => request.url.includes("/js/coach"))) return true;
            }
            return false;
        }""",
        timeout=15_000,
    )


def test_spoken_cues_stay_quiet_when_off(live_server, phone_page):
    _, _, assignment, link = _client_with([Stretch.objects.get(slug="supine-figure-4")])
    short_doses(assignment, ["both"])
    page = phone_page
    page.add_init_script(STUB_SPEECH)
    page.goto(f"{live_server.url}{link.get_absolute_url()}?speed=10")
    session = page.locator(".session")
    start(session)
    expect(session.locator(".log-form__after")).to_be_visible(timeout=30_000)
    assert page.evaluate("window.__spoken") == []
    # The feedback is there all the same (its code came with Start).
    expect(session.get_by_role("button", name="Felt right")).to_be_visible()


def test_a_stretch_that_hurt_is_skipped_and_the_trainer_sees_its_name(
    live_server, phone_page, page
):
    figure4, lunge = (Stretch.objects.get(slug=s) for s in ("supine-figure-4", "kneeling-lunge"))
    rosa, _, assignment, link = _client_with([figure4, lunge])
    short_doses(assignment, ["each_side", "each_side"])
    phone = phone_page
    phone.goto(f"{live_server.url}{link.get_absolute_url()}?speed=2")
    session = phone.locator(".session")
    start(session, pain="3")
    player = session.locator(".player")
    expect(player.locator(".player__name")).to_have_text(figure4.name)
    session.get_by_role("group", name=f"{figure4.name}: {ASK}").get_by_role(
        "button", name="Hurt"
    ).click()
    stop = session.get_by_role("alert").filter(has_text=STOP)
    expect(stop).to_be_visible()
    expect(stop).to_contain_text(figure4.name)
    expect(stop).to_have_class("alert alert--danger stop-card player-stop")  # the stop card's look
    expect(player.locator(".player__phase")).to_have_text("Paused")
    stop.get_by_role("button", name="Skip to the next stretch").click()
    expect(stop).to_be_hidden()
    expect(player.locator(".player__name")).to_have_text(lunge.name)
    session.get_by_role("button", name="Next stretch").click()  # done with the lunge
    session.get_by_role("group", name=f"{lunge.name}: {ASKED}").get_by_role(
        "button", name="Felt right"
    ).click()
    session.locator(".log-form__after").get_by_label("3", exact=True).click()
    session.get_by_role("button", name="Did part of it").click()
    expect(phone.locator(".session__done")).to_contain_text("Did part of it")

    log = SessionLog.objects.get(assignment=assignment)
    assert sorted(StretchFeedback.objects.values_list("position", "feeling")) == [
        (1, "hurt"),
        (2, "right"),
    ]
    assert log.feedback.count() == 2
    sign_in(page, live_server, "tess", "calm-hips-2026")
    expect(page.locator(".queue")).to_contain_text(f"{figure4.name} hurt")
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    expect(page.locator("#alerts")).to_contain_text(f"{figure4.name} hurt")
    step = AssignedStep.objects.get(assignment=assignment, position=1)
    expect(page.locator(f'[data-step-feedback="{step.position}"]')).to_contain_text("hurt 1×")


def test_a_hurt_ended_offline_reaches_the_trainer_when_the_phone_is_back(
    live_server, browser, page, today
):
    figure4, lunge = (Stretch.objects.get(slug=s) for s in ("supine-figure-4", "kneeling-lunge"))
    _, _, assignment, link = _client_with([figure4, lunge])
    short_doses(assignment, ["each_side", "each_side"])
    context = phone(browser)
    client_page = open_and_keep(context, f"{live_server.url}{link.get_absolute_url()}?speed=2")
    # The cue code is kept with the page before the phone goes down to the basement.
    client_page.wait_for_function(
        """async () => {
            for (const name of await caches.keys()) {
                const kept = await (await caches.open(name)).keys();
                if (kept.some((request) => request.url.includes("/js/coach"))) return true;
            }
            return false;
        }"""
    )
    context.set_offline(True)
    client_page.reload()
    session = client_page.locator(".session").first
    start(session, pain="3")
    group = session.get_by_role("group", name=f"{figure4.name}: {ASK}")
    group.get_by_role("button", name="Hurt").click()
    stop = session.get_by_role("alert").filter(has_text=STOP)
    stop.get_by_role("button", name="End the session").click()
    after = session.locator(".log-form__after")
    expect(after).to_be_visible()
    expect(stop).to_be_visible()  # still saying why, above the log
    after.get_by_label("4", exact=True).click()
    session.get_by_role("button", name="Did part of it").click()
    expect(session.locator(".session__waiting")).to_have_text(WAITING)
    assert not SessionLog.objects.exists()

    context.set_offline(False)
    client_page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(client_page.locator(".session__done")).to_contain_text("Did part of it")
    assert list(StretchFeedback.objects.values_list("position", "feeling")) == [(1, "hurt")]
    sign_in(page, live_server, "tess", "calm-hips-2026")
    expect(page.locator(".queue")).to_contain_text(f"{figure4.name} hurt")
    context.close()


def test_hurt_while_getting_ready_is_the_stretch_on_screen_and_skip_waits_for_resume(
    live_server, phone_page
):
    figure4, lunge, pigeon = (
        Stretch.objects.get(slug=s) for s in ("supine-figure-4", "kneeling-lunge", "pigeon-pose")
    )
    _, _, assignment, link = _client_with([figure4, lunge, pigeon])
    short_doses(assignment, ["both", "each_side", "each_side"])
    page = phone_page
    page.goto(f"{live_server.url}{link.get_absolute_url()}")  # real time: 10 s to get ready
    session = page.locator(".session")
    start(session, pain="3")
    player = session.locator(".player")
    session.get_by_role("group", name=f"{figure4.name}: {ASK}").get_by_role(
        "button", name="Felt right"
    ).click()
    session.get_by_role("button", name="Next stretch").click()
    # Getting into the lunge: the question is about the lunge, not the stretch just done.
    expect(player.locator(".player__name")).to_have_text(lunge.name)
    expect(player.locator(".player__phase")).to_have_text("Get ready")
    expect(session.get_by_role("group", name=f"{figure4.name}: {ASK}")).to_have_count(0)
    session.get_by_role("group", name=f"{lunge.name}: {ASK}").get_by_role(
        "button", name="Hurt"
    ).click()

    stop = session.get_by_role("alert").filter(has_text=STOP)
    expect(stop).to_be_focused()
    expect(stop).to_contain_text(lunge.name)
    for advice in (
        "Come out of the position slowly, then rest.",
        "If the pain eases within a minute or two, you may skip to the next stretch.",
        "If it stays, stop for today and tell your trainer.",
        "Get urgent medical care now if you notice",
        "Numbness or weakness in both legs",
    ):
        expect(stop).to_contain_text(advice)
    # Nothing carries on with the stretch that hurt.
    expect(player.locator(".player__phase")).to_have_text("Paused")
    expect(session.get_by_role("button", name="Resume", exact=True)).to_be_hidden()
    expect(session.get_by_role("button", name="Next stretch", exact=True)).to_be_hidden()

    stop.get_by_role("button", name="Skip to the next stretch").click()
    expect(stop).to_be_hidden()
    expect(player.locator(".player__name")).to_have_text(pigeon.name)
    # Pigeon waits for the client (it may carry the same caution): its timer starts on Resume.
    expect(player.locator(".player__phase")).to_have_text("Paused")
    count = player.locator(".player__count").text_content()
    page.wait_for_timeout(1500)
    expect(player.locator(".player__phase")).to_have_text("Paused")
    expect(player.locator(".player__count")).to_have_text(count)
    session.get_by_role("button", name="Resume").click()
    expect(player.locator(".player__phase")).to_have_text("Get ready")
    session.get_by_role("button", name="Next stretch").click()  # the last one: the end
    session.locator(".log-form__after").get_by_label("3", exact=True).click()
    session.get_by_role("button", name="Did part of it").click()
    expect(page.locator(".session__done")).to_contain_text("Did part of it")
    assert sorted(StretchFeedback.objects.values_list("position", "feeling")) == [
        (1, "right"),
        (2, "hurt"),
    ]


def test_ending_early_asks_only_about_the_last_stretch_reached(live_server, phone_page):
    figure4, lunge, pigeon = (
        Stretch.objects.get(slug=s) for s in ("supine-figure-4", "kneeling-lunge", "pigeon-pose")
    )
    _, _, assignment, link = _client_with([figure4, lunge, pigeon])
    short_doses(assignment, ["both", "each_side", "each_side"])
    page = phone_page
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    session = page.locator(".session")
    start(session, pain="3")
    session.get_by_role("button", name="Next stretch").click()
    session.get_by_role("group", name=f"{lunge.name}: {ASK}").get_by_role(
        "button", name="Hurt"
    ).click()
    session.get_by_role("alert").filter(has_text=STOP).get_by_role(
        "button", name="End the session"
    ).click()
    expect(session.locator(".log-form__after")).to_be_visible()
    # The question looks back at the lunge, where the session ended; pigeon was never reached.
    group = session.get_by_role("group", name=f"{lunge.name}: {ASKED}")
    expect(group).to_be_visible()
    expect(group.get_by_role("button", name="Hurt")).to_have_attribute("aria-pressed", "true")
    expect(session.locator(".player-feedback")).not_to_contain_text(pigeon.name)
    session.locator(".log-form__after").get_by_label("4", exact=True).click()
    session.get_by_role("button", name="Did part of it").click()
    expect(page.locator(".session__done")).to_contain_text("Did part of it")
    assert list(StretchFeedback.objects.values_list("position", "feeling")) == [(2, "hurt")]
