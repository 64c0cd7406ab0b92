"""Languages in a real browser: a client set to Spanish reads their page, the player's cues,
the stop card and the emergency signs in Spanish on a phone, and may switch; the trainer's pages
stay in English. The client's page mirrors for a right-to-left language without a CSS change."""

from playwright.sync_api import expect

from clients import assigning, share_links
from clients.models import TrainerPreference
from routines.models import Stretch
from tests.browser.helpers import collect_console_errors, sign_in
from tests.conftest import PHONE_VIEWPORT
from tests.factories import make_client, make_intake, make_routine, make_trainer

# What the player shows at each cue, recorded as it enters them (it announces "player:cue").
RECORD_CUES = """() => {
    window.__cues = [];
    document.addEventListener("player:cue", (event) => {
        const player = event.target.querySelector(".player");
        window.__cues.push([
            player.querySelector(".player__name").textContent,
            player.querySelector(".player__phase").textContent,
            player.querySelector(".player__where").textContent,
        ]);
    });
}"""


def spanish_client_with_a_routine():
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    TrainerPreference.objects.create(trainer=trainer, contact_name="Tess Hill")
    lucia = make_client(trainer, name="Lucía Ortega", language="es")
    make_intake(lucia, pain_average_week=3)
    lucia.refresh_from_db()
    routine = make_routine(
        trainer, name="Mañanas", stretches=[Stretch.objects.get(slug="kneeling-lunge")]
    )
    assigning.assign(lucia, routine, weekdays=list(range(7)), sessions_per_day=2)
    return lucia, share_links.issue_link(lucia)


def test_a_spanish_client_reads_page_player_stop_card_and_emergency_signs_in_spanish(
    live_server, browser
):
    lucia, link = spanish_client_with_a_routine()
    # The phone's browser asks for English: the trainer's choice for the client wins.
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    errors = collect_console_errors(page)
    page.goto(f"{live_server.url}{link.get_absolute_url()}?speed=100")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Lucía")
    expect(page.get_by_role("heading", name="Zancada con la rodilla apoyada")).to_be_visible()
    expect(page.locator(".sheet-step__dose")).to_have_text("30 s × 2 en cada lado")
    footer = page.locator(".shared-footer")
    expect(footer).to_contain_text("Busca atención médica urgente ahora si notas")
    expect(footer).to_contain_text("Entumecimiento o debilidad en las dos piernas")

    # The first session with the player: its cue words come from the page, in Spanish.
    page.evaluate(RECORD_CUES)
    first, second = page.locator(".session").all()
    first.locator(".log-form__before").get_by_label("3", exact=True).click()
    first.get_by_role("button", name="Empezar la sesión").click()
    expect(first.locator(".player__name")).to_have_text("Zancada con la rodilla apoyada")
    expect(first.locator(".log-form__after")).to_be_visible(timeout=15_000)
    cues = page.evaluate("window.__cues")
    assert cues[:3] == [
        ["Zancada con la rodilla apoyada", "Prepárate", "Izquierda: pierna de atrás"],
        [
            "Zancada con la rodilla apoyada",
            "Mantén la postura y respira",
            "Izquierda: pierna de atrás · 1 de 2",
        ],
        [
            "Zancada con la rodilla apoyada",
            "Mantén la postura y respira",
            "Izquierda: pierna de atrás · 2 de 2",
        ],
    ]
    assert ["Zancada con la rodilla apoyada", "Cambia de lado", "Derecha: pierna de atrás"] in cues
    # The question under the stretch's name, in Spanish, looking back once the session is over.
    expect(
        first.get_by_role(
            "group", name="Zancada con la rodilla apoyada: ¿Qué tal te ha ido este estiramiento?"
        )
    ).to_be_visible()
    first.get_by_role("button", name="Hecho").click()
    expect(first).to_contain_text("Gracias, Tess Hill lo verá.")

    # The second session: pain 9 before it shows the stop card, in Spanish.
    second.locator(".log-form__before").get_by_label("9", exact=True).click()
    second.get_by_role("button", name="Empezar la sesión").click()
    stop = page.locator(".stop-card")
    expect(stop).to_be_visible()
    expect(stop).to_contain_text("Por favor, hoy no empieces")
    # Tess shows no phone or email: the professional first, then "the usual way" (finding 7).
    expect(stop).to_contain_text("Si el dolor no se calma, o te preocupa, consulta a un médico")
    expect(stop).to_contain_text("Cuéntale a Tess Hill cómo estás, por la vía por la que soléis")
    expect(stop).to_contain_text("Busca atención médica urgente ahora si notas")
    expect(stop).to_contain_text("Dificultad nueva para orinar")
    expect(stop).to_contain_text("ve a urgencias")

    # The client switches to English; the phone remembers it for this link.
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Lucía")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Lucía")
    expect(page.locator(".session").nth(1)).to_contain_text("Skipped today.")
    expect(page.locator(".shared-footer")).to_contain_text("Get urgent medical care now")
    page.get_by_role("link", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Lucía")
    assert errors == []
    context.close()

    # The trainer, whose browser reads English, sees their pages in English.
    trainer_context = browser.new_context(viewport=PHONE_VIEWPORT, locale="en-GB")
    trainer_page = trainer_context.new_page()
    sign_in(trainer_page, live_server, "tess", "calm-hips-2026")
    trainer_page.goto(f"{live_server.url}{lucia.get_absolute_url()}")
    expect(trainer_page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(trainer_page.get_by_role("heading", level=1)).to_have_text("Lucía Ortega")
    expect(trainer_page.get_by_role("navigation", name="Main")).to_contain_text("Clients")
    trainer_context.close()


def test_the_client_page_mirrors_for_a_right_to_left_language_without_css_changes(
    live_server, phone_page
):
    _, link = spanish_client_with_a_routine()
    page = phone_page
    page.goto(f"{live_server.url}{link.get_absolute_url()}")
    width = page.viewport_size["width"]

    def layout():
        return page.evaluate(
            """() => {
                const box = (selector) => document.querySelector(selector).getBoundingClientRect();
                const stop = getComputedStyle(document.querySelector(".stop-if"));
                const list = getComputedStyle(document.querySelector(".emergency-signs ul"));
                return {
                    brand: box(".shared-header__brand").left,
                    brandRight: box(".shared-header__brand").right,
                    stopLeft: stop.borderLeftWidth, stopRight: stop.borderRightWidth,
                    listLeft: list.paddingLeft, listRight: list.paddingRight,
                    align: getComputedStyle(document.querySelector("h1")).textAlign,
                    headingLeft: box("h1").left,
                };
            }"""
        )

    ltr = layout()
    assert ltr["brand"] < width / 4 and ltr["stopLeft"] == "4px" and ltr["stopRight"] == "0px"
    assert ltr["listRight"] == "0px" and ltr["listLeft"] != "0px"

    # A right-to-left language only changes the dir attribute the base template writes.
    page.evaluate("document.documentElement.setAttribute('dir', 'rtl')")
    rtl = layout()
    assert rtl["brandRight"] > width * 3 / 4, "the brand moves to the right-hand side"
    assert (rtl["stopLeft"], rtl["stopRight"]) == ("0px", "4px"), "the stop bar moves right"
    assert (rtl["listLeft"], rtl["listRight"]) == ("0px", ltr["listLeft"])
