"""The compact builder: one line per step, keyboard only from add to undo, 320 px wide, axe."""

from playwright.sync_api import expect

from routines.models import Routine, Stretch
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.factories import make_routine, make_trainer

NARROW = {"width": 320, "height": 640}


def row(page, name):
    return page.locator("#step-list .step-row").filter(has=page.get_by_role("heading", name=name))


def open_builder(live_server, page, slugs=("kneeling-lunge", "half-frog-pose")):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    stretches = [Stretch.objects.get(slug=slug, owner=None) for slug in slugs]
    routine = make_routine(trainer, name="Desk reset", stretches=stretches)
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{routine.get_absolute_url()}")
    expect(page.locator("#step-list .step-row")).to_have_count(len(slugs))
    return routine


def assert_focus_kept(page):
    assert page.evaluate("document.activeElement && document.activeElement !== document.body")


def test_keyboard_only_add_edit_move_remove_and_undo_never_drop_focus(live_server, page):
    page.set_viewport_size(NARROW)
    routine = open_builder(live_server, page)

    # Add: from the search box to the result's Add button with Tab, then Enter.
    page.get_by_role("searchbox", name="Search stretches").focus()
    page.keyboard.type("pigeon pose")
    add = page.get_by_role("button", name="Add Pigeon pose", exact=True)
    expect(page.locator("#library-results li")).to_have_count(3)  # king pigeon, pigeon, ...
    for _ in range(8):  # each result: its page link, then its Add button
        page.keyboard.press("Tab")
        if add.evaluate("button => button === document.activeElement"):
            break
    expect(add).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#step-list .step-row")).to_have_count(3)
    pigeon_edit = row(page, "Pigeon pose").get_by_role("button", name="Edit Pigeon pose")
    expect(pigeon_edit).to_be_focused()  # focus moved to the new row
    expect(page.locator("#routine-summary")).to_contain_text("3 stretches")

    # Edit: Enter opens the dose, Tab reaches the hold, a change saves and updates the line.
    page.keyboard.press("Enter")
    expect(pigeon_edit).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")  # Move up
    page.keyboard.press("Tab")  # Move down is disabled (last): Remove
    page.keyboard.press("Tab")  # Hold
    expect(row(page, "Pigeon pose").get_by_label("Hold (s)")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    expect(row(page, "Pigeon pose").get_by_label("Hold (s)")).to_have_value("45")
    page.keyboard.press("Tab")
    expect(row(page, "Pigeon pose").get_by_role("status")).to_contain_text("Saved")
    expect(row(page, "Pigeon pose").locator(".step-row__dose")).to_contain_text("45 s")
    assert_focus_kept(page)

    # Move up twice: focus follows the step.
    page.get_by_role("button", name="Move Pigeon pose up").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#step-list .step-row h3").nth(1)).to_have_text("Pigeon pose")
    expect(page.get_by_role("button", name="Move Pigeon pose up")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#step-list .step-row h3").first).to_have_text("Pigeon pose")
    expect(page.get_by_role("button", name="Move Pigeon pose down")).to_be_focused()
    # The step being edited stayed open through the redraws.
    expect(row(page, "Pigeon pose").get_by_label("Hold (s)")).to_be_visible()

    # Remove: Undo appears where the step was and takes focus; Enter puts it back.
    page.keyboard.press("Tab")  # from Move down to Remove
    expect(page.get_by_role("button", name="Remove Pigeon pose")).to_be_focused()
    page.keyboard.press("Enter")
    undo = page.get_by_role("button", name="Undo removing Pigeon pose")
    expect(undo).to_be_focused()
    expect(page.locator("#step-list > li").first).to_contain_text("Removed “Pigeon pose”.")
    expect(page.locator("#routine-summary")).to_contain_text("2 stretches")
    page.keyboard.press("Enter")
    expect(page.locator("#step-list .step-row h3")).to_have_text(
        ["Pigeon pose", "Kneeling lunge", "Half frog pose"]
    )
    expect(row(page, "Pigeon pose").get_by_role("button", name="Edit Pigeon pose")).to_be_focused()
    assert_focus_kept(page)
    first = Routine.objects.get(pk=routine.pk).steps.select_related("stretch").get(position=1)
    assert (first.stretch.slug, first.hold_seconds) == ("pigeon-pose", 45)


def test_the_builder_reflows_at_320_px_with_every_step_open(live_server, page):
    page.set_viewport_size(NARROW)
    open_builder(live_server, page, ("pandiculation-march", "kneeling-lunge", "pigeon-pose"))
    for toggle in page.locator("[data-step-toggle]").all():
        toggle.click()
    for notes in page.locator(".dose-form__notes > summary").all():
        notes.click()
    expect(page.get_by_label("Note for the client").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # The total time stays in view at the bottom of the page.
    page.keyboard.press("End")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    summary = page.locator("#routine-summary").bounding_box()
    assert summary["y"] >= 0 and summary["y"] + summary["height"] <= 640


def test_the_builder_passes_an_axe_run(live_server, page):
    open_builder(live_server, page, ("pandiculation-march", "kneeling-lunge"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Edit Kneeling lunge").click()
    page.get_by_role("button", name="Remove Pandiculation march").click()
    expect(page.get_by_role("button", name="Undo removing Pandiculation march")).to_be_focused()
    assert axe_violations(page) == []


def test_focus_stays_where_the_keyboard_moved_it_on_a_slow_phone(live_server, page):
    """A busy phone runs timers late. The new step's Edit button takes focus in the swap itself:
    a focus step 20 ms later (htmx's default settle) came after the keys had moved on, and pulled
    focus back from the hold field, so what was typed next went nowhere (a lost dose change)."""
    page.set_viewport_size(NARROW)
    open_builder(live_server, page)
    page.evaluate(
        """() => {
          const setTimeoutAsUsual = window.setTimeout;
          window.setTimeout = (callback, delay, ...rest) =>
            setTimeoutAsUsual(callback, (delay || 0) + 400, ...rest);
        }"""
    )
    page.get_by_role("button", name="Add Pigeon pose", exact=True).click()
    pigeon_edit = row(page, "Pigeon pose").get_by_role("button", name="Edit Pigeon pose")
    expect(pigeon_edit).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(3):  # Move up, Remove, Hold
        page.keyboard.press("Tab")
    hold = row(page, "Pigeon pose").get_by_label("Hold (s)")
    expect(hold).to_be_focused()
    page.wait_for_timeout(800)  # every late timer has run
    expect(hold).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    expect(hold).to_have_value("45")
