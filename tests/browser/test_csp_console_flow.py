"""No console error and no Content-Security-Policy violation on the paths where htmx swaps in a
form with its errors (422) and then keeps working: the builder, the intake, a session reply.

htmx settles a swap by copying attributes from the old element to the new one; with "style"
among them it wrote style="" attributes, which the CSP (style-src-attr) refuses, once per swap.
templates/base.html's htmx-config leaves "style" out of attributesToSettle.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients import assigning
from clients.models import SessionLog
from routines.models import Stretch
from tests.browser.helpers import sign_in, wait_for_htmx
from tests.factories import make_client, make_intake, make_routine, make_trainer

# Every CSP violation the page sees, with what caused it (the console says less).
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const target = event.target && event.target.outerHTML ? event.target.outerHTML.slice(0, 80) : "";
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.sourceFile}:${event.lineNumber} ${target}`
  );
});
"""


# A form refused with 422 is expected; the browser logs its status as an error.
EXPECTED_422 = "the server responded with a status of 422"


def console_errors(page):
    errors = []

    def keep(message):
        if message.type == "error" and EXPECTED_422 not in message.text:
            errors.append(message.text)

    page.on("console", keep)
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    return errors


def touch_styles(page):
    """Give every element with an id a style attribute through the CSSOM, as a page script, an
    extension or the browser's autofill may (the CSP allows that). htmx's settle then copied
    the attribute onto the swapped-in element with setAttribute, which the CSP refuses."""
    page.evaluate(
        "document.querySelectorAll('main [id]').forEach((e) => e.style.setProperty('--seen', '1'))"
    )


def violations(page):
    return page.evaluate("window.__cspViolations || []")


def row(page, name):
    return page.locator("#step-list .step-row").filter(has=page.get_by_role("heading", name=name))


def test_builder_edits_after_a_refused_hold_raise_no_csp_violation(live_server, page):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    stretches = Stretch.objects.filter(slug__in=["kneeling-lunge", "pigeon-pose"]).order_by("name")
    routine = make_routine(trainer, name="Evening plan", stretches=list(stretches))
    errors = console_errors(page)
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}{routine.get_absolute_url()}")

    pigeon = row(page, "Pigeon pose")
    pigeon.get_by_role("button", name="Edit Pigeon pose").click()
    touch_styles(page)
    pigeon.get_by_label("Hold (s)").fill("0")
    pigeon.get_by_label("Hold (s)").press("Tab")
    expect(row(page, "Pigeon pose")).to_contain_text("Hold must be between 5 and 300.")
    touch_styles(page)
    # Further edits after the 422: each swaps the row again.
    row(page, "Pigeon pose").get_by_label("Hold (s)").fill("45")
    row(page, "Pigeon pose").get_by_label("Hold (s)").press("Tab")
    expect(row(page, "Pigeon pose").get_by_role("status")).to_contain_text("Saved")
    row(page, "Pigeon pose").get_by_label("Reps", exact=True).fill("3")
    row(page, "Pigeon pose").get_by_label("Reps", exact=True).press("Tab")
    wait_for_htmx(page)
    page.get_by_role("button", name="Move Pigeon pose up").click()
    wait_for_htmx(page)
    expect(page.locator("#step-list .step-row h3").first).to_have_text("Pigeon pose")

    assert violations(page) == []
    assert errors == []


def test_intake_refused_and_a_reply_sent_raise_no_csp_violation(live_server, page):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    tom = make_client(trainer, name="Tom Reyes")
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
    errors = console_errors(page)
    sign_in(page, live_server, "tess", "calm-hips-2026")

    # The intake, saved without consent: 422, then answered and refused again.
    page.goto(f"{live_server.url}/clients/{tom.pk}/intakes/new/")
    touch_styles(page)
    page.get_by_role("button", name="Save intake").click()
    expect(page.locator("#id_consent_live")).to_contain_text("consent")
    touch_styles(page)
    page.get_by_label("Pain now").fill("4")
    page.get_by_role("button", name="Save intake").click()
    expect(page.locator("#id_consent_live")).to_contain_text("consent")
    wait_for_htmx(page)

    # A reply: refused empty (422), then sent.
    page.goto(f"{live_server.url}{rosa.get_absolute_url()}")
    sessions = page.locator("#sessions")
    sessions.locator("summary", has_text="Reply").click()
    wait_for_htmx(page)
    touch_styles(page)
    sessions.get_by_role("button", name="Send reply").click()
    expect(sessions.get_by_text("Write a reply first.")).to_be_visible()
    touch_styles(page)
    sessions.get_by_label("Your reply").fill("Put a folded towel under that knee.")
    sessions.get_by_role("button", name="Send reply").click()
    expect(sessions.get_by_role("status")).to_contain_text("Rosa Lind sees it on their page")
    wait_for_htmx(page)

    assert violations(page) == []
    assert errors == []
